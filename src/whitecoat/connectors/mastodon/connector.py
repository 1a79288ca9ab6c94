"""Mastodon: public reads on the account's home instance (its counts are the fresh ones)."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import AccountData, Connector, Credentials, Profile
from whitecoat.connectors.mastodon import client, parse


class MastodonConnector(Connector):
    platform = "mastodon"
    label = "Mastodon"
    default_base_url = ""  # each account's own instance, https://<domain of the handle>
    public = True
    not_given = ("impressions", "video_views", "link_clicks", "saves")

    def resolve(self, handle: str) -> Profile:
        user, domain = parse.split_handle(handle)
        return parse.parse_account(client.lookup(self.client, acct=user), domain=domain)

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        _, domain = parse.split_handle(credentials.handle) if credentials.handle else ("", "")
        account_id = credentials.platform_user_id
        if not account_id:
            account_id = self.resolve(credentials.handle).platform_user_id
        profile = parse.parse_account(
            client.account(self.client, account_id=account_id), domain=domain
        )
        since = self.since(now)
        posts, max_id = [], None
        for _ in range(self.max_pages):
            page, max_id = client.statuses(self.client, account_id=account_id, max_id=max_id)
            batch = parse.parse_statuses(page)
            posts.extend(p for p in batch if p.published_at >= since)
            if not max_id or not batch or min(p.published_at for p in batch) < since:
                break
        return AccountData(profile=profile, posts=posts)
