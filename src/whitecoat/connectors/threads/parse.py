"""Threads API payloads → our data.

Views, likes, replies, reposts, quotes and shares come from each post's insights; the
follower count from the account's `threads_insights`. Link clicks per post and saves are
not given; reposts of other people's posts (REPOST_FACADE) are skipped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from whitecoat.connectors.base import PayloadError, PostData, Profile, parse_time
from whitecoat.connectors.meta import check, check_insights, insight_values, next_after

__all__ = ["check", "check_insights", "next_after"]

KINDS = {"VIDEO": "video", "IMAGE": "image", "CAROUSEL_ALBUM": "image", "TEXT_POST": "text"}


def parse_me(payload: dict[str, Any]) -> Profile:
    if not payload.get("id"):
        raise PayloadError("the profile has no id")
    username = str(payload.get("username") or "")
    return Profile(
        platform_user_id=str(payload["id"]),
        handle=f"@{username}" if username else "",
        profile_url=f"https://www.threads.net/@{username}" if username else "",
        display_name=str(payload.get("name") or ""),
    )


def followers(payload: dict[str, Any]) -> int | None:
    return insight_values(payload).get("followers_count")


def parse_threads(payload: dict[str, Any]) -> list[PostData]:
    posts = []
    for item in payload.get("data") or []:
        if item.get("media_type") == "REPOST_FACADE":
            continue
        published = parse_time(item.get("timestamp"))
        if not item.get("id") or published is None:
            raise PayloadError("a post without an id or a date")
        kind = KINDS.get(str(item.get("media_type") or ""), "text")
        link = str(item.get("link_attachment_url") or "")
        if kind == "text" and link:
            kind = "link"
        posts.append(
            PostData(
                platform_post_id=str(item["id"]),
                published_at=published,
                url=str(item.get("permalink") or ""),
                text=str(item.get("text") or ""),
                kind=kind,
                links=(link,) if link else (),
            )
        )
    return posts


def apply_insights(post: PostData, payload: dict[str, Any]) -> PostData:
    values = insight_values(payload)
    views = values.get("views")
    return replace(
        post,
        impressions=views,
        video_views=views if post.kind == "video" else None,
        likes=values.get("likes"),
        replies=values.get("replies"),
        reposts=values.get("reposts"),
        quotes=values.get("quotes"),
    )
