"""X: OAuth 2 with PKCE (user context, refresh tokens through offline.access)."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, OAuthSpec
from whitecoat.connectors.x import client, parse


class XConnector(Connector):
    platform = "x"
    label = "X"
    default_base_url = "https://api.x.com"
    oauth = OAuthSpec(
        authorize_url="https://x.com/i/oauth2/authorize",
        token_url="https://api.x.com/2/oauth2/token",
        scopes=("tweet.read", "users.read", "offline.access"),
        pkce=True,
        client_auth="basic",
    )
    # Owner-only metrics exist for the last 30 days only.
    window_days = 29

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile = parse.parse_me(client.users_me(self.client))
        username = profile.handle.lstrip("@")
        posts, token = [], None
        for _ in range(self.max_pages):
            page = client.user_tweets(
                self.client,
                user_id=profile.platform_user_id,
                start_time=self.since(now),
                token=token,
            )
            batch, token = parse.parse_tweets(page, username=username)
            posts.extend(batch)
            if not token:
                break
        return AccountData(profile=profile, posts=posts)
