"""The sign-in services: role sync from the identity provider, linking Person records,
and rotating the keys of sign-in secrets."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialApp
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import PersonFactory, UserFactory
from whitecoat.identity import crypto
from whitecoat.identity.models import RoleMappingRule
from whitecoat.identity.services import person_link_by_email, user_roles_sync_from_idp
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role, user_roles

GROUPS_RULE = {"provider": "hosp", "claim": "groups", "value": "SM-Admins"}


def sync(user, groups):
    return user_roles_sync_from_idp(
        user=user, provider="hosp", provider_kind="saml", extra_data={"groups": groups}
    )


def test_sync_grants_admin_with_staff_status(roles):
    RoleMappingRule.objects.create(**GROUPS_RULE, role=Role.PROGRAM_ADMIN)
    user = UserFactory()

    granted = sync(user, ["SM-Admins"])

    assert granted == {Role.PROGRAM_ADMIN}
    assert user.is_staff
    assert user_roles(user) == {Role.PROGRAM_ADMIN, Role.REQUESTER}


def test_sync_revokes_admin_and_staff_status(roles):
    RoleMappingRule.objects.create(**GROUPS_RULE, role=Role.PROGRAM_ADMIN)
    user = UserFactory()
    user_grant_role(user=user, role=Role.PROGRAM_ADMIN)

    sync(user, ["Staff"])

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.filter(name=Role.PROGRAM_ADMIN).exists()
    assert user.groups.filter(name=Role.REQUESTER).exists()


def test_sync_leaves_superuser_staff_status(roles):
    RoleMappingRule.objects.create(**GROUPS_RULE, role=Role.PROGRAM_ADMIN)
    user = UserFactory(is_superuser=True, is_staff=True)

    sync(user, [])

    user.refresh_from_db()
    assert user.is_staff


def test_sync_without_rules_only_adds_requester(roles):
    user = UserFactory()
    user_grant_role(user=user, role=Role.LEADERSHIP)

    sync(user, ["SM-Admins"])

    names = set(user.groups.values_list("name", flat=True))
    assert names == {Role.LEADERSHIP.value, Role.REQUESTER.value}


def test_sync_creates_missing_groups(db):
    RoleMappingRule.objects.create(**GROUPS_RULE, role=Role.LEADERSHIP)
    user = UserFactory()

    sync(user, ["sm-admins"])

    assert Group.objects.filter(name=Role.LEADERSHIP).exists()
    assert user_roles(user) == {Role.LEADERSHIP, Role.REQUESTER}


def test_person_link_by_email_links_the_unlinked_person(db):
    user = UserFactory(email="Jo@Hospital.test")
    person = PersonFactory(email="jo@hospital.test", user=None)

    assert person_link_by_email(user=user) == person

    person.refresh_from_db()
    assert person.user == user


def test_person_link_by_email_never_takes_a_linked_person(db):
    owner = UserFactory()
    person = PersonFactory(email="jo@hospital.test", user=owner)
    user = UserFactory(email="jo@hospital.test")

    assert person_link_by_email(user=user) is None

    person.refresh_from_db()
    assert person.user == owner


def test_rotate_sign_in_keys_encrypts_plain_and_rekeys(db, settings, capsys):
    from cryptography.fernet import Fernet

    user = UserFactory()
    totp = TOTP.activate(user, "JBSWY3DPEHPK3PXP").instance
    plain_app = SocialApp.objects.create(
        provider="openid_connect", provider_id="p", name="P", client_id="c", secret="legacy-plain"
    )
    new_key = Fernet.generate_key().decode()
    settings.WHITECOAT_FERNET_KEYS = [new_key, *settings.WHITECOAT_FERNET_KEYS]

    call_command("rotate_sign_in_keys")

    assert "Re-encrypted 2 sign-in secrets" in capsys.readouterr().out
    settings.WHITECOAT_FERNET_KEYS = [new_key]  # the old key is gone
    totp.refresh_from_db()
    plain_app.refresh_from_db()
    assert crypto.unseal(totp.data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert plain_app.secret.startswith("fernet:")
    assert crypto.unseal(plain_app.secret) == "legacy-plain"
    assert Authenticator.objects.count() == 1


def test_rotate_sign_in_keys_dry_run_changes_nothing(db, capsys):
    SocialApp.objects.create(
        provider="openid_connect", provider_id="p", name="P", client_id="c", secret="legacy-plain"
    )

    call_command("rotate_sign_in_keys", "--dry-run")

    assert "Would re-encrypt 1 sign-in secrets" in capsys.readouterr().out
    assert SocialApp.objects.get().secret == "legacy-plain"
