"""Bluesky payloads (app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed) → our data.

Bluesky gives likes, replies, reposts, quotes and bookmarks; it has no impressions, views
or link clicks anywhere in the protocol, so those stay None.
"""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.base import (
    AccountNotFound,
    PayloadError,
    PostData,
    Profile,
    RateLimited,
    TokenExpired,
    parse_time,
    to_int,
)

REPOST = "app.bsky.feed.defs#reasonRepost"
LINK = "app.bsky.richtext.facet#link"


def check(status: int, payload: Any) -> Any:
    error = payload.get("error") if isinstance(payload, dict) else None
    if status == 200 and isinstance(payload, dict) and not error:
        return payload
    message = str(payload.get("message") or error) if isinstance(payload, dict) else ""
    if status == 401 or error in {"ExpiredToken", "InvalidToken", "AuthMissing"}:
        raise TokenExpired(message)
    if status == 429 or error == "RateLimitExceeded":
        raise RateLimited(message or "rate limited", retry_after=60)
    if status == 400 and ("not found" in message.lower() or error in {"AccountTakedown"}):
        raise AccountNotFound(message)
    raise PayloadError(f"HTTP {status}: {message or 'unexpected answer'}")


def parse_profile(payload: dict[str, Any]) -> Profile:
    if not payload.get("did"):
        raise PayloadError("the profile has no DID")
    handle = str(payload.get("handle") or "")
    return Profile(
        platform_user_id=str(payload["did"]),
        handle=handle,
        followers=to_int(payload.get("followersCount")),
        following=to_int(payload.get("followsCount")),
        posts_count=to_int(payload.get("postsCount")),
        profile_url=f"https://bsky.app/profile/{handle}" if handle else "",
        display_name=str(payload.get("displayName") or ""),
    )


def _links(record: dict[str, Any], embed: dict[str, Any]) -> tuple[str, ...]:
    links: list[str] = []
    for facet in record.get("facets") or []:
        for feature in facet.get("features") or []:
            if feature.get("$type") == LINK and feature.get("uri"):
                links.append(str(feature["uri"]))
    external = (embed or {}).get("external") or {}
    if external.get("uri"):
        links.append(str(external["uri"]))
    return tuple(dict.fromkeys(links))


def _kind_and_media(embed: dict[str, Any]) -> tuple[str, tuple[dict, ...]]:
    kind = str((embed or {}).get("$type") or "")
    if kind.startswith("app.bsky.embed.recordWithMedia"):
        embed = embed.get("media") or {}
        kind = str(embed.get("$type") or "")
    if kind.startswith("app.bsky.embed.video"):
        return "video", ({"type": "video", "alt_text": str(embed.get("alt") or "")},)
    if kind.startswith("app.bsky.embed.images"):
        images = embed.get("images") or []
        return "image", tuple(
            {"type": "image", "alt_text": str(i.get("alt") or "")} for i in images
        )
    if kind.startswith("app.bsky.embed.external"):
        return "link", ()
    return "text", ()


def parse_post(view: dict[str, Any]) -> PostData:
    uri = str(view.get("uri") or "")
    record = view.get("record") or {}
    published = parse_time(record.get("createdAt")) or parse_time(view.get("indexedAt"))
    if not uri or published is None:
        raise PayloadError("a post without a URI or a date")
    handle = str((view.get("author") or {}).get("handle") or "")
    rkey = uri.rsplit("/", 1)[-1]
    embed = view.get("embed") or {}
    kind, media = _kind_and_media(embed)
    links = _links(record, embed)
    if kind == "text" and links:
        kind = "link"
    return PostData(
        platform_post_id=uri,
        published_at=published,
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else "",
        text=str(record.get("text") or ""),
        kind=kind,
        links=links,
        media=media,
        likes=to_int(view.get("likeCount")),
        replies=to_int(view.get("replyCount")),
        reposts=to_int(view.get("repostCount")),
        quotes=to_int(view.get("quoteCount")),
        saves=to_int(view.get("bookmarkCount")),
    )


def parse_feed(payload: dict[str, Any], *, did: str) -> tuple[list[PostData], str | None]:
    """The account's own posts on one page (reposts of others skipped) and the cursor."""
    posts = []
    for item in payload.get("feed") or []:
        if (item.get("reason") or {}).get("$type") == REPOST:
            continue
        view = item.get("post") or {}
        if (view.get("author") or {}).get("did") not in {did, None}:
            continue
        posts.append(parse_post(view))
    cursor = payload.get("cursor")
    return posts, str(cursor) if cursor else None
