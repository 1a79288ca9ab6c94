"""Single sign-on with OpenID Connect against a real provider on loopback: the whole
authorization-code flow (WhiteCoat → provider's authorize endpoint → callback → token and
userinfo endpoints), then the role table, e-mail matching and role changes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory
from tests.identity.conftest import OIDC_PROVIDER_ID
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role, user_roles


def idp_set_user(server: Any, sub: str, claims: dict[str, Any]) -> None:
    response = requests.put(f"{server.base_url}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204, response.text


def oidc_login(client: Any, server: Any, sub: str) -> Any:
    """Drive the flow as a browser would; returns the callback's final response."""
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID}),
        {"process": "login"},
    )
    assert start.status_code == 302, start.content
    authorize_url = start["Location"]
    assert authorize_url.startswith(server.base_url + "/oauth2/authorize"), authorize_url
    # The user picks their identity at the provider, which answers with the callback URL.
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == reverse(
        "openid_connect_callback", kwargs={"provider_id": OIDC_PROVIDER_ID}
    )
    return client.get(f"{callback.path}?{callback.query}", follow=True)


def signed_in_user(client: Any) -> Any:
    return client.get(reverse("home")).wsgi_request.user


def test_oidc_login_creates_unknown_user_as_requester(client, oidc_app, oidc_server):
    idp_set_user(
        oidc_server,
        "u-100",
        {
            "email": "rita@hospital.test",
            "email_verified": True,
            "preferred_username": "rita",
            "given_name": "Rita",
            "family_name": "Ross",
        },
    )

    response = oidc_login(client, oidc_server, "u-100")

    assert response.redirect_chain[-1][0] == reverse("home")
    user = signed_in_user(client)
    assert user.username == "rita"
    assert user.email == "rita@hospital.test"
    assert user_roles(user) == {Role.REQUESTER}
    assert user.groups.filter(name=Role.REQUESTER).exists()
    assert not user.has_usable_password()


def test_oidc_login_maps_groups_claim_to_program_admin(client, oidc_app, oidc_server):
    idp_set_user(
        oidc_server,
        "u-200",
        {
            "email": "sam@hospital.test",
            "email_verified": True,
            "preferred_username": "sam",
            "groups": ["Staff", "socialmedia-admins"],
        },
    )

    oidc_login(client, oidc_server, "u-200")

    user = signed_in_user(client)
    assert user_roles(user) == {Role.PROGRAM_ADMIN, Role.REQUESTER}
    assert user.is_staff
    assert 'data-home-role="program_admin"' in client.get(reverse("home")).text


def test_oidc_login_matches_existing_user_by_verified_email_and_keeps_roles_unmanaged(
    client, oidc_app, oidc_server, ambassador
):
    ambassador.email = "Amy@Hospital.test"
    ambassador.save()
    idp_set_user(
        oidc_server,
        "u-300",
        {"email": "amy@hospital.test", "email_verified": True, "preferred_username": "amy.a"},
    )

    oidc_login(client, oidc_server, "u-300")

    user = signed_in_user(client)
    assert user.pk == ambassador.pk
    # The ambassador role is granted by the program, and no rule of this provider names it.
    assert user_roles(user) == {Role.AMBASSADOR, Role.REQUESTER}
    assert user.socialaccount_set.get().uid == "u-300"
    assert user.has_usable_password()  # the admin-entered address is trusted: no wipe
    assert get_user_model().objects.count() == 1  # no second account was made


def test_oidc_login_ignores_unverified_email_for_matching(client, oidc_app, oidc_server):
    existing = UserFactory(username="victor", email="victor@hospital.test")
    idp_set_user(
        oidc_server,
        "u-400",
        {"email": "victor@hospital.test", "email_verified": False, "preferred_username": "vic"},
    )

    response = oidc_login(client, oidc_server, "u-400")

    # Not linked: the provider does not vouch for the address, so allauth asks to finish
    # the sign-up instead of handing over the existing account.
    assert not signed_in_user(client).is_authenticated
    assert existing.socialaccount_set.count() == 0
    assert "Finish creating your account" in response.text


