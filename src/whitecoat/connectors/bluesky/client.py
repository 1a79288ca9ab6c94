"""Calls to a Bluesky AppView (public reads, no token): https://public.api.bsky.app."""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.bluesky import parse
from whitecoat.connectors.http import ApiClient, checked

CHECK = checked(parse.check)


def get_profile(client: ApiClient, *, actor: str) -> dict[str, Any]:
    return client.get("/xrpc/app.bsky.actor.getProfile", params={"actor": actor}, check=CHECK)


def get_author_feed(
    client: ApiClient, *, actor: str, cursor: str | None = None, limit: int = 50
) -> dict[str, Any]:
    params: dict[str, Any] = {"actor": actor, "limit": limit, "filter": "posts_no_replies"}
    if cursor:
        params["cursor"] = cursor
    return client.get("/xrpc/app.bsky.feed.getAuthorFeed", params=params, check=CHECK)
