"""Calls to the Instagram Graph API (https://graph.instagram.com/v24.0)."""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.instagram import parse
from whitecoat.connectors.meta import host_root

CHECK = checked(parse.check)
CHECK_INSIGHTS = checked(parse.check_insights)
MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
)


def me(client: ApiClient) -> dict[str, Any]:
    fields = "user_id,username,name,followers_count,follows_count,media_count"
    return client.get("/me", params={"fields": fields}, check=CHECK)


def media(client: ApiClient, *, user_id: str, after: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"fields": MEDIA_FIELDS, "limit": 25}
    if after:
        params["after"] = after
    return client.get(f"/{user_id}/media", params=params, check=CHECK)


def media_insights(client: ApiClient, *, media_id: str) -> dict[str, Any]:
    params = {"metric": "views,reach,saved,shares"}
    return client.get(f"/{media_id}/insights", params=params, check=CHECK_INSIGHTS)


def refresh(client: ApiClient, *, access_token: str) -> dict[str, Any]:
    params = {"grant_type": "ig_refresh_token", "access_token": access_token}
    return client.get(
        f"{host_root(client.base_url)}/refresh_access_token", params=params, check=CHECK
    )


def long_lived(client: ApiClient, *, access_token: str, client_secret: str) -> dict[str, Any]:
    params = {
        "grant_type": "ig_exchange_token",
        "client_secret": client_secret,
        "access_token": access_token,
    }
    return client.get(f"{host_root(client.base_url)}/access_token", params=params, check=CHECK)
