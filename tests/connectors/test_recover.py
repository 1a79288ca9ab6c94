"""Runs left by a stopped worker: closed after their lease, their accounts free again."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.connectors.conftest import fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from tests.factories import MetricSnapshotFactory, SocialAccountFactory
from whitecoat.connectors.enums import ItemState, SyncKind, SyncState
from whitecoat.connectors.models import SyncItem, SyncRun
from whitecoat.connectors.sync import (
    sync_now,
    sync_run_create,
    sync_run_work,
    sync_runs_recover,
)
from whitecoat.metrics.models import MetricSnapshot, Post

LEASE = 30 * 60


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.SYNC_CLAIM_TIMEOUT = LEASE
    settings.SYNC_FETCH_CONCURRENCY = 2
    settings.SYNC_CLAIM_BATCH = 3


@pytest.fixture
def x_server(httpserver):
    httpserver.expect_request("/2/users/me").respond_with_json(fixture("x/users_me__ok.json"))
    httpserver.expect_request("/2/users/1500000000000000001/tweets").respond_with_json(
        fixture("x/tweets__last_page.json")
    )
    return httpserver


@pytest.fixture
def accounts(ambassador_record, x_server):
    PlatformAppFactory(
        organization=ambassador_record.person.department.entity,
        platform="x",
        api_base_url=x_server.url_for("/").rstrip("/"),
    )
    made = []
    for handle in ("@done_before", "@in_dead_hands", "@still_waiting"):
        account = SocialAccountFactory(ambassador=ambassador_record, handle=handle, platform="x")
        ConnectionFactory(account=account)
        made.append(account)
    return made


def _killed_run(accounts, *, silent_for: float):
    """A run whose worker synced one account, claimed a second, and then stopped."""
    done, claimed, _waiting = accounts
    run = sync_run_create(kind=SyncKind.DAILY, accounts=accounts, for_date=dt.date(2026, 11, 21))
    last_word = timezone.now() - dt.timedelta(seconds=silent_for)
    SyncItem.objects.filter(run=run, account=done).update(
        state=ItemState.SYNCED, claimed_by="dead", claimed_at=last_word, finished_at=last_word
    )
    SyncItem.objects.filter(run=run, account=claimed).update(
        state=ItemState.CLAIMED, claimed_by="dead", claimed_at=last_word
    )
    SyncRun.objects.filter(pk=run.pk).update(
        state=SyncState.RUNNING, started_at=last_word, synced=1, updated_at=last_word
    )
    return run


def test_recover_closes_a_run_silent_past_its_lease_with_the_reason(accounts):
    run = _killed_run(accounts, silent_for=LEASE + 60)

    recovered = sync_runs_recover()

    run.refresh_from_db()
    assert [(r.run_id, r.interrupted) for r in recovered] == [(run.pk, 2)]
    assert (run.state, run.synced, run.failed, run.total) == (SyncState.FAILED, 1, 2, 3)
    assert run.finished_at is not None
    assert run.note.startswith("Interrupted: no worker reported for 31 min")
    assert "2 accounts not synced, queued again in run #" in run.note
    states = dict(run.items.values_list("account__handle", "state"))
    assert states == {
        "@done_before": ItemState.SYNCED,
        "@in_dead_hands": ItemState.FAILED,
        "@still_waiting": ItemState.FAILED,
    }
    reasons = set(run.items.filter(state=ItemState.FAILED).values_list("reason", flat=True))
    assert len(reasons) == 1 and reasons.pop().startswith("interrupted: no worker reported after")
    assert not run.items.exclude(claimed_by="").exclude(account__handle="@done_before").exists()


def test_recover_queues_the_accounts_again_and_a_worker_syncs_them(accounts):
    done, claimed, waiting = accounts
    MetricSnapshotFactory(account=done, date=dt.date(2026, 11, 20), followers=1700)
    MetricSnapshotFactory(account=claimed, date=dt.date(2026, 11, 20), followers=1750)
    run = _killed_run(accounts, silent_for=LEASE + 60)
    (closed,) = sync_runs_recover()
    retry = SyncRun.objects.get(pk=closed.retry_run_id)
    assert (retry.kind, retry.state, retry.total) == (SyncKind.ON_DEMAND, SyncState.QUEUED, 2)
    assert set(retry.items.values_list("account", flat=True)) == {claimed.pk, waiting.pk}

    sync_run_work(run_id=retry.pk, worker_id="alive", sleep=lambda s: None)

    retry.refresh_from_db()
    assert (retry.state, retry.synced, retry.failed) == (SyncState.FINISHED, 2, 0)
    # Earlier figures are untouched; the retried accounts got today's on top of them.
    assert list(MetricSnapshot.objects.filter(account=done).values_list("date", "followers")) == [
        (dt.date(2026, 11, 20), 1700)
    ]
    days = MetricSnapshot.objects.filter(account=claimed).order_by("date")
    assert [s.followers for s in days] == [1750, 1843]
    assert Post.objects.filter(account__in=[claimed, waiting]).count() == 2
    run.refresh_from_db()
    assert run.state == SyncState.FAILED  # the closed run stays closed


def test_recover_without_retry_frees_the_accounts_for_sync_now(accounts, ambassador):
    _killed_run(accounts, silent_for=LEASE + 60)
    claimed = accounts[1]
    with pytest.raises(Exception, match="already under way"):
        sync_now(user=ambassador, account=claimed)

    (closed,) = sync_runs_recover(retry=False)

    assert closed.retry_run_id is None
    again = sync_now(user=ambassador, account=claimed)
    assert list(again.items.values_list("account", flat=True)) == [claimed.pk]


def test_recover_leaves_a_run_whose_worker_still_reports(accounts):
    run = _killed_run(accounts, silent_for=LEASE - 60)

    assert sync_runs_recover() == []

    run.refresh_from_db()
    assert (run.state, run.failed) == (SyncState.RUNNING, 0)
    assert SyncRun.objects.count() == 1


def test_recover_leaves_a_queued_run_no_worker_has_started(accounts):
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=accounts)
    SyncRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - dt.timedelta(seconds=LEASE * 3)
    )

    assert sync_runs_recover() == []

    run.refresh_from_db()
    assert run.state == SyncState.QUEUED


def test_recover_finishes_a_run_whose_last_worker_stopped_after_the_last_account(accounts):
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=accounts[:1], follow_up=False)
    past = timezone.now() - dt.timedelta(seconds=LEASE + 60)
    SyncItem.objects.filter(run=run).update(state=ItemState.SYNCED, finished_at=past)
    SyncRun.objects.filter(pk=run.pk).update(state=SyncState.RUNNING, synced=1, updated_at=past)

    assert sync_runs_recover() == []

    run.refresh_from_db()
    assert (run.state, run.note) == (SyncState.FINISHED, "")


def test_recover_twice_closes_the_run_once(accounts):
    _killed_run(accounts, silent_for=LEASE + 60)

    first = sync_runs_recover()
    second = sync_runs_recover()

    assert (len(first), second) == (1, [])
    assert SyncRun.objects.count() == 2  # the closed run and its one retry


def test_a_late_word_from_the_stopped_worker_changes_nothing(accounts):
    run = _killed_run(accounts, silent_for=LEASE + 60)
    sync_runs_recover(retry=False)

    # The worker was only frozen: it wakes up and works on its old run.
    done = sync_run_work(run_id=run.pk, worker_id="dead", sleep=lambda s: None)

    run.refresh_from_db()
    assert (done, run.state, run.synced, run.failed) == (0, SyncState.FAILED, 1, 2)


def test_run_periodic_reports_the_runs_it_closed(accounts):
    run = _killed_run(accounts, silent_for=LEASE + 60)
    out = StringIO()

    call_command("run_periodic", stdout=out)

    retry = SyncRun.objects.exclude(pk=run.pk).exclude(kind=SyncKind.DAILY).get()
    assert (
        f"Run #{run.pk} was interrupted (its worker stopped): closed as failed, 2 accounts not "
        f"synced; queued again in run #{retry.pk}." in out.getvalue()
    )


def test_run_page_shows_why_the_run_was_closed(client, admin, accounts):
    run = _killed_run(accounts, silent_for=LEASE + 60)
    sync_runs_recover(retry=False)
    client.force_login(admin)

    html = client.get(f"/connections/runs/{run.pk}/").content.decode()

    assert "Interrupted: no worker reported for 31 min" in html
    # What the run wrote before it stopped was followed up (the leaderboard refreshed).
    assert "not synced. After the sync: leaderboard refreshed." in html
    assert "interrupted: no worker reported after" in html
