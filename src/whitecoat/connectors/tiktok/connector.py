"""TikTok: Login Kit OAuth 2 (client_key; 24-hour tokens, year-long refresh tokens)."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, OAuthSpec
from whitecoat.connectors.tiktok import client, parse


class TikTokConnector(Connector):
    platform = "tiktok"
    label = "TikTok"
    default_base_url = "https://open.tiktokapis.com"
    oauth = OAuthSpec(
        authorize_url="https://www.tiktok.com/v2/auth/authorize/",
        token_url="https://open.tiktokapis.com/v2/oauth/token/",
        scopes=("user.info.basic", "user.info.profile", "user.info.stats", "video.list"),
        pkce=False,
        scope_separator=",",
        client_id_param="client_key",
    )
    not_given = ("impressions", "saves", "link_clicks", "quotes")
    # 600 calls a minute (per endpoint; kept for both together), and no headers about it.
    rate_limit = (600, 60.0)

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile = parse.parse_user(client.user_info(self.client))
        since = self.since(now)
        posts, cursor = [], None
        for _ in range(self.max_pages):
            batch, cursor = parse.parse_videos(client.video_list(self.client, cursor=cursor))
            posts.extend(p for p in batch if p.published_at >= since)
            if cursor is None or not batch or min(p.published_at for p in batch) < since:
                break
        return AccountData(profile=profile, posts=posts)
