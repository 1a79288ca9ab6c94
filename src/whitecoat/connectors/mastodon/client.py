"""Calls to a Mastodon instance's REST API (public reads; a token when there is one)."""

from __future__ import annotations

from typing import Any

import httpx

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.mastodon import parse

CHECK = checked(parse.check)


def lookup(client: ApiClient, *, acct: str) -> dict[str, Any]:
    return client.get("/api/v1/accounts/lookup", params={"acct": acct}, check=CHECK)


def account(client: ApiClient, *, account_id: str) -> dict[str, Any]:
    return client.get(f"/api/v1/accounts/{account_id}", check=CHECK)


def statuses(
    client: ApiClient, *, account_id: str, max_id: str | None = None, limit: int = 40
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of statuses and the next page's max_id, read from the Link header."""

    def check(response: httpx.Response) -> tuple[Any, str | None]:
        payload = CHECK(response)
        return payload, parse.next_max_id(response.links.get("next", {}).get("url"))

    params: dict[str, Any] = {"limit": limit, "exclude_reblogs": "true"}
    if max_id:
        params["max_id"] = max_id
    return client.get(f"/api/v1/accounts/{account_id}/statuses", params=params, check=check)
