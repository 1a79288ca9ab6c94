"""Factories for the connector models (tokens go through the encrypted fields)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from tests.factories import EntityFactory, SocialAccountFactory
from whitecoat.connectors.enums import AuthKind
from whitecoat.connectors.models import Connection, PlatformApp
from whitecoat.metrics.enums import MetricSource
from whitecoat.metrics.models import Post


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


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    account = factory.SubFactory(SocialAccountFactory)
    platform_post_id = factory.Sequence(lambda n: f"post-{n}")
    text = factory.Sequence(lambda n: f"Post number {n}")
    published_at = factory.Sequence(
        lambda n: dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC) + dt.timedelta(hours=n)
    )
    source = MetricSource.API
    collected_at = factory.LazyFunction(timezone.now)
