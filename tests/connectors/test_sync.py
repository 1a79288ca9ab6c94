"""The sync services: storing an account's figures, runs, claims and broken tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection as db
from django.utils import timezone

from tests.connectors.conftest import NOW, fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from tests.factories import MetricSnapshotFactory, SocialAccountFactory
from whitecoat.connectors.base import AccountData, PostData, Profile
from whitecoat.connectors.enums import AuthKind, ItemState, SyncKind, SyncState
from whitecoat.connectors.models import Connection, SyncItem, SyncRun
from whitecoat.connectors.sync import account_store, sync_run_create, sync_run_work
from whitecoat.metrics.enums import AccountUse, ConnectionState, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, Post

TODAY = dt.date(2026, 11, 21)


def _post(pid: str, *, likes: int | None, days_ago: float = 0.5, **kw) -> PostData:
    return PostData(
        platform_post_id=pid,
        published_at=NOW - dt.timedelta(days=days_ago),
        text=f"post {pid}",
        likes=likes,
        **kw,
    )


def _data(*posts: PostData, followers: int | None = 100) -> AccountData:
    profile = Profile(platform_user_id="u1", handle="@amy", followers=followers, following=5)
    return AccountData(profile=profile, posts=list(posts))


def test_account_store_writes_snapshot_and_posts(ambassador_account):
    data = _data(_post("1", likes=10, replies=2, impressions=500), _post("2", likes=None))

    result = account_store(account=ambassador_account, data=data, now=NOW, today=TODAY)

    snapshot = MetricSnapshot.objects.get(account=ambassador_account)
    assert (snapshot.date, snapshot.followers, snapshot.following, snapshot.posts_count) == (
        TODAY,
        100,
        5,
        None,
    )
    assert (snapshot.engagements, snapshot.impressions, snapshot.video_views) == (12, 500, None)
    assert (snapshot.posts_published, snapshot.source) == (2, MetricSource.API)
    posts = {p.platform_post_id: p for p in Post.objects.filter(account=ambassador_account)}
    assert (posts["1"].likes, posts["1"].replies, posts["1"].impressions) == (10, 2, 500)
    assert (posts["2"].likes, posts["2"].source) == (None, MetricSource.API)
    assert len(result.new_post_ids) == 2


def test_account_store_twice_changes_nothing(ambassador_account):
    data = _data(_post("1", likes=10))
    account_store(account=ambassador_account, data=data, now=NOW, today=TODAY)

    result = account_store(account=ambassador_account, data=data, now=NOW, today=TODAY)

    assert result.new_post_ids == []
    assert Post.objects.filter(account=ambassador_account).count() == 1
    snapshot = MetricSnapshot.objects.get(account=ambassador_account)
    assert (snapshot.engagements, snapshot.posts_published) == (10, 1)


def test_account_store_adds_growth_since_the_last_sync(ambassador_account):
    account_store(
        account=ambassador_account, data=_data(_post("1", likes=10)), now=NOW, today=TODAY
    )
    later = NOW + dt.timedelta(days=1)

    account_store(
        account=ambassador_account,
        data=_data(_post("1", likes=25), _post("3", likes=4, days_ago=-0.5), followers=110),
        now=later,
        today=TODAY + dt.timedelta(days=1),
    )

    snapshot = MetricSnapshot.objects.get(account=ambassador_account, date=TODAY + dt.timedelta(1))
    # 15 more likes on the known post, 4 on the new one.
    assert (snapshot.followers, snapshot.engagements, snapshot.posts_published) == (110, 19, 1)
    assert Post.objects.get(account=ambassador_account, platform_post_id="1").likes == 25


def test_account_store_old_posts_are_history_not_today(ambassador_account):
    data = _data(_post("old", likes=500, days_ago=20))

    account_store(account=ambassador_account, data=data, now=NOW, today=TODAY)

    snapshot = MetricSnapshot.objects.get(account=ambassador_account)
    assert (snapshot.engagements, snapshot.posts_published) == (None, 0)
    assert Post.objects.get(account=ambassador_account).likes == 500


def test_account_store_keeps_a_figure_the_platform_does_not_give(ambassador_account):
    MetricSnapshotFactory(
        account=ambassador_account, date=TODAY, followers=90, engagements=None, source="manual"
    )

    account_store(account=ambassador_account, data=_data(followers=None), now=NOW, today=TODAY)

    snapshot = MetricSnapshot.objects.get(account=ambassador_account)
    assert (snapshot.followers, snapshot.following, snapshot.source) == (90, 5, MetricSource.API)


# ------------------------------------------------------------------ runs against a server


@pytest.fixture
def x_server(httpserver):
    httpserver.expect_request("/2/users/me").respond_with_json(fixture("x/users_me__ok.json"))
    httpserver.expect_request("/2/users/1500000000000000001/tweets").respond_with_json(
        fixture("x/tweets__last_page.json")
    )
    return httpserver


@pytest.fixture
def fast_sync(settings):
    settings.SYNC_FETCH_CONCURRENCY = 2
    settings.SYNC_CLAIM_BATCH = 3


def _x_account(ambassador_record, server, handle, token="test-access-token"):
    account = SocialAccountFactory(ambassador=ambassador_record, handle=handle, platform="x")
    ConnectionFactory(account=account, access_token=token)
    PlatformAppFactory(
        organization=ambassador_record.person.department.entity,
        platform="x",
        api_base_url=server.url_for("/").rstrip("/"),
    ) if not account.ambassador.person.department.entity.platform_apps.exists() else None
    return account


def test_sync_run_work_syncs_skips_and_fails_with_reasons(ambassador_record, x_server, fast_sync):
    good = _x_account(ambassador_record, x_server, "@good")
    expired = _x_account(ambassador_record, x_server, "@old_token")
    expired.connection_state = ConnectionState.EXPIRED
    expired.save()
    personal = SocialAccountFactory(
        ambassador=ambassador_record,
        handle="@me_personal",
        use=AccountUse.PERSONAL,
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    bare = SocialAccountFactory(ambassador=ambassador_record, handle="@no_tokens")
    run = sync_run_create(
        kind=SyncKind.ON_DEMAND, accounts=[good, expired, personal, bare], follow_up=False
    )

    done = sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)

    run.refresh_from_db()
    assert done == 4
    assert (run.state, run.total, run.synced, run.skipped, run.failed) == (
        SyncState.FINISHED,
        4,
        1,
        3,
        0,
    )
    reasons = dict(run.items.values_list("account__handle", "reason"))
    assert reasons == {
        "@good": "",
        "@old_token": "expired: reconnect",
        "@me_personal": "personal account",
        "@no_tokens": "not connected",
    }
    assert Post.objects.filter(account=good).count() == 1
    assert MetricSnapshot.objects.get(account=good).followers == 1843
    assert run.requests == 2
    assert run.started_at is not None and run.finished_at is not None


def test_sync_run_marks_an_expired_token_and_keeps_earlier_data(
    ambassador_record, httpserver, fast_sync
):
    httpserver.expect_request("/2/users/me").respond_with_json(
        fixture("x/error__expired.json"), status=401
    )
    account = _x_account(ambassador_record, httpserver, "@amy_x")
    Connection.objects.filter(account=account).update(refresh_token="")
    MetricSnapshotFactory(account=account, date=TODAY - dt.timedelta(days=1), followers=1800)
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)

    sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)

    account.refresh_from_db()
    item = SyncItem.objects.get(run=run)
    assert (item.state, item.reason) == (ItemState.FAILED, "token expired: Unauthorized")
    assert account.connection_state == ConnectionState.EXPIRED
    assert list(
        MetricSnapshot.objects.filter(account=account).values_list("followers", flat=True)
    ) == [1800]


def test_sync_run_refreshes_an_expired_token_and_stores_the_new_one(
    ambassador_record, httpserver, fast_sync
):
    httpserver.expect_request("/2/oauth2/token", method="POST").respond_with_json(
        fixture("x/token__ok.json")
    )
    httpserver.expect_request(
        "/2/users/me", headers={"Authorization": "Bearer x-access-2"}
    ).respond_with_json(fixture("x/users_me__ok.json"))
    httpserver.expect_request("/2/users/1500000000000000001/tweets").respond_with_json(
        fixture("x/tweets__empty.json")
    )
    account = _x_account(ambassador_record, httpserver, "@amy_x")
    app = account.ambassador.person.department.entity.platform_apps.get()
    app.token_url = httpserver.url_for("/2/oauth2/token")
    app.save()
    Connection.objects.filter(account=account).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)

    sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)

    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.refresh_token) == ("x-access-2", "x-refresh-2")
    assert connection.expires_at > timezone.now() + dt.timedelta(hours=1)
    assert SyncItem.objects.get(run=run).state == ItemState.SYNCED


def test_sync_run_follow_up_screens_and_refreshes_once(ambassador_record, x_server, fast_sync):
    account = _x_account(ambassador_record, x_server, "@amy_x")
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account])

    sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)
    sync_run_work(run_id=run.pk, worker_id="w2", sleep=lambda s: None)  # a late second worker

    run.refresh_from_db()
    assert run.follow_up_done
    assert run.note == ("screened 1 posts; analysed for the content hub; leaderboard refreshed")
    post = Post.objects.get(account=account)
    assert hasattr(post, "screening")
    assert hasattr(post, "content_item")


def test_tokens_are_encrypted_at_rest(ambassador_account):
    ConnectionFactory(account=ambassador_account, access_token="plain-secret-token")

    with db.cursor() as cursor:
        cursor.execute("SELECT access_token FROM connectors_connection")
        (stored,) = cursor.fetchone()

    assert "plain-secret-token" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert Connection.objects.get().access_token == "plain-secret-token"
    assert "plain-secret-token" not in repr(Connection.objects.get().access_token)


def test_token_keys_rotate_reencrypts_with_the_new_key(ambassador_account, settings):
    from cryptography.fernet import Fernet

    from whitecoat.connectors.services import token_keys_rotate

    old = settings.WHITECOAT_FERNET_KEYS[0]
    ConnectionFactory(account=ambassador_account, access_token="tok")
    new = Fernet.generate_key().decode()
    settings.WHITECOAT_FERNET_KEYS = [new, old]

    assert token_keys_rotate() == 1

    settings.WHITECOAT_FERNET_KEYS = [new]
    assert Connection.objects.get().access_token == "tok"
    assert Connection.objects.get().auth == AuthKind.OAUTH


def test_sync_daily_start_is_once_a_day(ambassador_account):
    from whitecoat.connectors.sync import sync_daily_start

    first = sync_daily_start(today=TODAY)
    second = sync_daily_start(today=TODAY)

    assert first is not None and second is None
    assert SyncRun.objects.filter(kind=SyncKind.DAILY).count() == 1
    assert list(first.items.values_list("account", flat=True)) == [ambassador_account.pk]


def test_platform_choices_cover_every_connector():
    from whitecoat.connectors.registry import CONNECTORS

    assert set(CONNECTORS) == set(Platform.values) - {Platform.FACEBOOK}
