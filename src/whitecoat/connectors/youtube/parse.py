"""YouTube Data API v3 payloads (channels, playlistItems, videos) → our data.

Counts arrive as strings (uint64). The channel gives subscribers (absent when the owner
hides them) and the video count; each video gives views, likes and comments. Following,
impressions, reposts, saves and link clicks are not given by the Data API.
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
    TokenRevoked,
    parse_time,
    to_int,
)

QUOTA_REASONS = {
    "quotaExceeded",
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "dailyLimitExceeded",
}


def check(status: int, payload: Any) -> Any:
    error = payload.get("error") if isinstance(payload, dict) else None
    if status == 200 and isinstance(payload, dict) and not error:
        return payload
    if not isinstance(error, dict):
        raise PayloadError(f"HTTP {status}: unexpected answer")
    reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
    message = str(error.get("message") or "")
    if status == 401 or "authError" in reasons:
        raise TokenExpired(message or "invalid credentials")
    if reasons & QUOTA_REASONS:
        raise RateLimited(message or "quota exceeded", retry_after=3600)
    if status == 403:
        raise TokenRevoked(message or "access to the channel was withdrawn")
    if status == 404:
        raise AccountNotFound(message)
    raise PayloadError(f"HTTP {status}: {message or 'error'}")


def parse_channel(payload: dict[str, Any]) -> tuple[Profile, str]:
    """The channel's profile and its uploads playlist id."""
    items = payload.get("items") or []
    if not items:
        raise AccountNotFound("no channel for this Google account")
    channel = items[0]
    stats = channel.get("statistics") or {}
    snippet = channel.get("snippet") or {}
    custom = str(snippet.get("customUrl") or "")
    uploads = ((channel.get("contentDetails") or {}).get("relatedPlaylists") or {}).get("uploads")
    hidden = bool(stats.get("hiddenSubscriberCount"))
    profile = Profile(
        platform_user_id=str(channel.get("id") or ""),
        handle=custom if custom.startswith("@") else (f"@{custom}" if custom else ""),
        followers=None if hidden else to_int(stats.get("subscriberCount")),
        posts_count=to_int(stats.get("videoCount")),
        profile_url=f"https://www.youtube.com/channel/{channel.get('id')}",
        display_name=str(snippet.get("title") or ""),
    )
    return profile, str(uploads or "")


def parse_playlist(payload: dict[str, Any]) -> list[str]:
    return [
        str((item.get("contentDetails") or {}).get("videoId"))
        for item in payload.get("items") or []
        if (item.get("contentDetails") or {}).get("videoId")
    ]


def parse_videos(payload: dict[str, Any]) -> list[PostData]:
    posts = []
    for video in payload.get("items") or []:
        snippet = video.get("snippet") or {}
        published = parse_time(snippet.get("publishedAt"))
        if not video.get("id") or published is None:
            raise PayloadError("a video without an id or a date")
        stats = video.get("statistics") or {}
        posts.append(
            PostData(
                platform_post_id=str(video["id"]),
                published_at=published,
                url=f"https://www.youtube.com/watch?v={video['id']}",
                text=str(snippet.get("title") or ""),
                kind="video",
                media=({"type": "video", "alt_text": ""},),
                likes=to_int(stats.get("likeCount")),
                replies=to_int(stats.get("commentCount")),
                video_views=to_int(stats.get("viewCount")),
            )
        )
    return posts
