"""Reads for sign-in: a provider's role rules, and the sign-on applications configured."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Q

from whitecoat.identity.mapping import Rule
from whitecoat.identity.models import RoleMappingRule


def rules_for_provider(*, provider: str) -> list[Rule]:
    return [
        Rule(claim=claim, value=value, role=role)
        for claim, value, role in RoleMappingRule.objects.filter(provider=provider).values_list(
            "claim", "value", "role"
        )
    ]


def sso_provider_choices(*, request: Any = None) -> list[tuple[str, str]]:
    """(provider id, label) for every OpenID Connect or SAML application, in the back office
    (SocialApp records) or in the settings (the environment's single provider)."""
    from allauth.socialaccount.adapter import get_adapter

    choices: dict[str, str] = {}
    for app in get_adapter().list_apps(request):
        if app.provider not in ("openid_connect", "saml"):
            continue
        provider_id = app.provider_id or app.provider
        choices.setdefault(provider_id, f"{app.name or provider_id} ({provider_id})")
    return sorted(choices.items())


def user_for_email(*, email: str) -> Any | None:
    """The one account with this e-mail address (user field or a recorded address, any
    case), or None when there is none or more than one."""
    owners = set(EmailAddress.objects.filter(email__iexact=email).values_list("user_id", flat=True))
    users = list(
        get_user_model().objects.filter(Q(email__iexact=email) | Q(pk__in=owners)).distinct()[:2]
    )
    return users[0] if len(users) == 1 else None
