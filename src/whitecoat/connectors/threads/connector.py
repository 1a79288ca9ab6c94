"""Threads: Meta OAuth (threads_basic, threads_manage_insights), 60-day tokens."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace

from whitecoat.connectors.base import AccountData, Connector, Credentials, OAuthSpec, TokenSet
from whitecoat.connectors.meta import NoInsights
from whitecoat.connectors.oauth import token_set
from whitecoat.connectors.threads import client, parse

INSIGHT_POSTS = 10
# `since` does not work before 2024-04-13 (the API's start).
EARLIEST = 1712991600


class ThreadsConnector(Connector):
    platform = "threads"
    label = "Threads"
    default_base_url = "https://graph.threads.net/v1.0"
    oauth = OAuthSpec(
        authorize_url="https://threads.net/oauth/authorize",
        token_url="https://graph.threads.net/oauth/access_token",
        scopes=("threads_basic", "threads_manage_insights"),
        pkce=False,
        scope_separator=",",
    )
    not_given = ("following", "posts_count", "saves", "link_clicks")
    refresh_ahead = dt.timedelta(days=7)
    refresh_with_access_token = True

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile = parse.parse_me(client.me(self.client))
        with contextlib.suppress(NoInsights):  # too few viewers: figures stay absent
            insights = client.user_insights(self.client, user_id=profile.platform_user_id)
            profile = replace(profile, followers=parse.followers(insights))
        since = max(int(self.since(now).timestamp()), EARLIEST)
        page = client.threads(self.client, user_id=profile.platform_user_id, since=since)
        posts = []
        for index, post in enumerate(parse.parse_threads(page)):
            if index < INSIGHT_POSTS:
                with contextlib.suppress(NoInsights):  # too few viewers: figures stay absent
                    post = parse.apply_insights(
                        post, client.post_insights(self.client, media_id=post.platform_post_id)
                    )
            posts.append(post)
        return AccountData(profile=profile, posts=posts)

    def exchange_extra(self, tokens: TokenSet, *, client_secret: str) -> TokenSet:
        payload = client.long_lived(
            self.client, access_token=tokens.access_token, client_secret=client_secret
        )
        long = token_set(payload)
        return replace(long, scopes=tokens.scopes, platform_user_id=tokens.platform_user_id)

    def refresh(
        self, *, refresh_token: str, client_id: str, client_secret: str, token_url: str
    ) -> TokenSet:
        return token_set(client.refresh(self.client, access_token=refresh_token))
