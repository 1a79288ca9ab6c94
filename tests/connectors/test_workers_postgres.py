"""Two `manage.py db_worker` processes share one sync run on PostgreSQL: every account is
synced exactly once (SKIP LOCKED claims), and the run is finished once.

It needs a PostgreSQL server (WHITECOAT_TEST_PG_URL, default the local one); it creates
and drops its own throwaway database. Skipped locally without one; fails under CI=true.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest
from benchmarks import sync_farm

ACCOUNTS = 96

pytestmark = pytest.mark.live


@pytest.fixture
def postgres_farm():
    problem = sync_farm.pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem} (CI=true: the two-worker test must run)", pytrace=False)
        pytest.skip(problem)
    farm = sync_farm.Farm(latency=0.02).start()
    name = f"whitecoat_test_workers_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="whitecoat-workers-") as var_dir:
        url = sync_farm.pg_create(name)
        try:
            yield (
                farm,
                sync_farm.child_env(url, var_dir, SYNC_WORKERS_PER_RUN="2", SYNC_CLAIM_BATCH="4"),
            )
        finally:
            farm.stop()
            sync_farm.pg_drop(name)


def _child(env, code, *args):
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


def test_two_workers_on_postgres_sync_each_account_once(postgres_farm):
    farm, env = postgres_farm
    sync_farm.manage(env, "migrate", "--no-input", "-v", "0")
    bases = {p: farm.base_url(p) for p in sync_farm.PLATFORMS}
    seeded = _child(env, sync_farm.SEED, json.dumps([ACCOUNTS, bases, True, 2]))

    workers = sync_farm.run_workers(env, 2, timeout=240)

    assert [w["exit"] for w in workers] == [0, 0], [w["stderr"] for w in workers]
    report = _child(env, sync_farm.REPORT, str(seeded["run"]))
    assert (report["state"], report["total"], report["synced"], report["failed"]) == (
        "finished",
        ACCOUNTS,
        ACCOUNTS,
        0,
    )
    # No account was claimed twice, and each one's profile was read exactly once.
    assert report["max_attempts"] == 1
    assert sorted(farm.stats.profile_hits.values()) == [1] * ACCOUNTS
    # Both workers took a share.
    assert len(report["by_worker"]) == 2
    assert sum(report["by_worker"].values()) == ACCOUNTS
    assert report["accounts_with_snapshots"] == ACCOUNTS
    assert report["requests"] == sum(farm.stats.requests.values())
    # The follow-up (screening, leaderboard) ran once, after the last account.
    assert report["follow_up_done"] is True
    assert "leaderboard refreshed" in report["note"]
    assert sum(farm.stats.over_limit.values()) == 0
