"""LinkedIn's two ids for one post: an export's `urn:li:activity:…` and the API's
`urn:li:share:…` / `urn:li:ugcPost:…` are reconciled into one post, in either order."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook
from werkzeug.wrappers import Response

from tests.connectors.conftest import NOW, fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory, PostFactory
from tests.factories import SocialAccountFactory
from whitecoat.connectors.base import Credentials
from whitecoat.connectors.enums import AliasMatch, ItemState, SyncKind
from whitecoat.connectors.linkedin import ids
from whitecoat.connectors.linkedin.connector import LinkedInConnector
from whitecoat.connectors.linkedin.ids import PostRef
from whitecoat.connectors.models import PostAlias, SyncItem
from whitecoat.connectors.sync import sync_run_create, sync_run_work
from whitecoat.imports.enums import RowAction
from whitecoat.imports.parsers.values import post_id_from_url
from whitecoat.imports.selectors import import_plan
from whitecoat.imports.services import import_commit, import_upload
from whitecoat.metrics.enums import MetricSource, Platform
from whitecoat.metrics.models import Post

UTC = dt.UTC
# The two posts the Posts API fixture lists (ids made with their creation time in them).
POSTS = fixture("linkedin/posts__ok.json")["elements"]
VIDEO, TALK = POSTS[0]["id"], POSTS[1]["id"]  # urn:li:ugcPost:… (12 Nov), urn:li:share:… (19 Nov)
VIDEO_AT = dt.datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
TALK_AT = dt.datetime(2026, 11, 19, 14, 5, 10, 250000, tzinfo=UTC)
# What LinkedIn's own links and exports call the same two posts: other numbers, created
# within a second of them.
VIDEO_ACTIVITY = ids.id_for("activity", VIDEO_AT + dt.timedelta(milliseconds=400), sequence=1)
TALK_ACTIVITY = ids.id_for("activity", TALK_AT + dt.timedelta(milliseconds=300), sequence=2)
API_FIGURES = {
    VIDEO: {"IMPRESSION": 5000, "REACTION": 120, "COMMENT": 14, "RESHARE": 6},
    TALK: {"IMPRESSION": 2210, "REACTION": 64, "COMMENT": 9, "RESHARE": 5},
}
METRIC = "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1"


# ----------------------------------------------------------------------- the pure rule


def test_ids_parse_urns_links_and_bare_numbers():
    assert ids.parse("urn:li:ugcpost:7") == ("ugcPost", "7")
    assert ids.parse("https://www.linkedin.com/feed/update/urn:li:activity:72/") == (
        "activity",
        "72",
    )
    assert ids.parse(
        "https://www.linkedin.com/posts/amy-md_cardio-activity-7260000000000000001-AbCd"
    ) == ("activity", "7260000000000000001")
    assert ids.parse("https://www.linkedin.com/posts/amy_x-ugcPost-7336013677930006817-6jfq") == (
        "ugcPost",
        "7336013677930006817",
    )
    assert ids.canonical("7172", url="https://linkedin.com/feed/update/urn:li:activity:7172") == (
        "urn:li:activity:7172"
    )
    assert ids.canonical("7172", url="https://linkedin.com/feed/update/urn:li:activity:99") == (
        "7172"
    )
    # An import reads the same ids from a post's link.
    link = "https://www.linkedin.com/posts/amy_x-share-7336013677930006817-6jfq"
    assert post_id_from_url(link) == "urn:li:share:7336013677930006817"
    assert ids.spellings("urn:li:share:5") == [
        "5",
        "urn:li:activity:5",
        "urn:li:share:5",
        "urn:li:ugcPost:5",
    ]


def test_ids_carry_their_creation_time():
    assert ids.created_at(TALK) == TALK_AT
    assert ids.created_at(VIDEO_ACTIVITY) == VIDEO_AT + dt.timedelta(milliseconds=400)
    assert ids.created_at("urn:li:activity:12") is None  # too short to be one of those


@pytest.mark.parametrize(
    ("export", "api", "same"),
    [
        # within a minute, the same start of text (the export's text is cut short)
        (PostRef("urn:li:activity:1", TALK_AT, "Grateful to present our"), None, True),
        # 61 seconds apart
        (PostRef("urn:li:activity:1", TALK_AT - dt.timedelta(seconds=61), ""), None, False),
        # other words
        (PostRef("urn:li:activity:1", TALK_AT, "Our new clinic opens"), None, False),
        # a date only: the activity id's own time is used
        (PostRef(TALK_ACTIVITY, dt.datetime(2026, 11, 19, tzinfo=UTC), "", True), None, True),
        # a date only, and an id whose time is on another day: no time, no match
        (PostRef(VIDEO_ACTIVITY, dt.datetime(2026, 11, 19, tzinfo=UTC), "", True), None, False),
        # two API ids are two posts, however close
        (PostRef("urn:li:ugcPost:1", TALK_AT, ""), None, False),
    ],
)
def test_same_post_rule(export, api, same):
    api = api or PostRef(TALK, TALK_AT, POSTS[1]["commentary"])

    assert ids.same_post(export, api) is same
    assert ids.same_post(api, export) is same


# ------------------------------------------------------------------- the connector


def _analytics(figures):
    """memberCreatorPostAnalytics: the day's totals (q=me), or one post's (q=entity)."""

    def respond(request):
        kind = request.args["queryType"]
        if request.args["q"] == "me":
            body = fixture(f"linkedin/daily__{kind.lower()}.json")
        else:
            count = figures.get(request.args["entity"], {}).get(kind)
            elements = [] if count is None else [{"count": count, "metricType": {METRIC: kind}}]
            body = {"paging": {"start": 0, "count": 10, "links": []}, "elements": elements}
        return Response(json.dumps(body), content_type="application/json")

    return respond


def _serve(httpserver, *, listing=True, userinfo=False):
    httpserver.expect_request("/rest/memberFollowersCount").respond_with_json(
        fixture("linkedin/followers__ok.json")
    )
    httpserver.expect_request("/rest/memberCreatorPostAnalytics").respond_with_handler(
        _analytics(API_FIGURES)
    )
    if userinfo:
        httpserver.expect_request("/v2/userinfo").respond_with_json(
            fixture("linkedin/userinfo__ok.json")
        )
    if listing:
        httpserver.expect_request(
            "/rest/posts",
            query_string="author=urn%3Ali%3Aperson%3A782bbtaQ&q=author&count=20"
            "&sortBy=LAST_MODIFIED",
            headers={"X-RestLi-Method": "FINDER", "LinkedIn-Version": "202511"},
        ).respond_with_json(fixture("linkedin/posts__ok.json"))


def test_linkedin_lists_the_members_posts_when_the_app_may(httpserver, pool, sleeps):
    from tests.connectors.conftest import make_api

    _serve(httpserver, userinfo=True)
    credentials = Credentials(
        access_token="test-access-token",
        scopes="r_member_postAnalytics,r_member_profileAnalytics,r_member_social,openid",
    )

    data = LinkedInConnector(make_api(httpserver, "linkedin", pool, sleeps)).fetch(
        credentials, now=NOW
    )

    assert data.profile.platform_user_id == "782bbtaQ"  # learnt from OpenID's userinfo
    assert not data.figures_only
    talk, video = data.posts  # newest first; the plain repost and the draft are left out
    assert (talk.platform_post_id, talk.published_at, talk.kind, talk.links) == (
        TALK,
        TALK_AT,
        "link",
        ("https://hospital.example.org/acc26",),
    )
    assert (talk.impressions, talk.likes, talk.replies, talk.reposts) == (2210, 64, 9, 5)
    assert (video.kind, video.impressions, video.has_figures) == ("video", 5000, True)
    assert talk.url == f"https://www.linkedin.com/feed/update/{TALK}/"


# ------------------------------------------------------------- sync and import, together


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def amy_linkedin(ambassador_record, httpserver):
    account = SocialAccountFactory(
        ambassador=ambassador_record, platform=Platform.LINKEDIN, handle="@amy-ambassador-md"
    )
    PlatformAppFactory(
        organization=ambassador_record.person.department.entity,
        platform="linkedin",
        api_base_url=httpserver.url_for("/").rstrip("/"),
    )
    ConnectionFactory(
        account=account,
        platform_user_id="782bbtaQ",
        scopes="r_member_postAnalytics,r_member_profileAnalytics,r_member_social",
        refresh_token="",
    )
    return account


def _sync(account):
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)
    sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)
    item = SyncItem.objects.get(run=run)
    assert (item.state, item.reason) == (ItemState.SYNCED, "")


def creator_export(*rows: tuple[str, str, int]) -> bytes:
    """LinkedIn's creator export with a TOP POSTS sheet: (post URL, publish date, impressions)."""
    book = Workbook()
    engagement = book.active
    engagement.title = "ENGAGEMENT"
    engagement.append(["Date", "Impressions", "Engagements"])
    engagement.append(["11/12/2026", 3120, 88])
    top = book.create_sheet("TOP POSTS")
    top.append(["Maximum of 50 posts available to include in this list"])
    top.append([])
    left = ["Post URL", "Post publish date", "Engagements"]
    right = ["Post URL", "Post publish date", "Impressions"]
    top.append([*left, None, *right])
    for url, day, impressions in rows:
        top.append([url, day, impressions // 40, None, url, day, impressions])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sprout_linkedin(post_id: str, when: str, text: str, impressions: str, likes: int) -> bytes:
    number = ids.number_of(post_id)
    return (
        '"Date","Post ID","Network","Post Type","Content Type","Profile","Link","Post",'
        '"Impressions","Likes","Comments","Shares"\n'
        f'"{when}","{number}","LinkedIn","Post","Text","Amy Ambassador MD",'
        f'"https://www.linkedin.com/feed/update/{post_id}/","{text}","{impressions}",'
        f'"{likes}","3","1"\n'
    ).encode()


def _import(admin, account, name, data, **kwargs):
    record = import_upload(by=admin, file_name=name, data=data, account=account)
    plan = import_plan(record=record)
    return plan, import_commit(record=record, by=admin, **kwargs)


def test_a_post_imported_first_is_updated_by_the_sync_not_added_again(
    admin, amy_linkedin, httpserver, now
):
    url = f"https://www.linkedin.com/feed/update/{VIDEO_ACTIVITY}"
    _, first = _import(
        admin,
        amy_linkedin,
        "Content_2026-11-01_2026-11-20_Amy.xlsx",
        creator_export((url, "11/12/2026", 4100)),
    )
    imported = Post.objects.get(account=amy_linkedin)
    assert (imported.platform_post_id, imported.impressions) == (VIDEO_ACTIVITY, 4100)
    _serve(httpserver)

    _sync(amy_linkedin)

    posts = Post.objects.filter(account=amy_linkedin)
    assert posts.count() == 2  # the video, once, and the talk, new
    video = posts.get(pk=imported.pk)
    assert video.platform_post_id == VIDEO_ACTIVITY  # kept; the API's id is its alias
    assert (video.impressions, video.likes, video.replies, video.reposts) == (5000, 120, 14, 6)
    assert (video.source, video.published_at, video.kind) == (MetricSource.API, VIDEO_AT, "video")
    assert video.text == POSTS[0]["commentary"]
    alias = PostAlias.objects.get(post=video)
    assert (alias.platform_post_id, alias.matched_by) == (VIDEO, AliasMatch.TIME_AND_TEXT)
    assert posts.get(platform_post_id=TALK).impressions == 2210

    # The same export again: the post is found under its own id; the API's figures stay.
    plan, again = _import(
        admin,
        amy_linkedin,
        "Content_2026-11-01_2026-11-20_Amy.xlsx",
        creator_export((url, "11/12/2026", 4100)),
    )
    assert [op.action for op in plan.ops if op.kind == "post"] == [RowAction.KEPT]
    # And the next sync finds it by its alias.
    _sync(amy_linkedin)
    assert Post.objects.filter(account=amy_linkedin).count() == 2
    assert PostAlias.objects.count() == 1
    assert first.posts_created == 1 and again.posts_created == 0


def test_a_post_synced_first_is_found_by_the_import_not_added_again(
    admin, amy_linkedin, httpserver, now
):
    _serve(httpserver)
    _sync(amy_linkedin)
    talk = Post.objects.get(account=amy_linkedin, platform_post_id=TALK)
    # Sprout names it by its activity number and link; 9:05 am in New York is 14:05 UTC.
    data = sprout_linkedin(
        TALK_ACTIVITY,
        "11/19/2026 9:05 am",
        "Grateful to present our cardio-oncology work at ACC.26 this week.",
        "2.5K",
        70,
    )

    plan, record = _import(admin, amy_linkedin, "sprout_post_performance.csv", data)

    (op,) = [op for op in plan.ops if op.kind == "post"]
    assert (op.source.post_id, op.existing.pk, op.action) == (
        TALK_ACTIVITY,
        talk.pk,
        RowAction.KEPT,  # figures from the API are kept unless "replace" is ticked
    )
    assert any(f"is the post already recorded as {TALK}" in note for note in plan.notes)
    assert record.posts_created == 0
    assert Post.objects.filter(account=amy_linkedin).count() == 2
    alias = PostAlias.objects.get(post=talk)
    assert (alias.platform_post_id, alias.matched_by) == (TALK_ACTIVITY, AliasMatch.TIME_AND_TEXT)

    # With "replace", the import updates the same post in place.
    _, replaced = _import(
        admin, amy_linkedin, "sprout_post_performance.csv", data, replace_existing=True
    )
    talk.refresh_from_db()
    assert (replaced.posts_updated, replaced.posts_created) == (1, 0)
    assert (talk.impressions, talk.likes, talk.source) == (2500, 70, MetricSource.IMPORT)
    assert talk.platform_post_id == TALK
    assert Post.objects.filter(account=amy_linkedin).count() == 2


def test_a_reconciled_post_is_read_by_its_api_id_without_the_listing(
    admin, amy_linkedin, httpserver, now
):
    url = f"https://www.linkedin.com/feed/update/{VIDEO_ACTIVITY}"
    _import(admin, amy_linkedin, "Content.xlsx", creator_export((url, "11/12/2026", 4100)))
    _serve(httpserver)
    _sync(amy_linkedin)  # the listing reconciles the two ids
    amy_linkedin.connection.scopes = "r_member_postAnalytics,r_member_profileAnalytics"
    amy_linkedin.connection.save()
    httpserver.clear_log()

    _sync(amy_linkedin)  # no listing now: the figures of the known posts only

    entities = {
        request.args.get("entity")
        for request, _ in httpserver.log
        if request.args.get("q") == "entity"
    }
    assert VIDEO in entities and VIDEO_ACTIVITY not in entities
    assert Post.objects.filter(account=amy_linkedin).count() == 2


def test_a_tools_bare_number_and_linkedins_urn_are_one_post(admin, amy_linkedin):
    activity = ids.id_for("activity", dt.datetime(2026, 3, 17, 12, tzinfo=UTC))
    PostFactory(
        account=amy_linkedin,
        platform_post_id=ids.number_of(activity),  # stored by an older import, bare
        published_at=dt.datetime(2026, 3, 17, 12, tzinfo=UTC),
        source=MetricSource.IMPORT,
    )
    data = sprout_linkedin(activity, "03/17/2026 8:00 am", "Grateful", "1.2K", 64)

    plan, record = _import(admin, amy_linkedin, "sprout.csv", data)

    (op,) = [op for op in plan.ops if op.kind == "post"]
    assert (op.source.post_id, op.alias) == (activity, AliasMatch.SAME_NUMBER)
    assert (record.posts_created, record.posts_updated) == (0, 1)
    assert Post.objects.get(account=amy_linkedin).impressions == 1200


def test_posts_close_in_time_with_other_words_stay_two(admin, amy_linkedin, httpserver, now):
    _serve(httpserver)
    _sync(amy_linkedin)
    data = sprout_linkedin(
        TALK_ACTIVITY, "11/19/2026 9:05 am", "Our new heart failure clinic opens Monday", "900", 8
    )

    plan, record = _import(admin, amy_linkedin, "sprout.csv", data)

    assert [op.action for op in plan.ops if op.kind == "post"] == [RowAction.CREATE]
    assert record.posts_created == 1
    assert Post.objects.filter(account=amy_linkedin).count() == 3
    assert not PostAlias.objects.exists()


def test_two_stored_posts_fitting_equally_match_neither(admin, amy_linkedin):
    when = dt.datetime(2026, 3, 17, 12, tzinfo=UTC)
    for sequence in (1, 2):
        PostFactory(
            account=amy_linkedin,
            platform_post_id=ids.id_for("share", when, sequence=sequence),
            published_at=when + dt.timedelta(seconds=sequence),
            text="",
            source=MetricSource.API,
        )
    data = sprout_linkedin(ids.id_for("activity", when), "03/17/2026 8:00 am", "", "10", 1)

    plan, _ = _import(admin, amy_linkedin, "sprout.csv", data)

    assert [op.action for op in plan.ops if op.kind == "post"] == [RowAction.CREATE]
    assert Post.objects.filter(account=amy_linkedin).count() == 3
