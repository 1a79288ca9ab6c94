"""Calls to TikTok's Display API (https://open.tiktokapis.com/v2)."""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.tiktok import parse

CHECK = checked(parse.check)
USER_FIELDS = (
    "open_id,union_id,display_name,username,follower_count,following_count,likes_count,video_count"
)
VIDEO_FIELDS = (
    "id,create_time,title,video_description,share_url,"
    "view_count,like_count,comment_count,share_count"
)


def user_info(client: ApiClient) -> dict[str, Any]:
    return client.get("/v2/user/info/", params={"fields": USER_FIELDS}, check=CHECK)


def video_list(client: ApiClient, *, cursor: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"max_count": 20}
    if cursor:
        body["cursor"] = cursor
    return client.request(
        "POST", "/v2/video/list/", params={"fields": VIDEO_FIELDS}, json_body=body, check=CHECK
    )
