"""The management commands: run_periodic (cron), sync_accounts (with progress), rotation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.connectors.conftest import fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from whitecoat.connectors.enums import SyncKind, SyncState
from whitecoat.connectors.models import SyncRun


def _call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_run_periodic_queues_the_daily_sync_once(ambassador_account):
    first = _call("run_periodic", "--now")
    second = _call("run_periodic", "--now")

    run = SyncRun.objects.get()
    assert (run.kind, run.total, run.state) == (SyncKind.DAILY, 1, SyncState.QUEUED)
    assert f"run #{run.pk}, 1 accounts" in first
    assert "already queued" in second


def test_run_periodic_dry_run_changes_nothing(ambassador_account):
    output = _call("run_periodic", "--now", "--dry-run")

    assert "Would queue the daily sync" in output and "1 accounts" in output
    assert not SyncRun.objects.exists()


def test_sync_accounts_runs_in_process_with_progress(ambassador_account, httpserver, settings):
    settings.SYNC_FETCH_CONCURRENCY = 2
    httpserver.expect_request("/2/users/me").respond_with_json(fixture("x/users_me__ok.json"))
    httpserver.expect_request("/2/users/1500000000000000001/tweets").respond_with_json(
        fixture("x/tweets__empty.json")
    )
    ConnectionFactory(account=ambassador_account)
    PlatformAppFactory(
        organization=ambassador_account.ambassador.person.department.entity,
        api_base_url=httpserver.url_for("/").rstrip("/"),
    )

    output = _call("sync_accounts", "--no-follow-up")

    assert "1/1 (100 %) — 1 synced, 0 skipped, 0 failed, 2 requests" in output
    assert SyncRun.objects.get().state == SyncState.FINISHED


def test_sync_accounts_with_nothing_to_sync_says_so(db):
    with pytest.raises(CommandError, match="No connected account"):
        _call("sync_accounts")


def test_rotate_token_keys_dry_run(ambassador_account):
    ConnectionFactory(account=ambassador_account)

    assert _call("rotate_token_keys", "--dry-run") == "Would re-encrypt 1 rows.\n"
