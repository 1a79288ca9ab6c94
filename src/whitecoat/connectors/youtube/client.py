"""Calls to the YouTube Data API v3 (https://youtube.googleapis.com/youtube/v3)."""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.youtube import parse

CHECK = checked(parse.check)


def my_channel(client: ApiClient) -> dict[str, Any]:
    params = {"part": "snippet,statistics,contentDetails", "mine": "true"}
    return client.get("/youtube/v3/channels", params=params, check=CHECK)


def playlist_items(client: ApiClient, *, playlist_id: str) -> dict[str, Any]:
    params = {"part": "contentDetails", "playlistId": playlist_id, "maxResults": 25}
    return client.get("/youtube/v3/playlistItems", params=params, check=CHECK)


def videos(client: ApiClient, *, ids: list[str]) -> dict[str, Any]:
    params = {"part": "snippet,statistics", "id": ",".join(ids)}
    return client.get("/youtube/v3/videos", params=params, check=CHECK)
