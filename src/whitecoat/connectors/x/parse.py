"""X API v2 payloads (users/me, users/:id/tweets) → our data.

Owner-only figures (`non_public_metrics`: impressions, link clicks) exist only for posts
from the last 30 days; when absent, the public `impression_count` is used for impressions
and link clicks stay None. Video views come from the attached media's `view_count`.
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


def check(status: int, payload: Any) -> Any:
    if status == 200 and isinstance(payload, dict) and "data" in payload:
        return payload  # partial errors beside data are tolerated
    detail = ""
    if isinstance(payload, dict):
        errors = payload.get("errors") or []
        first = errors[0] if errors and isinstance(errors[0], dict) else {}
        detail = str(payload.get("detail") or first.get("detail") or first.get("message") or "")
        if status == 200 and not errors and "meta" in payload:
            return payload  # an empty timeline: meta.result_count == 0, no data
        codes = {e.get("code") for e in errors if isinstance(e, dict)}
        if 88 in codes:
            raise RateLimited(detail or "rate limit exceeded")
        if 89 in codes:
            raise TokenExpired(detail or "invalid or expired token")
        kinds = " ".join(str(e.get("type") or "") for e in errors if isinstance(e, dict))
        if "resource-not-found" in kinds:
            raise AccountNotFound(detail)
    if status == 401:
        raise TokenExpired(detail or "unauthorized")
    if status == 403 and "suspend" not in detail.lower():
        raise TokenRevoked(detail or "forbidden")
    if status == 429:
        raise RateLimited(detail or "too many requests")
    raise PayloadError(f"HTTP {status}: {detail or 'error in the answer'}")


def parse_me(payload: dict[str, Any]) -> Profile:
    user = payload.get("data") or {}
    if not user.get("id"):
        raise PayloadError("the user has no id")
    metrics = user.get("public_metrics") or {}
    username = str(user.get("username") or "")
    return Profile(
        platform_user_id=str(user["id"]),
        handle=f"@{username}" if username else "",
        followers=to_int(metrics.get("followers_count")),
        following=to_int(metrics.get("following_count")),
        posts_count=to_int(metrics.get("tweet_count")),
        profile_url=f"https://x.com/{username}" if username else "",
        display_name=str(user.get("name") or ""),
    )


def parse_tweets(
    payload: dict[str, Any], *, username: str = ""
) -> tuple[list[PostData], str | None]:
    media = {m.get("media_key"): m for m in (payload.get("includes") or {}).get("media") or []}
    posts = []
    for tweet in payload.get("data") or []:
        published = parse_time(tweet.get("created_at"))
        if not tweet.get("id") or published is None:
            raise PayloadError("a post without an id or a date")
        public = tweet.get("public_metrics") or {}
        private = tweet.get("non_public_metrics") or tweet.get("organic_metrics") or {}
        attached = [
            media[key]
            for key in (tweet.get("attachments") or {}).get("media_keys") or []
            if key in media
        ]
        videos = [m for m in attached if m.get("type") in {"video", "animated_gif"}]
        views = [to_int((m.get("public_metrics") or {}).get("view_count")) for m in videos]
        known_views = [v for v in views if v is not None]
        links = tuple(
            str(u.get("unwound_url") or u.get("expanded_url") or u.get("url"))
            for u in (tweet.get("entities") or {}).get("urls") or []
            if not str(u.get("expanded_url") or "").startswith(
                ("https://x.com/", "https://twitter.com/")
            )
        )
        kind = "video" if videos else "image" if attached else "link" if links else "text"
        impressions = to_int(private.get("impression_count"))
        if impressions is None:
            impressions = to_int(public.get("impression_count"))
        posts.append(
            PostData(
                platform_post_id=str(tweet["id"]),
                published_at=published,
                url=f"https://x.com/{username or 'i'}/status/{tweet['id']}",
                text=str(tweet.get("text") or ""),
                kind=kind,
                links=links,
                media=tuple(
                    {
                        "type": "video" if m in videos else "image",
                        "alt_text": str(m.get("alt_text") or ""),
                    }
                    for m in attached
                ),
                likes=to_int(public.get("like_count")),
                replies=to_int(public.get("reply_count")),
                reposts=to_int(public.get("retweet_count")),
                quotes=to_int(public.get("quote_count")),
                saves=to_int(public.get("bookmark_count")),
                impressions=impressions,
                video_views=sum(known_views) if known_views else None,
                link_clicks=to_int(private.get("url_link_clicks")),
            )
        )
    token = (payload.get("meta") or {}).get("next_token")
    return posts, str(token) if token else None
