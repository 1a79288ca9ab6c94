"""API tokens: create, revoke, authenticate. The raw secret is never stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from whitecoat.api.models import ApiToken
from whitecoat.core.errors import WhiteCoatError

TOKEN_PREFIX = "wc_"
PREFIX_LENGTH = 8
# Writing last_used_at on every request would turn each read into a write; once a minute
# is precise enough to tell a live token from a forgotten one.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the token and its raw secret, which is shown once."""
    name = name.strip()
    if not name:
        raise WhiteCoatError("Give the token a name.", code="token_name_required")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:PREFIX_LENGTH], token_hash=_hash(raw))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: Any, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens; revoking twice keeps the first revocation time."""
    # Someone else's token and a missing one get the same answer, so IDs leak nothing.
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=user.pk).first()
    if token is None:
        raise WhiteCoatError("No such token.", code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(*, raw: str) -> Any | None:
    """The active user a raw token belongs to, or None.

    Looking the token up by the hash of the secret means no comparison ever runs on the
    secret itself, so response times reveal nothing about how much of a guess was right.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # A conditional UPDATE: concurrent requests write at most once per minute between them.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    return token.user
