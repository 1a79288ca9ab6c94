"""Local password login through allauth: the form Django's names and field ids still
reach, the lockout after repeated failures, the password rules, logging out, and the
back office's login going through the same door."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

WRONG = "not the password"


def login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_keeps_django_field_ids(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'id="id_username"' in response.text
    assert 'name="username"' in response.text
    assert 'id="id_password"' in response.text
    assert reverse("login") == reverse("account_login") == "/accounts/login/"


def test_login_form_logs_in_and_follows_next(client, admin):
    response = client.post(
        reverse("login"),
        {"username": "alice_admin", "password": PASSWORD, "next": reverse("person-list")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("person-list")


def test_login_is_not_fooled_by_an_offsite_next(client, admin):
    response = client.post(
        reverse("login"),
        {"username": "alice_admin", "password": PASSWORD, "next": "https://evil.test/"},
    )

    assert response["Location"] == reverse("home")


def test_login_locks_the_account_after_five_failures(client, admin, settings):
    for _ in range(settings.LOGIN_FAILURES_LIMIT):
        response = login(client, "alice_admin", WRONG)
        assert "correct username and password" in response.text

    locked = login(client, "alice_admin", PASSWORD)

    assert locked.status_code == 200
    assert "Too many failed attempts to log in to this account" in locked.text
    assert "locked for up to 15 minutes" in locked.text
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_lockout_is_per_account(client, admin, outsider, settings):
    for _ in range(settings.LOGIN_FAILURES_LIMIT):
        login(client, "alice_admin", WRONG)

    response = login(client, "otto_requester", PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == outsider


def test_lockout_ends_after_the_window(client, admin, settings, time_machine):
    time_machine.move_to("2026-03-02 09:00:00Z", tick=False)
    for _ in range(settings.LOGIN_FAILURES_LIMIT):
        login(client, "alice_admin", WRONG)
    assert "Too many failed" in login(client, "alice_admin", PASSWORD).text

    time_machine.move_to("2026-03-02 09:16:00Z", tick=False)
    response = login(client, "alice_admin", PASSWORD)

    assert response.status_code == 302


def test_successful_logins_do_not_count_as_failures(client, admin, settings):
    for _ in range(settings.LOGIN_FAILURES_LIMIT + 2):
        assert login(client, "alice_admin", PASSWORD).status_code == 302
        client.post(reverse("logout"))

    assert login(client, "alice_admin", PASSWORD).status_code == 302


def test_back_office_login_goes_through_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/organizations/person/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Forganizations%2Fperson%2F"


def test_back_office_login_sends_a_signed_in_admin_on(client, admin):
    client.force_login(admin)

    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/admin/"


def test_back_office_login_refuses_a_signed_in_non_admin(client, ambassador):
    client.force_login(ambassador)

    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/").status_code == 302  # admin → its login → 403, no loop


def test_back_office_login_ignores_an_offsite_next(client, admin):
    client.force_login(admin)

    response = client.get("/admin/login/?next=https://evil.test/")

    assert response["Location"] == "/admin/"


def test_self_registration_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "mallory", "email": "m@example.org", "password1": "a-long-passphrase-1"},
    )

    assert "No self-registration" in response.text
    assert not UserFactory._meta.model.objects.filter(username="mallory").exists()


def test_users_cannot_change_their_own_email_addresses(client, ambassador):
    client.force_login(ambassador)

    assert client.get("/accounts/email/").status_code == 404


def test_logout_needs_post(client, ambassador):
    client.force_login(ambassador)

    page = client.get(reverse("logout"))
    assert page.status_code == 200
    assert client.get(reverse("home")).wsgi_request.user == ambassador

    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pass", "too short. It must contain at least 12 characters"),
        ("password1234", "too common"),
        ("804219376450", "entirely numeric"),
        ("amy_ambassador1", "too similar to the username"),
    ],
)
def test_password_change_enforces_password_rules(client, ambassador, password, message):
    client.post(reverse("login"), {"username": "amy_ambassador", "password": PASSWORD})

    response = client.post(
        reverse("password_change"),
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in response.text
    ambassador.refresh_from_db()
    assert ambassador.check_password(PASSWORD)


def test_password_change_accepts_a_good_password(client, ambassador):
    client.post(reverse("login"), {"username": "amy_ambassador", "password": PASSWORD})
    new = "violet tram under the river"

    response = client.post(
        reverse("password_change"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )

    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert ambassador.check_password(new)


def test_password_validators_are_configured(db):
    with pytest.raises(ValidationError) as error:
        validate_password("12345678901")

    messages = " ".join(error.value.messages)
    assert "at least 12 characters" in messages
    assert "too common" in messages
    assert "entirely numeric" in messages


def test_password_reset_mail_link_sets_a_new_password(client, ambassador, mailoutbox):
    ambassador.email = "amy@example.org"
    ambassador.save()
    client.post(reverse("password_reset"), {"email": "AMY@example.org"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("[WhiteCoat] ")
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/key/" in line)

    form = client.get(link.split("testserver", 1)[1], follow=True)
    new = "violet tram under the river"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})

    assert done.status_code == 302
    ambassador.refresh_from_db()
    assert ambassador.check_password(new)


def test_password_reset_for_unknown_address_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302  # the same answer as for a known address
    assert mailoutbox == []


ACCOUNT_PAGES = ["password_change", "mfa_index", "socialaccount_connections", "logout"]


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_account_pages_permission_ladder(client, personas, name):
    anonymous = client.get(reverse(name))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    for persona, user in personas.items():
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200, persona


def test_login_page_sends_a_signed_in_user_home(client, personas):
    assert client.get(reverse("login")).status_code == 200
    client.force_login(personas["ambassador"])

    assert client.get(reverse("login"))["Location"] == reverse("home")


@pytest.mark.parametrize("path", ["/accounts/confirm-email/", "/accounts/confirm-email/nokey/"])
def test_allauth_pages_without_own_template_render_in_the_site_frame(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert '<main id="main" class="account-page">' in response.text
    assert "<strong>Menu:</strong>" not in response.text  # allauth's bare layout
