"""Factories for the connector models (tokens go through the encrypted fields)."""

from __future__ import annotations

import factory

from tests.factories import EntityFactory, SocialAccountFactory
from whitecoat.connectors.enums import AuthKind
from whitecoat.connectors.models import Connection, PlatformApp


class PlatformAppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformApp

    organization = factory.SubFactory(EntityFactory)
    platform = "x"
    client_id = "client-id"
    client_secret = "client-secret"


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    account = factory.SubFactory(SocialAccountFactory)
    auth = AuthKind.OAUTH
    platform_user_id = "1500000000000000001"
    access_token = "test-access-token"
    refresh_token = "test-refresh-token"
