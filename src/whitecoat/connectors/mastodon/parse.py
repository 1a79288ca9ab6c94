"""Mastodon payloads (Account, Status) → our data.

Mastodon gives replies, boosts (reposts), favourites (likes) and, from 4.5, quotes;
it has no impressions, views, saves or link clicks.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from whitecoat.connectors.base import (
    AccountNotFound,
    PayloadError,
    PostData,
    Profile,
    RateLimited,
    TokenExpired,
    TokenRevoked,
    parse_time,
    to_int,
)

TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*>', re.IGNORECASE)


def split_handle(handle: str) -> tuple[str, str]:
    """'@dr_ada@mastodon.example' → ('dr_ada', 'mastodon.example'); no domain → ''."""
    parts = handle.strip().lstrip("@").split("@")
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    if len(parts) == 1 and parts[0]:
        return parts[0], ""
    raise AccountNotFound(f"{handle!r} is not a Mastodon handle like @name@instance")


def check(status: int, payload: Any) -> Any:
    if (
        status == 200
        and payload is not None
        and not (isinstance(payload, dict) and "error" in payload and len(payload) <= 2)
    ):
        return payload
    message = str(payload.get("error") or "") if isinstance(payload, dict) else ""
    if status == 401:
        if "revoked" in message.lower():
            raise TokenRevoked(message)
        raise TokenExpired(message or "the access token is invalid")
    if status == 429:
        raise RateLimited(message or "too many requests")
    if status in {404, 410} or (status == 403 and "suspended" in message.lower()):
        raise AccountNotFound(message or f"HTTP {status}")
    raise PayloadError(f"HTTP {status}: {message or 'unexpected answer'}")


def parse_account(payload: dict[str, Any], *, domain: str = "") -> Profile:
    if not payload.get("id"):
        raise PayloadError("the account has no id")
    acct = str(payload.get("acct") or payload.get("username") or "")
    if domain and "@" not in acct:
        acct = f"{acct}@{domain}"
    return Profile(
        platform_user_id=str(payload["id"]),
        handle=f"@{acct}",
        followers=to_int(payload.get("followers_count")),
        following=to_int(payload.get("following_count")),
        posts_count=to_int(payload.get("statuses_count")),
        profile_url=str(payload.get("url") or ""),
        display_name=str(payload.get("display_name") or ""),
    )


def text_of(content: str) -> str:
    with_breaks = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", content or "")
    return html.unescape(TAG.sub("", with_breaks)).strip()


def _links(status: dict[str, Any]) -> tuple[str, ...]:
    tag_urls = {str(t.get("url")) for t in status.get("tags") or []}
    mentions = {str(m.get("url")) for m in status.get("mentions") or []}
    links = [
        url
        for url in HREF.findall(status.get("content") or "")
        if url not in tag_urls and url not in mentions and "/tags/" not in url
    ]
    card = status.get("card") or {}
    if card.get("url"):
        links.append(str(card["url"]))
    return tuple(dict.fromkeys(html.unescape(u) for u in links))


def parse_status(status: dict[str, Any]) -> PostData:
    published = parse_time(status.get("created_at"))
    if not status.get("id") or published is None:
        raise PayloadError("a status without an id or a date")
    media = tuple(
        {
            "type": "video" if m.get("type") in {"video", "gifv"} else "image",
            "alt_text": str(m.get("description") or ""),
        }
        for m in status.get("media_attachments") or []
    )
    links = _links(status)
    kind = "text"
    if any(m["type"] == "video" for m in media):
        kind = "video"
    elif media:
        kind = "image"
    elif links:
        kind = "link"
    return PostData(
        platform_post_id=str(status["id"]),
        published_at=published,
        url=str(status.get("url") or status.get("uri") or ""),
        text=text_of(str(status.get("content") or "")),
        kind=kind,
        links=links,
        media=media,
        likes=to_int(status.get("favourites_count")),
        replies=to_int(status.get("replies_count")),
        reposts=to_int(status.get("reblogs_count")),
        quotes=to_int(status.get("quotes_count")),  # absent before Mastodon 4.5
    )


def parse_statuses(payload: Any) -> list[PostData]:
    if not isinstance(payload, list):
        raise PayloadError("the statuses answer is not a list")
    # Boosts of other people's posts are not the ambassador's posts.
    return [parse_status(s) for s in payload if not s.get("reblog")]


def next_max_id(link_next: str | None) -> str | None:
    """max_id from the Link header's rel="next" URL (the body carries no cursor)."""
    if not link_next:
        return None
    values = parse_qs(urlsplit(link_next).query).get("max_id")
    return values[0] if values else None
