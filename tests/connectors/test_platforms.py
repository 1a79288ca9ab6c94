"""Each connector against a loopback HTTP server serving doc-shaped fixtures.

The server asserts method, path, query and headers; the cases are the happy path, an
empty list, the last page, a missing metric, an expired or revoked token, a 429 with the
platform's rate-limit headers, and an error envelope inside an HTTP 200.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tests.connectors.conftest import NOW, bearer, fixture, make_api
from whitecoat.connectors.base import (
    AccountNotFound,
    Credentials,
    PayloadError,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)
from whitecoat.connectors.bluesky.connector import BlueskyConnector
from whitecoat.connectors.instagram.connector import InstagramConnector
from whitecoat.connectors.linkedin.connector import LinkedInConnector
from whitecoat.connectors.mastodon.connector import MastodonConnector
from whitecoat.connectors.threads.connector import ThreadsConnector
from whitecoat.connectors.tiktok.connector import TikTokConnector
from whitecoat.connectors.x.connector import XConnector
from whitecoat.connectors.youtube.connector import YouTubeConnector

CREDS = Credentials(access_token="test-access-token")
X_USER = "1500000000000000001"
X_TWEETS = f"/2/users/{X_USER}/tweets"


def x_tweets_query(token: str | None = None) -> dict[str, str]:
    query = {
        "max_results": "100",
        "exclude": "retweets,replies",
        "start_time": "2026-10-23T23:30:00Z",
        "tweet.fields": "created_at,text,entities,attachments,public_metrics,non_public_metrics",
        "expansions": "attachments.media_keys",
        "media.fields": "type,public_metrics,alt_text",
    }
    if token:
        query["pagination_token"] = token
    return query


# ------------------------------------------------------------------------------------ X


def _x_me(httpserver):
    httpserver.expect_ordered_request(
        "/2/users/me",
        method="GET",
        query_string={"user.fields": "public_metrics,username,name"},
        headers=bearer(),
    ).respond_with_json(fixture("x/users_me__ok.json"))


def test_x_fetch_reads_profile_and_pages_to_the_last(httpserver, pool, sleeps):
    _x_me(httpserver)
    httpserver.expect_ordered_request(
        X_TWEETS, method="GET", query_string=x_tweets_query(), headers=bearer()
    ).respond_with_json(fixture("x/tweets__page1.json"))
    token = fixture("x/tweets__page1.json")["meta"]["next_token"]
    httpserver.expect_ordered_request(
        X_TWEETS, method="GET", query_string=x_tweets_query(token), headers=bearer()
    ).respond_with_json(fixture("x/tweets__last_page.json"))
    api = make_api(httpserver, "x", pool, sleeps)

    data = XConnector(api).fetch(CREDS, now=NOW)

    httpserver.check_assertions()
    assert (data.profile.platform_user_id, data.profile.handle) == (X_USER, "@ada_example_md")
    assert (data.profile.followers, data.profile.following, data.profile.posts_count) == (
        1843,
        512,
        2210,
    )
    first, video, last = data.posts
    assert (first.likes, first.replies, first.reposts, first.quotes, first.saves) == (
        31,
        2,
        4,
        1,
        3,
    )
    assert (first.impressions, first.link_clicks, first.video_views) == (2405, 58, None)
    assert first.links == ("https://hospital.example.org/flu",)
    assert first.kind == "image"
    assert (video.kind, video.video_views) == ("video", 4321)
    # The last page's post has no owner-only metrics: link clicks absent, not zero.
    assert (last.impressions, last.link_clicks) == (700, None)
    assert api.requests == 3


def test_x_fetch_with_no_posts_gives_an_empty_list(httpserver, pool, sleeps):
    _x_me(httpserver)
    httpserver.expect_ordered_request(X_TWEETS, query_string=x_tweets_query()).respond_with_json(
        fixture("x/tweets__empty.json")
    )

    data = XConnector(make_api(httpserver, "x", pool, sleeps)).fetch(CREDS, now=NOW)

    assert data.posts == []
    assert data.profile.followers == 1843


def test_x_expired_token_raises_token_expired(httpserver, pool, sleeps):
    httpserver.expect_request("/2/users/me").respond_with_json(
        fixture("x/error__expired.json"), status=401
    )

    with pytest.raises(TokenExpired):
        XConnector(make_api(httpserver, "x", pool, sleeps)).fetch(CREDS, now=NOW)


def test_x_429_waits_until_the_reset_header_then_retries(httpserver, pool, sleeps):
    reset = int(time.time()) + 40
    httpserver.expect_ordered_request("/2/users/me").respond_with_json(
        fixture("x/error__rate_limited.json"),
        status=429,
        headers={
            "x-rate-limit-limit": "75",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(reset),
        },
    )
    _x_me(httpserver)
    httpserver.expect_ordered_request(X_TWEETS).respond_with_json(fixture("x/tweets__empty.json"))

    data = XConnector(make_api(httpserver, "x", pool, sleeps)).fetch(CREDS, now=NOW)

    assert data.profile.followers == 1843
    assert len(sleeps) == 1
    assert 38 <= sleeps[0] <= 42  # until the reset, plus up to a second of jitter


def test_x_429_gives_up_after_the_retry_limit(httpserver, pool, sleeps):
    httpserver.expect_request("/2/users/me").respond_with_json(
        fixture("x/error__rate_limited.json"), status=429, headers={"retry-after": "5"}
    )
    api = make_api(httpserver, "x", pool, sleeps, max_attempts=3)

    with pytest.raises(RateLimited):
        XConnector(api).fetch(CREDS, now=NOW)

    assert api.requests == 3
    assert len(sleeps) == 2


def test_x_wait_longer_than_the_limit_is_not_slept(httpserver, pool, sleeps):
    httpserver.expect_request("/2/users/me").respond_with_json(
        fixture("x/error__rate_limited.json"), status=429, headers={"retry-after": "3600"}
    )
    api = make_api(httpserver, "x", pool, sleeps, max_wait=60)

    with pytest.raises(RateLimited):
        XConnector(api).fetch(CREDS, now=NOW)

    assert sleeps == []


def test_x_error_envelope_in_a_200_is_an_error(httpserver, pool, sleeps):
    httpserver.expect_request("/2/users/me").respond_with_json(fixture("x/error__in_200.json"))

    with pytest.raises(AccountNotFound):
        XConnector(make_api(httpserver, "x", pool, sleeps)).fetch(CREDS, now=NOW)


def test_x_low_remaining_budget_waits_for_the_window(httpserver, pool, sleeps):
    reset = int(time.time()) + 30
    headers = {
        "x-rate-limit-limit": "900",
        "x-rate-limit-remaining": "1",
        "x-rate-limit-reset": str(reset),
    }
    httpserver.expect_ordered_request("/2/users/me").respond_with_json(
        fixture("x/users_me__ok.json"), headers=headers
    )
    httpserver.expect_ordered_request(X_TWEETS).respond_with_json(fixture("x/tweets__empty.json"))

    XConnector(make_api(httpserver, "x", pool, sleeps)).fetch(CREDS, now=NOW)

    # One call left in the window is kept in reserve: the next call waited for the reset.
    assert len(sleeps) == 1 and 28 <= sleeps[0] <= 31


# ---------------------------------------------------------------------------- Instagram


def _ig_profile_and_media(httpserver, media="instagram/media__ok.json"):
    httpserver.expect_ordered_request(
        "/me",
        query_string={"fields": "user_id,username,name,followers_count,follows_count,media_count"},
        headers=bearer(),
    ).respond_with_json(fixture("instagram/me__ok.json"))
    httpserver.expect_ordered_request(
        "/17841400000000001/media",
        query_string={
            "fields": (
                "id,caption,media_type,media_product_type,permalink,timestamp,"
                "like_count,comments_count"
            ),
            "limit": "25",
        },
    ).respond_with_json(fixture(media))


def test_instagram_fetch_joins_media_and_insights(httpserver, pool, sleeps):
    _ig_profile_and_media(httpserver)
    insights = {"metric": "views,reach,saved,shares"}
    httpserver.expect_ordered_request(
        "/18000000000000001/insights", query_string=insights
    ).respond_with_json(fixture("instagram/insights__reel.json"))
    httpserver.expect_ordered_request(
        "/18000000000000002/insights", query_string=insights
    ).respond_with_json(fixture("instagram/insights__missing.json"))

    data = InstagramConnector(make_api(httpserver, "instagram", pool, sleeps)).fetch(CREDS, now=NOW)

    httpserver.check_assertions()
    assert (data.profile.followers, data.profile.following, data.profile.posts_count) == (
        5120,
        388,
        241,
    )
    reel, image = data.posts
    assert (reel.kind, reel.likes, reel.replies) == ("video", 402, 37)
    assert (reel.impressions, reel.video_views, reel.saves, reel.reposts) == (9120, 9120, 55, 19)
    # Insights with an empty `data` list: the figures are absent, not zero.
    assert (image.likes, image.impressions, image.saves, image.video_views) == (
        51,
        None,
        None,
        None,
    )


def test_instagram_not_enough_viewers_leaves_figures_absent(httpserver, pool, sleeps):
    _ig_profile_and_media(httpserver)
    httpserver.expect_request("/18000000000000001/insights").respond_with_json(
        fixture("instagram/error__not_enough_viewers.json"), status=400
    )
    httpserver.expect_request("/18000000000000002/insights").respond_with_json(
        fixture("instagram/insights__missing.json")
    )

    data = InstagramConnector(make_api(httpserver, "instagram", pool, sleeps)).fetch(CREDS, now=NOW)

    assert [p.impressions for p in data.posts] == [None, None]
    assert [p.likes for p in data.posts] == [402, 51]


def test_instagram_empty_media_list(httpserver, pool, sleeps):
    _ig_profile_and_media(httpserver, media="instagram/media__empty.json")

    data = InstagramConnector(make_api(httpserver, "instagram", pool, sleeps)).fetch(CREDS, now=NOW)

    assert data.posts == []


@pytest.mark.parametrize(
    ("name", "error"),
    [("error__expired", TokenExpired), ("error__revoked", TokenRevoked)],
)
def test_instagram_token_errors_are_typed(httpserver, pool, sleeps, name, error):
    httpserver.expect_request("/me").respond_with_json(
        fixture(f"instagram/{name}.json"), status=400
    )

    with pytest.raises(error):
        InstagramConnector(make_api(httpserver, "instagram", pool, sleeps)).fetch(CREDS, now=NOW)


def test_instagram_throttling_reads_the_usage_header(httpserver, pool, sleeps):
    usage = (
        '{"17841400000000001":[{"type":"instagram","call_count":100,"total_cputime":20,'
        '"total_time":20,"estimated_time_to_regain_access":2}]}'
    )
    httpserver.expect_ordered_request("/me").respond_with_json(
        fixture("instagram/error__throttled.json"),
        status=400,
        headers={"X-Business-Use-Case-Usage": usage},
    )
    _ig_profile_and_media(httpserver, media="instagram/media__empty.json")

    InstagramConnector(make_api(httpserver, "instagram", pool, sleeps)).fetch(CREDS, now=NOW)

    # Throttled: it waited the estimated two minutes before trying again.
    assert len(sleeps) == 1 and 119 <= sleeps[0] <= 122


# ------------------------------------------------------------------------------ Threads


def test_threads_fetch_skips_repost_facades_and_reads_insights(httpserver, pool, sleeps):
    httpserver.expect_ordered_request(
        "/me", query_string={"fields": "id,username,name"}, headers=bearer()
    ).respond_with_json(fixture("threads/me__ok.json"))
    httpserver.expect_ordered_request(
        "/17841400000000002/threads_insights", query_string={"metric": "followers_count"}
    ).respond_with_json(fixture("threads/user_insights__ok.json"))
    httpserver.expect_ordered_request("/17841400000000002/threads").respond_with_json(
        fixture("threads/threads__ok.json")
    )
    httpserver.expect_ordered_request(
        "/18100000000000001/insights",
        query_string={"metric": "views,likes,replies,reposts,quotes,shares"},
    ).respond_with_json(fixture("threads/post_insights__ok.json"))

    data = ThreadsConnector(make_api(httpserver, "threads", pool, sleeps)).fetch(CREDS, now=NOW)

    httpserver.check_assertions()
    assert (data.profile.handle, data.profile.followers, data.profile.following) == (
        "@dr.ada",
        932,
        None,
    )
    (post,) = data.posts
    assert (post.impressions, post.likes, post.replies) == (1550, 61, 4)
    # Reposts and quotes are not in this answer: absent, not zero.
    assert (post.reposts, post.quotes, post.saves) == (None, None, None)


def test_threads_empty_list_and_expired_token(httpserver, pool, sleeps):
    httpserver.expect_ordered_request("/me").respond_with_json(fixture("threads/me__ok.json"))
    httpserver.expect_ordered_request("/17841400000000002/threads_insights").respond_with_json(
        fixture("threads/error__expired.json"), status=400
    )

    with pytest.raises(TokenExpired):
        ThreadsConnector(make_api(httpserver, "threads", pool, sleeps)).fetch(CREDS, now=NOW)


def test_threads_no_posts(httpserver, pool, sleeps):
    httpserver.expect_ordered_request("/me").respond_with_json(fixture("threads/me__ok.json"))
    httpserver.expect_ordered_request("/17841400000000002/threads_insights").respond_with_json(
        fixture("threads/user_insights__ok.json")
    )
    httpserver.expect_ordered_request("/17841400000000002/threads").respond_with_json(
        fixture("threads/threads__empty.json")
    )

    data = ThreadsConnector(make_api(httpserver, "threads", pool, sleeps)).fetch(CREDS, now=NOW)

    assert data.posts == []


# ------------------------------------------------------------------------------- TikTok

TIKTOK_USER_QUERY = {
    "fields": (
        "open_id,union_id,display_name,username,follower_count,following_count,"
        "likes_count,video_count"
    )
}
TIKTOK_VIDEO_QUERY = {
    "fields": (
        "id,create_time,title,video_description,share_url,"
        "view_count,like_count,comment_count,share_count"
    )
}


def test_tiktok_fetch_reads_user_and_videos(httpserver, pool, sleeps):
    httpserver.expect_ordered_request(
        "/v2/user/info/", method="GET", query_string=TIKTOK_USER_QUERY, headers=bearer()
    ).respond_with_json(fixture("tiktok/user_info__ok.json"))
    httpserver.expect_ordered_request(
        "/v2/video/list/",
        method="POST",
        query_string=TIKTOK_VIDEO_QUERY,
        json={"max_count": 20},
        headers=bearer(),
    ).respond_with_json(fixture("tiktok/video_list__page1.json"))
    httpserver.expect_ordered_request(
        "/v2/video/list/", method="POST", json={"max_count": 20, "cursor": 1795251600000}
    ).respond_with_json(fixture("tiktok/video_list__ok.json"))

    data = TikTokConnector(make_api(httpserver, "tiktok", pool, sleeps)).fetch(CREDS, now=NOW)

    httpserver.check_assertions()
    assert (data.profile.followers, data.profile.following, data.profile.posts_count) == (
        12040,
        151,
        88,
    )
    assert [p.platform_post_id for p in data.posts] == [
        "7440000000000000002",
        "7440000000000000001",
    ]
    video = data.posts[1]
    assert (video.video_views, video.likes, video.replies, video.reposts) == (55210, 4102, 133, 290)
    assert (video.impressions, video.saves, video.link_clicks) == (None, None, None)


def test_tiktok_missing_stats_are_absent(httpserver, pool, sleeps):
    httpserver.expect_ordered_request("/v2/user/info/").respond_with_json(
        fixture("tiktok/user_info__missing_stats.json")
    )
    httpserver.expect_ordered_request("/v2/video/list/", method="POST").respond_with_json(
        fixture("tiktok/video_list__empty.json")
    )

    data = TikTokConnector(make_api(httpserver, "tiktok", pool, sleeps)).fetch(CREDS, now=NOW)

    assert (data.profile.followers, data.profile.posts_count) == (None, None)
    assert data.posts == []


@pytest.mark.parametrize(
    ("name", "status", "error"),
    [
        ("error__token_invalid", 401, TokenExpired),
        ("error__in_200", 200, PayloadError),
    ],
)
def test_tiktok_error_envelopes(httpserver, pool, sleeps, name, status, error):
    httpserver.expect_request("/v2/user/info/").respond_with_json(
        fixture(f"tiktok/{name}.json"), status=status
    )

    with pytest.raises(error):
        TikTokConnector(make_api(httpserver, "tiktok", pool, sleeps)).fetch(CREDS, now=NOW)


def test_tiktok_rate_limit_in_the_envelope_is_retried(httpserver, pool, sleeps):
    httpserver.expect_ordered_request("/v2/user/info/").respond_with_json(
        fixture("tiktok/error__rate_limited.json"), status=429
    )
    httpserver.expect_ordered_request("/v2/user/info/").respond_with_json(
        fixture("tiktok/user_info__ok.json")
    )
    httpserver.expect_ordered_request("/v2/video/list/", method="POST").respond_with_json(
        fixture("tiktok/video_list__empty.json")
    )

    data = TikTokConnector(make_api(httpserver, "tiktok", pool, sleeps)).fetch(CREDS, now=NOW)

    assert data.profile.followers == 12040
    assert len(sleeps) == 1 and 60 <= sleeps[0] <= 61


# ------------------------------------------------------------------------------ YouTube


def test_youtube_fetch_reads_channel_uploads_and_videos(httpserver, pool, sleeps):
    httpserver.expect_ordered_request(
        "/youtube/v3/channels",
        query_string={"part": "snippet,statistics,contentDetails", "mine": "true"},
        headers=bearer(),
    ).respond_with_json(fixture("youtube/channels__ok.json"))
    httpserver.expect_ordered_request(
        "/youtube/v3/playlistItems",
        query_string={
            "part": "contentDetails",
            "playlistId": "UUexampleexampleexample1",
            "maxResults": "25",
        },
    ).respond_with_json(fixture("youtube/playlist_items__ok.json"))
    httpserver.expect_ordered_request(
        "/youtube/v3/videos",
        query_string={"part": "snippet,statistics", "id": "vid00000001,vid00000002"},
    ).respond_with_json(fixture("youtube/videos__ok.json"))

    data = YouTubeConnector(make_api(httpserver, "youtube", pool, sleeps)).fetch(CREDS, now=NOW)

    httpserver.check_assertions()
    assert (data.profile.followers, data.profile.posts_count, data.profile.handle) == (
        2310,
        64,
        "@drada",
    )
    first, second = data.posts
    assert (first.video_views, first.likes, first.replies) == (4810, 312, 28)
    # The second video hides likes and comments: absent, not zero.
    assert (second.video_views, second.likes, second.replies) == (920, None, None)


def test_youtube_hidden_subscribers_and_no_uploads(httpserver, pool, sleeps):
    httpserver.expect_ordered_request("/youtube/v3/channels").respond_with_json(
        fixture("youtube/channels__hidden_subscribers.json")
    )
    httpserver.expect_ordered_request("/youtube/v3/playlistItems").respond_with_json(
        fixture("youtube/playlist_items__empty.json")
    )

    data = YouTubeConnector(make_api(httpserver, "youtube", pool, sleeps)).fetch(CREDS, now=NOW)

    assert (data.profile.followers, data.posts) == (None, [])


@pytest.mark.parametrize(
    ("name", "status", "error"),
    [("error__expired", 401, TokenExpired), ("error__quota", 403, RateLimited)],
)
def test_youtube_errors_are_typed(httpserver, pool, sleeps, name, status, error):
    httpserver.expect_request("/youtube/v3/channels").respond_with_json(
        fixture(f"youtube/{name}.json"), status=status
    )
    api = make_api(httpserver, "youtube", pool, sleeps, max_wait=60)

    with pytest.raises(error):
        YouTubeConnector(api).fetch(CREDS, now=NOW)


# ----------------------------------------------------------------------------- LinkedIn

LINKEDIN_HEADERS = {
    **bearer(),
    "LinkedIn-Version": "202511",
    "X-Restli-Protocol-Version": "2.0.0",
}


def test_linkedin_fetch_reads_followers_yesterday_and_known_posts(httpserver, pool, sleeps):
    httpserver.expect_ordered_request(
        "/rest/memberFollowersCount", query_string="q=me", headers=LINKEDIN_HEADERS
    ).respond_with_json(fixture("linkedin/followers__ok.json"))
    day = "(start:(year:2026,month:11,day:20),end:(year:2026,month:11,day:21))"
    for kind in ("impression", "reaction", "comment", "reshare"):
        httpserver.expect_ordered_request(
            "/rest/memberCreatorPostAnalytics",
            query_string=(f"q=me&queryType={kind.upper()}&aggregation=DAILY&dateRange={day}"),
            headers=LINKEDIN_HEADERS,
        ).respond_with_json(fixture(f"linkedin/daily__{kind}.json"))
    urn = "urn:li:share:7260000000000000001"
    httpserver.expect_ordered_request(
        "/rest/memberCreatorPostAnalytics",
        query_string=(
            "q=entity&entity=urn%3Ali%3Ashare%3A7260000000000000001"
            "&queryType=IMPRESSION&aggregation=TOTAL"
        ),
    ).respond_with_json(fixture("linkedin/post__impression.json"))
    for _ in range(3):
        httpserver.expect_ordered_request("/rest/memberCreatorPostAnalytics").respond_with_json(
            fixture("linkedin/daily__empty.json")
        )
    credentials = Credentials(access_token="test-access-token", known_post_ids=(urn,))

    data = LinkedInConnector(make_api(httpserver, "linkedin", pool, sleeps)).fetch(
        credentials, now=NOW
    )

    httpserver.check_assertions()
    assert (data.profile.followers, data.profile.following) == (2480, None)
    assert data.day is not None
    assert (data.day.date, data.day.impressions, data.day.engagements) == (
        dt.date(2026, 11, 20),
        3862,
        140,
    )
    (post,) = data.posts
    assert (post.platform_post_id, post.impressions, post.likes) == (urn, 5120, None)
    assert data.figures_only


@pytest.mark.parametrize(
    ("name", "error"), [("error__revoked", TokenRevoked), ("error__expired", TokenExpired)]
)
def test_linkedin_token_errors(httpserver, pool, sleeps, name, error):
    httpserver.expect_request("/rest/memberFollowersCount").respond_with_json(
        fixture(f"linkedin/{name}.json"), status=401
    )

    with pytest.raises(error):
        LinkedInConnector(make_api(httpserver, "linkedin", pool, sleeps)).fetch(CREDS, now=NOW)


def test_linkedin_daily_quota_is_not_waited_for(httpserver, pool, sleeps):
    httpserver.expect_request("/rest/memberFollowersCount").respond_with_json(
        fixture("linkedin/error__throttled.json"), status=429
    )
    api = make_api(httpserver, "linkedin", pool, sleeps, max_wait=60)

    with pytest.raises(RateLimited):
        LinkedInConnector(api).fetch(CREDS, now=NOW)


# ---------------------------------------------------------------- Mastodon (doc shapes)


def test_mastodon_fetch_follows_the_link_header(httpserver, pool, sleeps):
    statuses = httpserver.url_for("/api/v1/accounts/109000000000000001/statuses")
    httpserver.expect_ordered_request(
        "/api/v1/accounts/109000000000000001", method="GET"
    ).respond_with_json(fixture("mastodon/account__ok.json"))
    httpserver.expect_ordered_request(
        "/api/v1/accounts/109000000000000001/statuses",
        query_string={"limit": "40", "exclude_reblogs": "true"},
    ).respond_with_json(
        fixture("mastodon/statuses__ok.json"),
        headers={
            "Link": f'<{statuses}?limit=40&max_id=113500000000000001>; rel="next", '
            f'<{statuses}?limit=40&min_id=113500000000000001>; rel="prev"',
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "298",
            "X-RateLimit-Reset": "2026-11-21T23:35:00.000Z",
        },
    )
    httpserver.expect_ordered_request(
        "/api/v1/accounts/109000000000000001/statuses",
        query_string={"limit": "40", "exclude_reblogs": "true", "max_id": "113500000000000001"},
    ).respond_with_json(fixture("mastodon/statuses__older_server.json"))
    credentials = Credentials(
        platform_user_id="109000000000000001", handle="@dr_ada@mastodon.example"
    )

    data = MastodonConnector(make_api(httpserver, "mastodon", pool, sleeps, token="")).fetch(
        credentials, now=NOW
    )

    httpserver.check_assertions()
    assert (data.profile.handle, data.profile.followers, data.profile.posts_count) == (
        "@dr_ada@mastodon.example",
        821,
        3312,
    )
    new, old = data.posts
    assert (new.likes, new.replies, new.reposts, new.quotes) == (40, 3, 12, 1)
    assert new.links == ("https://hospital.example.org/asthma",)
    assert new.text == "Our new asthma guide: hospital.example.org/asthma #health"
    # An older server has no quotes_count: absent, not zero; saves never exist.
    assert (old.quotes, old.saves, old.impressions) == (None, None, None)


def test_mastodon_unknown_account_is_not_found(httpserver, pool, sleeps):
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json(
        fixture("mastodon/error__not_found.json"), status=404
    )

    with pytest.raises(AccountNotFound):
        MastodonConnector(make_api(httpserver, "mastodon", pool, sleeps)).resolve(
            "@nobody@mastodon.example"
        )


# ------------------------------------------------------------------ Bluesky (doc shapes)


def test_bluesky_fetch_skips_reposts_of_others(httpserver, pool, sleeps):
    did = "did:plc:gf4dgygmqrq3pc4fsvaniurn"
    httpserver.expect_ordered_request(
        "/xrpc/app.bsky.actor.getProfile", query_string={"actor": did}
    ).respond_with_json(fixture("bluesky/profile__ok.json"))
    feed = {"actor": did, "limit": "50", "filter": "posts_no_replies"}
    httpserver.expect_ordered_request(
        "/xrpc/app.bsky.feed.getAuthorFeed", query_string=feed
    ).respond_with_json(fixture("bluesky/feed__ok.json"))
    httpserver.expect_ordered_request(
        "/xrpc/app.bsky.feed.getAuthorFeed",
        query_string={**feed, "cursor": "2026-11-21T20:00:00.000Z"},
    ).respond_with_json(fixture("bluesky/feed__last_page.json"))

    data = BlueskyConnector(make_api(httpserver, "bluesky", pool, sleeps, token="")).fetch(
        Credentials(platform_user_id=did), now=NOW
    )

    httpserver.check_assertions()
    assert (data.profile.followers, data.profile.following, data.profile.posts_count) == (1, 0, 1)
    (post,) = data.posts
    assert (post.likes, post.replies, post.reposts, post.quotes, post.saves) == (1, 1, 1, 1, 0)
    assert (post.impressions, post.video_views, post.link_clicks) == (None, None, None)
    assert (post.kind, post.links) == ("link", ("https://example.org/article",))
    assert post.url == "https://bsky.app/profile/alice01936.test/post/3n2u7b6jnm22m"


def test_bluesky_unknown_handle_is_not_found(httpserver, pool, sleeps):
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_json(
        fixture("bluesky/error__not_found.json"), status=400
    )

    with pytest.raises(AccountNotFound):
        BlueskyConnector(make_api(httpserver, "bluesky", pool, sleeps)).resolve("nobody.test")


def test_bluesky_ratelimit_headers_are_read(httpserver, pool, sleeps):
    reset = int(time.time()) + 20
    httpserver.expect_ordered_request("/xrpc/app.bsky.actor.getProfile").respond_with_json(
        fixture("bluesky/error__rate_limited.json"),
        status=429,
        headers={
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "0",
            "ratelimit-reset": str(reset),
        },
    )
    httpserver.expect_ordered_request("/xrpc/app.bsky.actor.getProfile").respond_with_json(
        fixture("bluesky/profile__ok.json")
    )

    profile = BlueskyConnector(make_api(httpserver, "bluesky", pool, sleeps)).resolve(
        "alice01936.test"
    )

    assert profile.platform_user_id == "did:plc:gf4dgygmqrq3pc4fsvaniurn"
    assert len(sleeps) == 1 and 18 <= sleeps[0] <= 22
