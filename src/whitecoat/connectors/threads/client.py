"""Calls to the Threads API (https://graph.threads.net/v1.0)."""

from __future__ import annotations

from typing import Any

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.meta import host_root
from whitecoat.connectors.threads import parse

CHECK = checked(parse.check)
CHECK_INSIGHTS = checked(parse.check_insights)


def me(client: ApiClient) -> dict[str, Any]:
    return client.get("/me", params={"fields": "id,username,name"}, check=CHECK)


def user_insights(client: ApiClient, *, user_id: str) -> dict[str, Any]:
    params = {"metric": "followers_count"}
    return client.get(f"/{user_id}/threads_insights", params=params, check=CHECK_INSIGHTS)


def threads(client: ApiClient, *, user_id: str, since: int) -> dict[str, Any]:
    params = {
        "fields": "id,media_type,permalink,text,timestamp,is_quote_post,link_attachment_url",
        "since": since,
        "limit": 25,
    }
    return client.get(f"/{user_id}/threads", params=params, check=CHECK)


def post_insights(client: ApiClient, *, media_id: str) -> dict[str, Any]:
    params = {"metric": "views,likes,replies,reposts,quotes,shares"}
    return client.get(f"/{media_id}/insights", params=params, check=CHECK_INSIGHTS)


def refresh(client: ApiClient, *, access_token: str) -> dict[str, Any]:
    params = {"grant_type": "th_refresh_token", "access_token": access_token}
    return client.get(
        f"{host_root(client.base_url)}/refresh_access_token", params=params, check=CHECK
    )


def long_lived(client: ApiClient, *, access_token: str, client_secret: str) -> dict[str, Any]:
    params = {
        "grant_type": "th_exchange_token",
        "client_secret": client_secret,
        "access_token": access_token,
    }
    return client.get(f"{host_root(client.base_url)}/access_token", params=params, check=CHECK)
