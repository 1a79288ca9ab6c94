"""Bluesky: public reads of any account by DID or handle; nothing to authorise."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, Profile
from whitecoat.connectors.bluesky import client, parse


class BlueskyConnector(Connector):
    platform = "bluesky"
    label = "Bluesky"
    default_base_url = "https://public.api.bsky.app"
    public = True
    not_given = ("impressions", "video_views", "link_clicks")

    def resolve(self, handle: str) -> Profile:
        return parse.parse_profile(client.get_profile(self.client, actor=handle.lstrip("@")))

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        actor = credentials.platform_user_id or credentials.handle.lstrip("@")
        profile = parse.parse_profile(client.get_profile(self.client, actor=actor))
        since = self.since(now)
        posts, cursor = [], None
        for _ in range(self.max_pages):
            page = client.get_author_feed(
                self.client, actor=profile.platform_user_id, cursor=cursor
            )
            batch, cursor = parse.parse_feed(page, did=profile.platform_user_id)
            posts.extend(p for p in batch if p.published_at >= since)
            if not cursor or any(p.published_at < since for p in batch):
                break
        return AccountData(profile=profile, posts=posts)
