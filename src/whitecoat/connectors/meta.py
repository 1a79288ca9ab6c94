"""What Instagram and Threads share: Meta's Graph API errors and insights (no Django)."""

from __future__ import annotations

import re
from typing import Any

from whitecoat.connectors.base import (
    AccountNotFound,
    PayloadError,
    RateLimited,
    TokenExpired,
    TokenRevoked,
    to_int,
)

THROTTLING = {4, 17, 32, 613, 80001, 80002, 80004, 80006, 80008}
# Subcodes of code 190: 458 app removed by the user, 460 password changed (both need a
# new consent), 463 expired, 467 invalid.
REVOKED_SUBCODES = {458, 459, 460, 464}


class NoInsights(Exception):
    """The platform has no figures for this media ((#10) not enough viewers, etc.)."""


def check(status: int, payload: Any) -> Any:
    error = payload.get("error") if isinstance(payload, dict) else None
    if status == 200 and isinstance(payload, dict) and not error:
        return payload
    if not isinstance(error, dict):
        raise PayloadError(f"HTTP {status}: unexpected answer")
    code = error.get("code")
    subcode = error.get("error_subcode")
    message = str(error.get("message") or "")
    if code == 190 or (error.get("type") == "OAuthException" and status == 401):
        if subcode in REVOKED_SUBCODES:
            raise TokenRevoked(message)
        raise TokenExpired(message)
    if code in THROTTLING:
        raise RateLimited(message or "throttled", retry_after=300)
    if code in {200, 10} and "permission" in message.lower():
        raise TokenRevoked(message)
    if code == 803 or "does not exist" in message.lower():
        raise AccountNotFound(message)
    raise PayloadError(f"HTTP {status}: {message or 'Graph API error'} (code {code})")


def check_insights(status: int, payload: Any) -> Any:
    """Like `check`, but media without figures gives NoInsights, not a failure."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if (
        isinstance(error, dict)
        and error.get("code") in {10, 100}
        and "permission" not in str(error.get("message") or "").lower()
    ):
        raise NoInsights(str(error.get("message") or ""))
    return check(status, payload)


def insight_values(payload: dict[str, Any]) -> dict[str, int | None]:
    """{metric name: value} from an insights answer; a metric not listed is absent."""
    values: dict[str, int | None] = {}
    for item in payload.get("data") or []:
        name = item.get("name")
        if not name:
            continue
        if "total_value" in item:
            values[name] = to_int((item.get("total_value") or {}).get("value"))
        else:
            points = item.get("values") or []
            values[name] = to_int(points[-1].get("value")) if points else None
    return values


def next_after(payload: dict[str, Any]) -> str | None:
    paging = payload.get("paging") or {}
    if not paging.get("next"):
        return None  # Meta omits `next` on the last page, even when cursors are there
    after = (paging.get("cursors") or {}).get("after")
    return str(after) if after else None


def host_root(base_url: str) -> str:
    """The API host without its version: Meta's token endpoints are not versioned.

    `https://graph.instagram.com/v24.0` → `https://graph.instagram.com`, where
    `/access_token` (long-lived exchange) and `/refresh_access_token` live.
    """
    return re.sub(r"/v\d+(?:\.\d+)?$", "", base_url.rstrip("/"))
