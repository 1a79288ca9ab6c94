"""From an identity provider's claims to WhiteCoat roles: pure computation, no Django.

An OpenID Connect login brings the ID token's and the userinfo endpoint's claims (a value
is a string, a list of strings, a number or a boolean); a SAML login brings attributes,
each a list of strings. `claims_from_extra_data` turns either into one flat mapping of
claim name → list of strings, and `roles_from_claims` applies a provider's rules to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OIDC = "openid_connect"


@dataclass(frozen=True)
class Rule:
    """Claim `claim` carrying `value` (compared without regard to case) grants `role`."""

    claim: str
    value: str
    role: str


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, str | int | float):
        return [str(value)]
    if isinstance(value, Mapping):
        return []
    if isinstance(value, Iterable):
        return [item for element in value for item in _as_strings(element)]
    return []


def claims_from_extra_data(
    *, provider_kind: str, extra_data: Mapping[str, Any]
) -> dict[str, list[str]]:
    """One mapping of claim name → its values as strings.

    For OpenID Connect, allauth keeps {"id_token": {...}, "userinfo": {...}}; a claim in
    both takes the userinfo's values (the fresher answer). SAML attributes pass through.
    """
    if provider_kind == OIDC:
        merged: dict[str, Any] = {}
        for part in ("id_token", "userinfo"):
            section = extra_data.get(part)
            if isinstance(section, Mapping):
                merged.update(section)
        source: Mapping[str, Any] = merged
    else:
        source = extra_data
    return {str(name): _as_strings(value) for name, value in source.items()}


def roles_from_claims(*, claims: Mapping[str, Iterable[str]], rules: Iterable[Rule]) -> set[str]:
    """The roles whose rules match the claims (claim names exact, values case-insensitive)."""
    folded = {name: {value.casefold() for value in values} for name, values in claims.items()}
    return {rule.role for rule in rules if rule.value.casefold() in folded.get(rule.claim, set())}


def managed_roles(*, rules: Iterable[Rule]) -> set[str]:
    """The roles a provider's rules decide: granted when a rule matches, revoked when none does."""
    return {rule.role for rule in rules}
