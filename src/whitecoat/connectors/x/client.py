"""Calls to the X API v2 (https://api.x.com) with the member's OAuth 2 user token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.x import parse

CHECK = checked(parse.check)
TWEET_FIELDS = "created_at,text,entities,attachments,public_metrics,non_public_metrics"


def users_me(client: ApiClient) -> dict[str, Any]:
    return client.get(
        "/2/users/me", params={"user.fields": "public_metrics,username,name"}, check=CHECK
    )


def user_tweets(
    client: ApiClient, *, user_id: str, start_time: dt.datetime, token: str | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "max_results": 100,
        "exclude": "retweets,replies",
        "start_time": start_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tweet.fields": TWEET_FIELDS,
        "expansions": "attachments.media_keys",
        "media.fields": "type,public_metrics,alt_text",
    }
    if token:
        params["pagination_token"] = token
    return client.get(f"/2/users/{user_id}/tweets", params=params, check=CHECK)
