"""YouTube: Google OAuth 2 with PKCE and offline access (refresh tokens)."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, OAuthSpec
from whitecoat.connectors.youtube import client, parse


class YouTubeConnector(Connector):
    platform = "youtube"
    label = "YouTube"
    default_base_url = "https://youtube.googleapis.com"
    oauth = OAuthSpec(
        authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
        token_url="https://oauth2.googleapis.com/token",
        scopes=("https://www.googleapis.com/auth/youtube.readonly",),
        pkce=True,
        extra_authorize_params=(("access_type", "offline"), ("prompt", "consent")),
    )
    not_given = ("following", "impressions", "reposts", "saves", "link_clicks", "quotes")

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile, uploads = parse.parse_channel(client.my_channel(self.client))
        if not uploads:
            return AccountData(profile=profile)
        ids = parse.parse_playlist(client.playlist_items(self.client, playlist_id=uploads))
        if not ids:
            return AccountData(profile=profile)
        since = self.since(now)
        posts = [
            p
            for p in parse.parse_videos(client.videos(self.client, ids=ids))
            if p.published_at >= since
        ]
        return AccountData(profile=profile, posts=posts)
