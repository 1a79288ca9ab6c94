"""LinkedIn: OAuth 2 (3-legged; no PKCE for web apps) and member post analytics."""

from __future__ import annotations

import datetime as dt

from whitecoat.connectors.base import (
    AccountData,
    Connector,
    Credentials,
    DayFlows,
    OAuthSpec,
    PostData,
    Profile,
)
from whitecoat.connectors.linkedin import client, parse

# Per-post analytics cost four calls a post: only the most recent known posts are read.
KNOWN_POSTS = 3


class LinkedInConnector(Connector):
    platform = "linkedin"
    label = "LinkedIn"
    default_base_url = "https://api.linkedin.com"
    oauth = OAuthSpec(
        authorize_url="https://www.linkedin.com/oauth/v2/authorization",
        token_url="https://www.linkedin.com/oauth/v2/accessToken",
        scopes=("r_member_postAnalytics", "r_member_profileAnalytics"),
        pkce=False,
    )
    not_given = ("following", "posts_count", "video_views", "link_clicks", "quotes")

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        profile = Profile(
            platform_user_id=credentials.platform_user_id,
            handle=credentials.handle,
            followers=parse.parse_followers(client.followers(self.client)),
        )
        yesterday = now.date() - dt.timedelta(days=1)
        totals = {
            kind: parse.parse_total(client.day_total(self.client, query_type=kind, day=yesterday))
            for kind in parse.QUERY_TYPES
        }
        engagement_parts = [totals[k] for k in ("REACTION", "COMMENT", "RESHARE")]
        known = [p for p in engagement_parts if p is not None]
        day = DayFlows(
            date=yesterday,
            engagements=sum(known) if known else None,
            impressions=totals["IMPRESSION"],
        )
        posts = []
        for urn in credentials.known_post_ids[:KNOWN_POSTS]:
            figures = {
                kind: parse.parse_total(client.post_total(self.client, urn=urn, query_type=kind))
                for kind in parse.QUERY_TYPES
            }
            posts.append(
                PostData(
                    platform_post_id=urn,
                    published_at=now,  # kept from the stored post; only figures update
                    impressions=figures["IMPRESSION"],
                    likes=figures["REACTION"],
                    replies=figures["COMMENT"],
                    reposts=figures["RESHARE"],
                )
            )
        return AccountData(profile=profile, posts=posts, day=day, figures_only=True)
