"""Single sign-on with SAML 2.0: the service provider (allauth + python3-saml) against the
test identity provider in saml_idp.py. The browser's part is played by the test client:
WhiteCoat redirects to the IdP with an AuthnRequest, the IdP posts a signed Response to
the assertion consumer service (ACS). Forged, misaddressed or stale responses log no one in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.identity.conftest import SAML_ORG
from tests.identity.saml_idp import AuthnRequest, SamlIdP, make_key_pair
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_roles

pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utc:DeprecationWarning")

NOMINATOR_GROUP = "cn=nominators,ou=groups"


HOST = "whitecoat.hospital.test"


@pytest.fixture
def client(client: Any, settings: Any) -> Any:
    # Browsers always send Host; python3-saml builds the URLs it checks from it (and wants
    # a dotted domain name, which the test client's "testserver" is not).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    client.defaults["HTTP_HOST"] = HOST
    return client


def saml_start(client: Any, idp: SamlIdP) -> AuthnRequest:
    response = client.post(reverse("saml_login", args=[SAML_ORG]), {"process": "login"})
    assert response.status_code == 302, response.content
    return idp.read_request(response["Location"])


def saml_post(client: Any, request: AuthnRequest, saml_response: str) -> Any:
    assert request.acs_url == f"http://{HOST}" + reverse("saml_acs", args=[SAML_ORG])
    return client.post(
        reverse("saml_acs", args=[SAML_ORG]), {"SAMLResponse": saml_response}, follow=True
    )


def attributes(uid: str = "p.kim", email: str = "pat.kim@hospital.test", **extra: list[str]):
    return {"uid": [uid], "mail": [email], "givenName": ["Pat"], "sn": ["Kim"], **extra}


def signed_in_user(client: Any) -> Any:
    return client.get(reverse("home")).wsgi_request.user


def test_saml_login_logs_in_with_mapped_role(client, saml_app, saml_idp):
    request = saml_start(client, saml_idp)
    saml_response = saml_idp.response(
        request,
        name_id="p.kim",
        attributes=attributes(memberOf=["cn=staff,ou=groups", "CN=Nominators,OU=Groups"]),
    )

    response = saml_post(client, request, saml_response)

    assert response.redirect_chain[-1][0] == reverse("home")
    user = signed_in_user(client)
    assert user.username == "p.kim"
    assert (user.email, user.first_name, user.last_name) == ("pat.kim@hospital.test", "Pat", "Kim")
    assert user_roles(user) == {Role.NOMINATOR, Role.REQUESTER}


def test_saml_login_matches_existing_user_by_email(client, saml_app, saml_idp, chair_cardiology):
    chair_cardiology.email = "carla@hospital.test"
    chair_cardiology.save()
    request = saml_start(client, saml_idp)

    saml_post(
        client,
        request,
        saml_idp.response(
            request,
            name_id="c.chair",
            attributes=attributes(uid="c.chair", email="carla@hospital.test"),
        ),
    )

    user = signed_in_user(client)
    assert user.pk == chair_cardiology.pk
    # The provider's table manages the nominator role, and carla is no longer in the group.
    assert user_roles(user) == {Role.REQUESTER}


def test_saml_metadata_names_the_acs_url(client, saml_app):
    response = client.get(reverse("saml_metadata", args=[SAML_ORG]))

    assert response.status_code == 200
    assert f'Location="http://{HOST}/accounts/saml/hospital/acs/"' in response.text


@pytest.mark.parametrize(
    ("forgery", "reason"),
    [
        ("tampered", "Signature validation failed"),
        ("other_key", "Signature validation failed"),
        ("wrong_audience", "is not a valid audience"),
        ("expired", "expired"),
    ],
)
def test_saml_response_is_refused(client, saml_app, saml_idp, forgery, reason, caplog):
    request = saml_start(client, saml_idp)
    options: dict[str, Any] = {}
    if forgery == "tampered":
        # Signed for pat.kim@…, then the address is changed to another person's.
        options["tamper"] = {"pat.kim@hospital.test": "boss@hospital.test"}
    elif forgery == "other_key":
        saml_idp.signing_keys = make_key_pair("attacker.test")
    elif forgery == "wrong_audience":
        options["audience"] = "https://another-service.test/saml/metadata"
    elif forgery == "expired":
        options["now"] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)

    response = saml_post(
        client,
        request,
        saml_idp.response(
            request, name_id="p.kim", attributes=attributes(memberOf=[NOMINATOR_GROUP]), **options
        ),
    )

    assert "Single sign-on failed" in response.text
    assert reason in caplog.text
    assert not signed_in_user(client).is_authenticated
    assert not get_user_model().objects.filter(username="p.kim").exists()


def test_saml_response_to_a_request_never_made_is_refused(client, saml_app, saml_idp):
    asked = saml_start(client, saml_idp)
    forged = AuthnRequest(id="_never-asked", acs_url=asked.acs_url, issuer=asked.issuer)

    response = saml_post(
        client, forged, saml_idp.response(forged, name_id="p.kim", attributes=attributes())
    )

    assert response.status_code == 403
    assert not signed_in_user(client).is_authenticated
    assert not get_user_model().objects.filter(username="p.kim").exists()
