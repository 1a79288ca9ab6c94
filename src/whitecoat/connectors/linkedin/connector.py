"""LinkedIn: OAuth 2 (3-legged; no PKCE for web apps) and member post analytics."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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
        person = credentials.platform_user_id
        if not person and credentials.granted("openid"):
            person = parse.parse_userinfo(client.userinfo(self.client))
        profile = Profile(
            platform_user_id=person,
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
        if person and credentials.granted("r_member_social"):
            # The app may list the member's posts: new ones are stored (under the API's
            # ids), and the most recent get their figures.
            page = client.posts(self.client, author=f"urn:li:person:{person}")
            listed = parse.parse_posts(page, since=self.since(now))
            posts = [
                self._with_figures(post) if index < KNOWN_POSTS else post
                for index, post in enumerate(listed)
            ]
            return AccountData(profile=profile, posts=posts, day=day)
        posts = [
            self._with_figures(PostData(platform_post_id=urn, published_at=now))
            for urn in credentials.known_post_ids[:KNOWN_POSTS]
        ]  # published_at is a stand-in: only the figures of stored posts are updated
        return AccountData(profile=profile, posts=posts, day=day, figures_only=True)

    def _with_figures(self, post: PostData) -> PostData:
        figures = {
            kind: parse.parse_total(
                client.post_total(self.client, urn=post.platform_post_id, query_type=kind)
            )
            for kind in parse.QUERY_TYPES
        }
        return replace(
            post,
            impressions=figures["IMPRESSION"],
            likes=figures["REACTION"],
            replies=figures["COMMENT"],
            reposts=figures["RESHARE"],
            has_figures=True,
        )
