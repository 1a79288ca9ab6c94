"""LinkedIn Community Management API payloads (member analytics) → our data.

Listing a member's posts needs a permission LinkedIn rarely grants (`r_member_social`), so
LinkedIn gives us the follower count, the previous day's totals (impressions, reactions,
comments, reposts) and per-post figures for posts we already know (from an import or a
pasted link). An app that was granted `r_member_social` also lists the member's recent
posts (the Posts API), under their share/ugcPost ids; ids.py reconciles those with the
activity ids of the exports. Following and the post count are not given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from whitecoat.connectors.base import (
    PayloadError,
    PostData,
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


def check_userinfo(status: int, payload: Any) -> Any:
    if status == 200 and isinstance(payload, dict) and payload.get("sub"):
        return payload
    return check(status, payload)


def parse_userinfo(payload: dict[str, Any]) -> str:
    return str(payload["sub"])


def _millis(value: object) -> dt.datetime | None:
    number = to_int(value)
    return dt.datetime.fromtimestamp(number / 1000, tz=dt.UTC) if number else None


def parse_posts(payload: dict[str, Any], *, since: dt.datetime) -> list[PostData]:
    """The member's own published posts since `since`, newest first, without figures
    (those are read per post, for a few of them). Plain reposts of others are skipped."""
    posts = []
    for element in payload.get("elements") or []:
        post_id = str(element.get("id") or "")
        published = _millis(element.get("publishedAt") or element.get("createdAt"))
        if not post_id or published is None:
            raise PayloadError("a post without an id or a date")
        if element.get("lifecycleState", "PUBLISHED") != "PUBLISHED":
            continue
        text = str(element.get("commentary") or "")
        if element.get("reshareContext") and not text:
            continue
        if published < since:
            continue
        content = element.get("content") or {}
        article = content.get("article") or {}
        media_id = str((content.get("media") or {}).get("id") or "")
        kind, links = "text", ()
        if article.get("source"):
            kind, links = "link", (str(article["source"]),)
        elif media_id.startswith("urn:li:video:"):
            kind = "video"
        elif media_id or content.get("multiImage"):
            kind = "image"
        posts.append(
            PostData(
                platform_post_id=post_id,
                published_at=published,
                url=f"https://www.linkedin.com/feed/update/{post_id}/",
                text=text,
                kind=kind,
                links=links,
                has_figures=False,
            )
        )
    posts.sort(key=lambda post: post.published_at, reverse=True)
    return posts


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
