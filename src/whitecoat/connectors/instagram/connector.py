"""Instagram: Instagram Login (no Facebook Page needed), 60-day tokens refreshed in place."""

from __future__ import annotations

import contextlib
import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, OAuthSpec, TokenSet
from whitecoat.connectors.instagram import client, parse
from whitecoat.connectors.meta import NoInsights
from whitecoat.connectors.oauth import token_set

# Insights cost a call per media: only the most recent media in the window are read.
INSIGHT_POSTS = 10


class InstagramConnector(Connector):
    platform = "instagram"
    label = "Instagram"
    default_base_url = "https://graph.instagram.com/v24.0"
    oauth = OAuthSpec(
        authorize_url="https://www.instagram.com/oauth/authorize",
        token_url="https://api.instagram.com/oauth/access_token",
        scopes=("instagram_business_basic", "instagram_business_manage_insights"),
        pkce=False,
        scope_separator=",",
    )
    not_given = ("link_clicks", "quotes")
    max_pages = 1
    refresh_ahead = dt.timedelta(days=7)
    refresh_with_access_token = True

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile = parse.parse_profile(client.me(self.client))
        page = client.media(self.client, user_id=profile.platform_user_id)
        since = self.since(now)
        posts = [p for p in parse.parse_media(page) if p.published_at >= since]
        detailed = []
        for index, post in enumerate(posts):
            if index < INSIGHT_POSTS:
                with contextlib.suppress(NoInsights):  # too few viewers: figures stay absent
                    insights = client.media_insights(self.client, media_id=post.platform_post_id)
                    post = parse.apply_insights(post, insights)
            detailed.append(post)
        return AccountData(profile=profile, posts=detailed)

    def exchange_extra(self, tokens: TokenSet, *, client_secret: str) -> TokenSet:
        payload = client.long_lived(
            self.client, access_token=tokens.access_token, client_secret=client_secret
        )
        long = token_set(payload)
        return TokenSet(
            access_token=long.access_token,
            expires_at=long.expires_at,
            scopes=tokens.scopes,
            platform_user_id=tokens.platform_user_id,
        )

    def refresh(
        self, *, refresh_token: str, client_id: str, client_secret: str, token_url: str
    ) -> TokenSet:
        # Instagram refreshes the long-lived access token itself (no refresh token).
        return token_set(client.refresh(self.client, access_token=refresh_token))
