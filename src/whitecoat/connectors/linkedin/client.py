"""Calls to LinkedIn's versioned REST API (https://api.linkedin.com/rest)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from whitecoat.connectors.http import ApiClient, checked
from whitecoat.connectors.linkedin import parse

CHECK = checked(parse.check)
CHECK_USERINFO = checked(parse.check_userinfo)
# Every call names the API version; versions are sunset after about a year.
HEADERS = {"LinkedIn-Version": "202511", "X-Restli-Protocol-Version": "2.0.0"}


def followers(client: ApiClient) -> dict[str, Any]:
    return client.get("/rest/memberFollowersCount?q=me", check=CHECK)


def day_total(client: ApiClient, *, query_type: str, day: dt.date) -> dict[str, Any]:
    # Rest.li's structured parameters go unencoded, so the query is written out here.
    url = (
        f"/rest/memberCreatorPostAnalytics?q=me&queryType={query_type}"
        f"&aggregation=DAILY&dateRange={parse.date_range(day)}"
    )
    return client.get(url, check=CHECK)


def post_total(client: ApiClient, *, urn: str, query_type: str) -> dict[str, Any]:
    url = (
        f"/rest/memberCreatorPostAnalytics?q=entity&entity={quote(urn, safe='')}"
        f"&queryType={query_type}&aggregation=TOTAL"
    )
    return client.get(url, check=CHECK)


def userinfo(client: ApiClient) -> dict[str, Any]:
    """The member's OpenID Connect claims (scope `openid`): `sub` is their person id."""
    return client.get("/v2/userinfo", check=CHECK_USERINFO)


def posts(client: ApiClient, *, author: str, count: int = 20) -> dict[str, Any]:
    """The member's recent posts (Posts API, finder by author; needs `r_member_social`)."""
    url = f"/rest/posts?author={quote(author, safe='')}&q=author&count={count}&sortBy=LAST_MODIFIED"
    return client.request("GET", url, check=CHECK, headers={"X-RestLi-Method": "FINDER"})
