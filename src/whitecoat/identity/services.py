"""Writes for sign-in: roles from the identity provider, and linking a signed-in user to
their Person record and trusted e-mail address.

`user_roles_sync_from_idp` runs at every single sign-on (new and returning users): the
roles a provider's rules name follow the identity provider, so a change there applies at
the next sign-in; every signed-on user holds at least the requester role.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from whitecoat.identity import crypto
from whitecoat.identity.mapping import claims_from_extra_data, managed_roles, roles_from_claims
from whitecoat.identity.selectors import rules_for_provider
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Person
from whitecoat.organizations.roles import user_grant_role

logger = logging.getLogger(__name__)


@transaction.atomic
def user_roles_sync_from_idp(
    *, user: Any, provider: str, provider_kind: str, extra_data: Mapping[str, Any]
) -> set[Role]:
    """Grant the roles the provider's rules match, revoke the ones they manage but do not
    match, and make sure the user is at least a requester. Returns the roles granted."""
    rules = rules_for_provider(provider=provider)
    claims = claims_from_extra_data(provider_kind=provider_kind, extra_data=extra_data)
    granted = {Role(role) for role in roles_from_claims(claims=claims, rules=rules)}
    revoked = {Role(role) for role in managed_roles(rules=rules)} - granted
    for role in sorted(granted | {Role.REQUESTER}):
        user_grant_role(user=user, role=role)
    if revoked:
        user.groups.remove(*Group.objects.filter(name__in=[role.value for role in revoked]))
        if Role.PROGRAM_ADMIN in revoked and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    if hasattr(user, "_whitecoat_roles"):
        del user._whitecoat_roles
    logger.info(
        "single sign-on: user %s via %s: granted %s, revoked %s",
        user.pk,
        provider,
        sorted(role.value for role in granted) or "-",
        sorted(role.value for role in revoked) or "-",
    )
    return granted


def person_link_by_email(*, user: Any) -> Person | None:
    """Link the user to the Person with the same e-mail address, when neither is linked yet."""
    if not user.email or Person.objects.filter(user=user).exists():
        return None
    person = Person.objects.filter(email__iexact=user.email, user__isnull=True).first()
    if person is not None:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return person


def email_address_trust(*, user: Any, email: str) -> EmailAddress:
    """Record the address as verified for the user.

    WhiteCoat has no self-registration: a local account's e-mail address was entered by a
    program admin, so when the identity provider vouches for the same address the two are
    one person and the account's password need not be wiped (allauth wipes it otherwise).
    """
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
        return EmailAddress.objects.create(
            user=user, email=email.lower(), verified=True, primary=primary
        )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return address


@transaction.atomic
def sign_in_secrets_rotate(*, dry_run: bool = False) -> int:
    """Encrypt every TOTP secret, recovery-code seed and single sign-on client secret with
    the first WHITECOAT_FERNET_KEYS key (plain ones too). Returns the rows rewritten."""
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialApp

    count = 0
    for authenticator in Authenticator.objects.select_for_update():
        data = dict(authenticator.data)
        changed = False
        for field in ("secret", "seed"):
            if data.get(field):
                data[field] = crypto.reseal(data[field])
                changed = True
        if changed:
            count += 1
            if not dry_run:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
    for app in SocialApp.objects.exclude(secret="").select_for_update():
        count += 1
        if not dry_run:
            app.secret = crypto.reseal(app.secret)
            app.save(update_fields=["secret"])
    return count
