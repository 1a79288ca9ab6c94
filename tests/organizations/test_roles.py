from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import roles_sync, user_role, user_roles


def test_roles_sync_creates_one_group_per_role(db):
    from django.contrib.auth.models import Group

    roles_sync()
    roles_sync()

    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


def test_leadership_group_may_only_view(db):
    from django.contrib.auth.models import Group

    roles_sync()
    codenames = set(
        Group.objects.get(name=Role.LEADERSHIP).permissions.values_list("codename", flat=True)
    )

    assert codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_superuser_is_a_program_admin(db):
    user = UserFactory(is_superuser=True)

    assert user_role(user) == Role.PROGRAM_ADMIN


def test_user_with_no_group_is_a_requester(db):
    assert user_roles(UserFactory()) == {Role.REQUESTER}


def test_anonymous_user_has_no_role(db):
    from django.contrib.auth.models import AnonymousUser

    assert user_role(AnonymousUser()) is None


@pytest.mark.parametrize(
    "persona,expected", [("admin", 200), ("leadership", 302), ("chair_cardiology", 302)]
)
def test_back_office_is_for_program_admins(client, personas, persona, expected):
    client.force_login(personas[persona])

    response = client.get("/admin/")

    assert response.status_code == expected


def test_program_admin_can_edit_ambassadors_in_back_office(client, admin, ambassador_record):
    client.force_login(admin)

    response = client.get(f"/admin/program/ambassador/{ambassador_record.pk}/change/")

    assert response.status_code == 200


def test_create_program_admin_makes_a_staff_admin(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-and-unusual-passphrase")

    call_command(
        "create_program_admin", "--no-input", "--username", "first", "--email", "f@example.org"
    )

    user = get_user_model().objects.get(username="first")
    assert user.is_staff
    assert user.groups.filter(name=Role.PROGRAM_ADMIN).exists()


def test_login_form_logs_in_and_lands_on_home(client, ambassador):
    response = client.post(
        reverse("login"), {"username": "amy_ambassador", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert 'data-home-role="ambassador"' in response.text


def test_login_form_keeps_username_on_wrong_password(client, ambassador):
    response = client.post(reverse("login"), {"username": "amy_ambassador", "password": "nope"})

    assert response.status_code == 200
    assert 'value="amy_ambassador"' in response.text
    assert "correct username and password" in response.text


def test_logout_needs_post_and_ends_the_session(client, ambassador):
    client.force_login(ambassador)

    client.post(reverse("logout"))

    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_working_link(client, ambassador):
    ambassador.email = "amy@example.org"
    ambassador.save()

    client.post(reverse("password_reset"), {"email": "amy@example.org"})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Choose a new password" in response.text
