"""LinkedIn Community Management API payloads (member analytics) → our data.

Listing a member's posts needs a permission LinkedIn rarely grants, so LinkedIn gives us
the follower count, the previous day's totals (impressions, reactions, comments,
reposts) and per-post figures for posts we already know (from an import or a pasted
link). Following and the post count are not given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from whitecoat.connectors.base import (
    PayloadError,
    RateLimited,
    TokenExpired,
    TokenRevoked,
    to_int,
)

QUERY_TYPES = ("IMPRESSION", "REACTION", "COMMENT", "RESHARE")


def check(status: int, payload: Any) -> Any:
    if status == 200 and isinstance(payload, dict) and "elements" in payload:
        return payload
    message = ""
    code = None
    if isinstance(payload, dict):
        message = str(payload.get("message") or "")
        code = payload.get("serviceErrorCode")
    if status == 401:
        if code == 65601 or "revoked" in message.lower():
            raise TokenRevoked(message)
        raise TokenExpired(message or "the access token is invalid or expired")
    if status == 429:
        raise RateLimited(message or "daily quota reached", retry_after=3600)
    if status == 403:
        raise TokenRevoked(message or "the app lacks a permission: reconnect")
    raise PayloadError(f"HTTP {status}: {message or 'unexpected answer'}")


def parse_followers(payload: dict[str, Any]) -> int | None:
    elements = payload.get("elements") or []
    return to_int(elements[0].get("memberFollowersCount")) if elements else None


def parse_total(payload: dict[str, Any]) -> int | None:
    """The sum of `count` over the elements; None when LinkedIn returns no element."""
    counts = [to_int(e.get("count")) for e in payload.get("elements") or []]
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def date_range(day: dt.date) -> str:
    end = day + dt.timedelta(days=1)
    return (
        f"(start:(year:{day.year},month:{day.month},day:{day.day}),"
        f"end:(year:{end.year},month:{end.month},day:{end.day}))"
    )