def test_oidc_login_links_person_with_same_email(client, oidc_app, oidc_server):
    person = PersonFactory(email="Nora@Hospital.test", user=None)
    idp_set_user(
        oidc_server,
        "u-500",
        {"email": "nora@hospital.test", "email_verified": True, "preferred_username": "nora"},
    )

    oidc_login(client, oidc_server, "u-500")

    person.refresh_from_db()
    assert person.user == signed_in_user(client)


def test_oidc_role_change_at_idp_applies_at_next_login(client, oidc_app, oidc_server):
    claims = {
        "email": "lee@hospital.test",
        "email_verified": True,
        "preferred_username": "lee2",
        "groups": ["SocialMedia-Admins"],
    }
    idp_set_user(oidc_server, "u-600", claims)
    oidc_login(client, oidc_server, "u-600")
    user = signed_in_user(client)
    assert user_roles(user) == {Role.PROGRAM_ADMIN, Role.REQUESTER}
    client.post(reverse("logout"))

    idp_set_user(oidc_server, "u-600", {**claims, "groups": ["Executives"]})
    oidc_login(client, oidc_server, "u-600")

    user = get_user_model().objects.get(pk=user.pk)
    assert user_roles(user) == {Role.LEADERSHIP, Role.REQUESTER}
    assert not user.is_staff


def test_oidc_login_keeps_roles_granted_locally_that_no_rule_names(
    client, oidc_app, oidc_server, cardiology
):
    user = UserFactory(username="carl", email="carl@hospital.test")
    user_grant_role(user=user, role=Role.NOMINATOR)
    cardiology.nominators.add(user)
    idp_set_user(
        oidc_server,
        "u-700",
        {"email": "carl@hospital.test", "email_verified": True, "groups": ["Executives"]},
    )

    oidc_login(client, oidc_server, "u-700")

    user = get_user_model().objects.get(pk=user.pk)
    assert user_roles(user) == {Role.NOMINATOR, Role.LEADERSHIP, Role.REQUESTER}


def test_oidc_username_clash_gets_a_unique_username(client, oidc_app, oidc_server, admin):
    idp_set_user(
        oidc_server,
        "u-800",
        {
            "email": "other@hospital.test",
            "email_verified": True,
            "preferred_username": admin.username,
        },
    )

    oidc_login(client, oidc_server, "u-800")

    user = signed_in_user(client)
    assert user.is_authenticated
    assert user.pk != admin.pk
    assert user.username != admin.username
    assert user_roles(user) == {Role.REQUESTER}


def test_oidc_provider_that_creates_no_users_refuses_unknown_ones(client, oidc_app, oidc_server):
    oidc_app.settings = {**oidc_app.settings, "create_users": False}
    oidc_app.save()
    idp_set_user(oidc_server, "u-900", {"email": "new@hospital.test", "email_verified": True})

    response = oidc_login(client, oidc_server, "u-900")

    assert not signed_in_user(client).is_authenticated
    assert "No self-registration" in response.text
    assert not get_user_model().objects.filter(email="new@hospital.test").exists()


def test_oidc_login_page_offers_the_provider(client, oidc_app):
    response = client.get(reverse("login"))

    login_url = reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})
    assert f'action="{login_url}?process=login"' in response.text
    assert "Log in with Hospital SSO" in response.text


def test_oidc_provider_trusted_for_its_domain_matches_without_email_verified(
    client, oidc_app, oidc_server, leadership
):
    oidc_app.settings = {**oidc_app.settings, "verified_email": ["hospital.test"]}
    oidc_app.save()
    leadership.email = "lee@hospital.test"
    leadership.save()
    idp_set_user(oidc_server, "u-950", {"email": "lee@hospital.test"})  # no email_verified

    oidc_login(client, oidc_server, "u-950")

    assert signed_in_user(client).pk == leadership.pk
