"""A `db_worker` killed (SIGKILL) in the middle of a daily sync leaves no partial data, and
the sync can be re-run to completion: the accounts it finished keep their figures, the rest
are handed to a new run by `sync_runs_recover` and synced once by the next worker.

Needs a PostgreSQL server, like test_workers_postgres.py: skipped locally without one,
failed under CI=true.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import psycopg
import pytest
from benchmarks import sync_farm

ACCOUNTS = 60

pytestmark = pytest.mark.live

# Per account: one snapshot and its posts, or nothing at all.
CHECK = """
import django, json
django.setup()
from django.db.models import Count
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount
snapshots = dict(MetricSnapshot.objects.values_list("account_id").annotate(n=Count("id")))
posts = dict(Post.objects.values_list("account_id").annotate(n=Count("id")))
print(json.dumps({
    "accounts": SocialAccount.objects.count(),
    "snapshots": {str(k): v for k, v in snapshots.items()},
    "posts": {str(k): v for k, v in posts.items()},
}))
"""

RECOVER = """
import django, json
django.setup()
from whitecoat.connectors.models import SyncRun
from whitecoat.connectors.sync import sync_runs_recover
recovered = sync_runs_recover()
print(json.dumps({
    "recovered": len(recovered),
    "states": sorted(SyncRun.objects.values_list("state", flat=True)),
}))
"""


@pytest.fixture
def postgres_farm():
    problem = sync_farm.pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem} (CI=true: the killed-worker test must run)", pytrace=False)
        pytest.skip(problem)
    # Slow platforms, so the worker is surely in the middle of the run when it is killed.
    farm = sync_farm.Farm(latency=0.15).start()
    name = f"whitecoat_test_killed_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="whitecoat-killed-") as var_dir:
        url = sync_farm.pg_create(name)
        try:
            yield farm, url, sync_farm.child_env(url, var_dir, SYNC_CLAIM_BATCH="2")
        finally:
            farm.stop()
            sync_farm.pg_drop(name)


def _json(env, code, *args):
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _snapshot_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM metrics_metricsnapshot").fetchone()[0]


def _assert_whole_accounts(state):
    """Every account has either a snapshot and all its posts, or neither."""
    with_posts = set(state["posts"])
    assert with_posts <= set(state["snapshots"]), "posts written for an account without figures"
    # One day's figures, or two shortly after midnight (insights ending on the day before).
    assert set(state["snapshots"].values()) <= {1, 2}
    assert len(set(state["posts"].values())) <= 1, f"some accounts half written: {state['posts']}"


def test_a_killed_sync_worker_leaves_whole_accounts_and_the_rerun_completes(postgres_farm):
    farm, url, env = postgres_farm
    sync_farm.manage(env, "migrate", "--no-input", "-v", "0")
    bases = {p: farm.base_url(p) for p in sync_farm.PLATFORMS}
    seeded = _json(env, sync_farm.SEED, json.dumps([ACCOUNTS, bases, False, 1]))
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", "--verbosity", "0"],
        cwd=sync_farm.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while _snapshot_count(url) < 5:
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the worker synced nothing in two minutes"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    killed = _json(env, CHECK)
    assert 5 <= len(killed["snapshots"]) < ACCOUNTS, "the kill did not land mid-run"
    _assert_whole_accounts(killed)

    # The run's lease has run out (SYNC_CLAIM_TIMEOUT=0 here): recovery closes it and queues
    # the accounts it had not finished in a new run, which the next worker completes.
    recovered = _json({**env, "SYNC_CLAIM_TIMEOUT": "0"}, RECOVER)
    assert recovered["recovered"] == 1
    workers = sync_farm.run_workers(env, 1, timeout=240)
    assert workers[0]["exit"] == 0, workers[0]["stderr"]

    final = _json(env, CHECK)
    assert len(final["snapshots"]) == ACCOUNTS
    _assert_whole_accounts(final)
    # What was written before the kill stayed as it was.
    assert {k: final["snapshots"][k] for k in killed["snapshots"]} == killed["snapshots"]
    report = _json(env, sync_farm.REPORT, str(seeded["run"]))
    assert report["state"] == "failed" and "interrupted" in report["note"].lower()
