"""Fixtures of the sign-in tests: a clean cache (the login counters live there), a real
OpenID Connect provider on loopback (oidc-provider-mock, started by the tests), and a
SAML identity provider whose metadata is served on loopback (tests/identity/saml_idp.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.core.cache import cache

from tests.identity.saml_idp import ENTITY_ID, SamlIdP, make_key_pair
from whitecoat.identity.models import RoleMappingRule
from whitecoat.organizations.enums import Role

OIDC_PROVIDER_ID = "hospital-oidc"
SAML_PROVIDER_ID = "hospital-saml"
SAML_ORG = "hospital"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def oidc_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real OpenID Connect provider (authlib on werkzeug) in a thread on a loopback port."""
    from oidc_provider_mock import run_server_in_thread

    # The provider speaks plain HTTP on loopback; authlib refuses that unless told.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with run_server_in_thread() as server:
        server.base_url = f"http://localhost:{server.server_port}"
        yield server


@pytest.fixture
def oidc_app(db: None, roles: None, oidc_server: Any) -> SocialApp:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=OIDC_PROVIDER_ID,
        name="Hospital SSO",
        client_id="whitecoat",
        secret="client-secret",
        settings={"server_url": oidc_server.base_url},
    )
    RoleMappingRule.objects.create(
        provider=OIDC_PROVIDER_ID,
        claim="groups",
        value="SocialMedia-Admins",
        role=Role.PROGRAM_ADMIN,
    )
    RoleMappingRule.objects.create(
        provider=OIDC_PROVIDER_ID, claim="groups", value="Executives", role=Role.LEADERSHIP
    )
    return app


@pytest.fixture
def saml_idp() -> SamlIdP:
    return SamlIdP(keys=make_key_pair())


@pytest.fixture
def saml_app(db: None, roles: None, saml_idp: SamlIdP, httpserver: Any) -> SocialApp:
    """The SAML application, reading the test IdP's metadata over HTTP on loopback."""
    httpserver.expect_request("/saml/metadata").respond_with_data(
        saml_idp.metadata(), content_type="application/samlmetadata+xml"
    )
    app = SocialApp.objects.create(
        provider="saml",
        provider_id=SAML_PROVIDER_ID,
        name="Hospital SAML",
        client_id=SAML_ORG,
        settings={
            "idp": {"entity_id": ENTITY_ID, "metadata_url": httpserver.url_for("/saml/metadata")},
            "attribute_mapping": {
                "uid": "uid",
                "email": "mail",
                "username": "uid",
                "first_name": "givenName",
                "last_name": "sn",
            },
            "advanced": {"want_assertion_signed": True},
        },
    )
    RoleMappingRule.objects.create(
        provider=SAML_PROVIDER_ID,
        claim="memberOf",
        value="cn=nominators,ou=groups",
        role=Role.NOMINATOR,
    )
    return app
