"""Instagram (Instagram API with Instagram Login) payloads → our data.

Professional accounts only. Likes and comments come with the media list; views, reach,
saves and shares come from each media's insights (which may lag up to 48 hours, and are
absent for media with too few viewers — None, not zero). Link clicks are not given.
"""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.base import PayloadError, PostData, Profile, parse_time, to_int
from whitecoat.connectors.meta import check, check_insights, insight_values, next_after

__all__ = ["check", "check_insights", "next_after", "parse_media", "parse_profile"]

KINDS = {"VIDEO": "video", "REELS": "video", "IMAGE": "image", "CAROUSEL_ALBUM": "image"}


def parse_profile(payload: dict[str, Any]) -> Profile:
    user_id = payload.get("user_id") or payload.get("id")
    if not user_id:
        raise PayloadError("the profile has no id")
    username = str(payload.get("username") or "")
    return Profile(
        platform_user_id=str(user_id),
        handle=f"@{username}" if username else "",
        followers=to_int(payload.get("followers_count")),
        following=to_int(payload.get("follows_count")),
        posts_count=to_int(payload.get("media_count")),
        profile_url=f"https://www.instagram.com/{username}/" if username else "",
        display_name=str(payload.get("name") or ""),
    )


def parse_media(payload: dict[str, Any]) -> list[PostData]:
    posts = []
    for media in payload.get("data") or []:
        published = parse_time(media.get("timestamp"))
        if not media.get("id") or published is None:
            raise PayloadError("a media without an id or a date")
        product = str(media.get("media_product_type") or "")
        kind = KINDS.get(product) or KINDS.get(str(media.get("media_type") or ""), "image")
        posts.append(
            PostData(
                platform_post_id=str(media["id"]),
                published_at=published,
                url=str(media.get("permalink") or ""),
                text=str(media.get("caption") or ""),
                kind=kind,
                media=({"type": kind, "alt_text": str(media.get("alt_text") or "")},),
                likes=to_int(media.get("like_count")),
                replies=to_int(media.get("comments_count")),
            )
        )
    return posts


def apply_insights(post: PostData, payload: dict[str, Any]) -> PostData:
    from dataclasses import replace

    values = insight_values(payload)
    views = values.get("views")
    return replace(
        post,
        impressions=views,
        video_views=views if post.kind == "video" else None,
        saves=values.get("saved"),
        reposts=values.get("shares"),
    )
