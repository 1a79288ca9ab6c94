"""Account sync: N accounts across the eight platforms, 2 db_workers on PostgreSQL.

A local server stands in for the platforms (benchmarks/sync_farm.py): ~50 ms per request,
a fixed-window rate limit per platform announced in that platform's headers. The run
goes through the real queue: the daily run is created and its work tasks enqueued in a
throwaway PostgreSQL database, then two `manage.py db_worker --batch` processes take it.

BENCH_SYNC_ACCOUNTS sets N. The default is 2,000 (about 20 s of syncing, a minute in
all with the database set-up), to keep `make bench` short: 10,000 accounts take about
four minutes, bounded by TikTok's 600 calls a minute (figures in docs/operators.md).
BENCH_SYNC_LATENCY sets the latency in seconds; WHITECOAT_TEST_PG_URL the PostgreSQL
server (a database on it is created and dropped).
"""

from __future__ import annotations

import json
import os
import tempfile
import time

from benchmarks import sync_farm

DEFAULT_ACCOUNTS = 2000
WORKERS = 2


def run(accounts: int, latency: float, workers: int = WORKERS) -> dict[str, str]:
    problem = sync_farm.pg_available()
    if problem:
        return {"skipped": problem}
    farm = sync_farm.Farm(latency=latency).start()
    name = f"whitecoat_bench_sync_{os.getpid()}"
    try:
        with tempfile.TemporaryDirectory(prefix="whitecoat-bench-sync-") as var_dir:
            url = sync_farm.pg_create(name)
            env = sync_farm.child_env(url, var_dir, SYNC_WORKERS_PER_RUN=str(workers))
            sync_farm.manage(env, "migrate", "--no-input", "-v", "0")
            bases = {p: farm.base_url(p) for p in sync_farm.PLATFORMS}
            seeded = json.loads(_seed(env, accounts, bases, workers))
            started = time.perf_counter()
            results = sync_farm.run_workers(env, workers)
            seconds = time.perf_counter() - started
            report = json.loads(_report(env, seeded["run"]))
    finally:
        farm.stop()
        sync_farm.pg_drop(name)
    requests = sum(farm.stats.requests.values())
    twice = sum(1 for hits in farm.stats.profile_hits.values() if hits > 1)
    over = sum(farm.stats.over_limit.values())
    figures = {
        "accounts": f"{report['total']:,} across {len(sync_farm.PLATFORMS)} platforms",
        "outcome": f"{report['synced']:,} synced, {report['skipped']} skipped, "
        f"{report['failed']} failed ({report['state']})",
        "wall time, 2 workers": f"{seconds:.1f} s",
        "accounts per minute": f"{report['total'] / seconds * 60:,.0f}",
        "requests per account": f"{requests / max(1, report['total']):.2f} ({requests:,} in all)",
        "peak memory per worker": ", ".join(f"{r['peak_rss_mb']:.0f} MB" for r in results),
        "accounts per worker": ", ".join(f"{n:,}" for n in sorted(report["by_worker"].values())),
        "synced more than once": f"{twice} accounts (max attempts {report['max_attempts']})",
        "rate limits exceeded": f"{over} requests over a limit"
        + (f" ({dict(farm.stats.over_limit)})" if over else ""),
        "busiest window / limit": ", ".join(
            f"{p} {farm.stats.peak_in_window[p]}/{limit[0]} per {limit[1]:.0f} s"
            for p in sync_farm.PLATFORMS
            if (limit := sync_farm.DEFAULT_LIMITS[p])
        ),
        "posts stored": f"{report['posts']:,}; snapshots {report['snapshots']:,}",
    }
    if any(r["exit"] for r in results):
        figures["worker errors"] = " | ".join(r["stderr"][-300:] for r in results if r["exit"])
    return figures


def _seed(env: dict[str, str], accounts: int, bases: dict[str, str], workers: int) -> str:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", sync_farm.SEED, json.dumps([accounts, bases, False, workers])],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return result.stdout.strip().splitlines()[-1]


def _report(env: dict[str, str], run_id: int) -> str:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", sync_farm.REPORT, str(run_id)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return result.stdout.strip().splitlines()[-1]


def main() -> dict[str, str]:
    accounts = int(os.environ.get("BENCH_SYNC_ACCOUNTS", DEFAULT_ACCOUNTS))
    latency = float(os.environ.get("BENCH_SYNC_LATENCY", "0.05"))
    return run(accounts, latency)


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value}")
