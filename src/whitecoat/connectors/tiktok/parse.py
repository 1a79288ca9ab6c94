"""TikTok Display API v2 payloads → our data.

Every answer is an envelope `{"data": …, "error": {"code": "ok", …}}`: an error can arrive
with HTTP 200, so the code is checked on every answer. Views, likes, comments and shares
are given; impressions, reach, saves and link clicks are not (they need the separate API
for Business).
"""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.base import (
    PayloadError,
    PostData,
    Profile,
    RateLimited,
    TokenExpired,
    TokenRevoked,
    parse_time,
    to_int,
)


def check(status: int, payload: Any) -> Any:
    error = payload.get("error") if isinstance(payload, dict) else None
    code = str((error or {}).get("code") or "") if isinstance(error, dict) else ""
    message = str((error or {}).get("message") or "") if isinstance(error, dict) else ""
    if status == 200 and code == "ok":
        return payload.get("data") or {}
    if code == "access_token_invalid" or status == 401:
        raise TokenExpired(message or "access token invalid")
    if code in {"scope_not_authorized", "scope_permission_missed"}:
        raise TokenRevoked(message or "a permission was withdrawn: reconnect")
    if code == "rate_limit_exceeded" or status == 429:
        raise RateLimited(message or "rate limit exceeded", retry_after=60)
    raise PayloadError(f"HTTP {status}: {code or 'no error code'} {message}".strip())


def parse_user(data: dict[str, Any]) -> Profile:
    user = data.get("user") or {}
    if not user.get("open_id"):
        raise PayloadError("the user has no open_id")
    username = str(user.get("username") or "")
    return Profile(
        platform_user_id=str(user["open_id"]),
        handle=f"@{username}" if username else "",
        followers=to_int(user.get("follower_count")),
        following=to_int(user.get("following_count")),
        posts_count=to_int(user.get("video_count")),
        profile_url=f"https://www.tiktok.com/@{username}" if username else "",
        display_name=str(user.get("display_name") or ""),
    )


def parse_videos(data: dict[str, Any]) -> tuple[list[PostData], int | None]:
    posts = []
    for video in data.get("videos") or []:
        published = parse_time(video.get("create_time"))
        if not video.get("id") or published is None:
            raise PayloadError("a video without an id or a date")
        posts.append(
            PostData(
                platform_post_id=str(video["id"]),
                published_at=published,
                url=str(video.get("share_url") or ""),
                text=str(video.get("video_description") or video.get("title") or ""),
                kind="video",
                media=({"type": "video", "alt_text": ""},),
                likes=to_int(video.get("like_count")),
                replies=to_int(video.get("comment_count")),
                reposts=to_int(video.get("share_count")),
                video_views=to_int(video.get("view_count")),
            )
        )
    cursor = to_int(data.get("cursor")) if data.get("has_more") else None
    return posts, cursor
