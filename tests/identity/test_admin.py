"""The back office for single sign-on: who may open it (permission ladder), the role
table's form, and the client secret kept write-only and encrypted."""

from __future__ import annotations

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from whitecoat.identity.models import RoleMappingRule
from whitecoat.organizations.enums import Role

PAGES = [
    "admin:identity_rolemappingrule_changelist",
    "admin:identity_rolemappingrule_add",
    "admin:socialaccount_socialapp_changelist",
    "admin:socialaccount_socialapp_add",
    "admin:mfa_authenticator_changelist",
]
LADDER = {
    "admin": 200,
    "leadership": 302,
    "chair_cardiology": 302,
    "ambassador": 302,
    "outsider": 302,
}


@pytest.mark.parametrize("page", PAGES)
def test_sign_in_back_office_permission_ladder(client, personas, page):
    assert client.get(reverse(page)).status_code == 302  # anonymous: to the login
    for persona, expected in LADDER.items():
        client.force_login(personas[persona])
        assert client.get(reverse(page)).status_code == expected, persona


@pytest.fixture
def db_app(db):
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="hospital-oidc",
        name="Hospital SSO",
        client_id="whitecoat",
        settings={"server_url": "https://login.hospital.test"},
    )


def test_rule_form_offers_configured_providers(client, admin, db_app, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": {"APPS": [{"provider_id": "env-saml", "name": "Env SAML", "client_id": "env"}]}
    }
    client.force_login(admin)

    page = client.get(reverse("admin:identity_rolemappingrule_add"))

    assert '<option value="hospital-oidc">Hospital SSO (hospital-oidc)</option>' in page.text
    assert '<option value="env-saml">Env SAML (env-saml)</option>' in page.text


def test_rule_form_adds_a_rule(client, admin, db_app):
    client.force_login(admin)

    response = client.post(
        reverse("admin:identity_rolemappingrule_add"),
        {
            "provider": "hospital-oidc",
            "claim": "groups",
            "value": "SocialMedia-Admins",
            "role": Role.PROGRAM_ADMIN,
        },
    )

    assert response.status_code == 302
    rule = RoleMappingRule.objects.get()
    assert str(rule) == "hospital-oidc: groups = SocialMedia-Admins → Program admin"


def test_rule_form_refuses_an_unknown_provider_and_keeps_input(client, admin, db_app):
    client.force_login(admin)

    response = client.post(
        reverse("admin:identity_rolemappingrule_add"),
        {"provider": "typo", "claim": "groups", "value": "Admins", "role": Role.PROGRAM_ADMIN},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'value="Admins"' in response.text
    assert not RoleMappingRule.objects.exists()


def _app_form(secret: str = "") -> dict[str, str]:
    return {
        "provider": "openid_connect",
        "provider_id": "hospital-oidc",
        "name": "Hospital SSO",
        "client_id": "whitecoat",
        "secret": secret,
        "key": "",
        "settings": '{"server_url": "https://login.hospital.test"}',
    }


def test_client_secret_is_stored_encrypted_and_never_shown(client, admin):
    client.force_login(admin)

    client.post(reverse("admin:socialaccount_socialapp_add"), _app_form("s3cret-value"))

    app = SocialApp.objects.get()
    assert app.secret.startswith("fernet:")
    page = client.get(reverse("admin:socialaccount_socialapp_change", args=[app.pk]))
    assert "s3cret-value" not in page.text
    assert app.secret not in page.text
    assert get_adapter().get_app(None, provider="hospital-oidc").secret == "s3cret-value"


def test_client_secret_left_blank_is_kept(client, admin):
    client.force_login(admin)
    client.post(reverse("admin:socialaccount_socialapp_add"), _app_form("s3cret-value"))
    app = SocialApp.objects.get()

    client.post(
        reverse("admin:socialaccount_socialapp_change", args=[app.pk]),
        {**_app_form(""), "name": "Renamed"},
    )

    app.refresh_from_db()
    assert app.name == "Renamed"
    assert get_adapter().get_app(None, provider="hospital-oidc").secret == "s3cret-value"
