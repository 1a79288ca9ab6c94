"""Load: 50 logged-in users browsing the production server on PostgreSQL for 60 s.

The demo program scaled to about 2,000 ambassadors is loaded into a throwaway PostgreSQL
database (BENCH_LOAD_PG, default postgres://postgres@127.0.0.1:5432/postgres; skipped when
no server answers there), served by granian (the production WSGI server, DEBUG off, two
workers, the database cache of deploy/whitecoat.env.example) and browsed by Locust from a
second process on loopback: each user logs in once with a demo login (admins, leadership,
a chair, ambassadors) and opens the home, leaderboard, ambassador and report pages with
one to three seconds between clicks.

Figures: throughput, p50/p95/p99 latency and errors per page and in total (target: p95
under 300 ms with no errors on a 2-core machine). BENCH_LOAD_USERS / BENCH_LOAD_SECONDS /
BENCH_LOAD_SCALE change the load and the program's size; BENCH_LOAD_WORKERS /
BENCH_LOAD_THREADS the server's processes and threads (default 2 × 4).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCUST = ROOT / "benchmarks" / ".locust-venv" / "bin" / "locust"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
LOGIN_ALLOWANCE_S = 20


def main() -> dict[str, str]:
    url = os.environ.get("BENCH_LOAD_PG", DEFAULT_PG)
    if not LOCUST.exists():
        return {"load": "skipped (Locust is not installed: bash benchmarks/locust_setup.sh)"}
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as error:  # any failure means "no server here"
        return {"load": f"skipped (no PostgreSQL at {url}: {error.__class__.__name__})"}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_load", "--child", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        return {"load": "failed: " + " | ".join(tail)}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not listen on port {port} within {seconds:.0f} s")


def _load_plan(work: Path) -> dict[str, Any]:
    """The program (demo, scaled) and who browses it."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from whitecoat.demo.plan import DEMO_PASSWORD
    from whitecoat.demo.services import demo_load
    from whitecoat.program.models import Ambassador

    scale = float(os.environ.get("BENCH_LOAD_SCALE", "11.2"))
    summary = demo_load(scale=scale, today=timezone.localdate())
    users = get_user_model().objects
    chair = users.get(username="chair")
    chair_departments = list(chair.nominating_departments.values_list("id", flat=True))
    plan = {
        "password": DEMO_PASSWORD,
        # Ten admins, ten leadership, ten chair and twenty ambassador sessions per 50 users.
        "users": [
            ["admin", "program_admin"],
            ["leadership", "leadership"],
            ["chair", "nominator"],
            ["ambassador", "ambassador"],
            ["ambassador", "ambassador"],
        ],
        "ambassador_ids": list(Ambassador.objects.values_list("id", flat=True)),
        "chair_ambassador_ids": list(
            Ambassador.objects.filter(person__department_id__in=chair_departments).values_list(
                "id", flat=True
            )
        ),
        "own_ambassador_id": Ambassador.objects.get(person__user__username="ambassador").id,
    }
    try:
        plan["report_path"] = reverse("reports:results")
    except NoReverseMatch:
        plan["report_path"] = reverse("program-dashboard")
    (work / "plan.json").write_text(json.dumps(plan))
    return {"summary": summary, "ambassadors": len(plan["ambassador_ids"])}


def _locust_figures(stats_csv: Path) -> dict[str, str]:
    figures = {}
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] in ("login", "login form"):
                continue  # before the statistics were reset: nothing left to report
            name = row["Name"] if row["Name"] != "Aggregated" else "all pages"
            requests = int(row["Request Count"])
            failures = int(row["Failure Count"])
            rate = float(row["Requests/s"])
            if name == "all pages" and rate:
                figures["load: browsing measured for"] = f"{requests / rate:.0f} s"
            figures[f"load: {name}"] = (
                f"{requests:,} requests, {rate:.1f}/s, "
                f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
                f"{failures} errors"
            )
    return figures


def _child(url: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"whitecoat_bench_{uuid.uuid4().hex[:8]}"
    work = Path(tempfile.mkdtemp(prefix="whitecoat-load-"))
    server = None
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"{base}/{name}",
            "DEBUG": "false",
            # Plain HTTP on loopback: a TLS proxy in front is not part of what is measured.
            "SECURE_HTTPS": "false",
            "SECRET_KEY": "load-benchmark-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1",
            "WHITECOAT_VAR_DIR": str(work / "var"),
            "STATIC_ROOT": str(work / "static"),
            "CONN_MAX_AGE": "60",
            # As deploy/whitecoat.env.example: the web processes share one cache.
            "CACHE_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "whitecoat.settings",
            "PYTHONPATH": str(ROOT / "src"),
        }
        os.environ.update(env)
        sys.path.insert(0, str(ROOT / "src"))
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        made = _load_plan(work)
        call_command("collectstatic", interactive=False, verbosity=0)
        prepared = time.perf_counter() - started
        from django.db import connections

        connections.close_all()

        port = _free_port()
        workers = os.environ.get("BENCH_LOAD_WORKERS", "2")
        threads = os.environ.get("BENCH_LOAD_THREADS", "4")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "granian"),
                "--interface",
                "wsgi",
                "--workers",
                workers,
                "--blocking-threads",
                threads,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-ws",
                "whitecoat.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / "server.log").open("w"),
        )
        _wait_for(port)
        users = os.environ.get("BENCH_LOAD_USERS", "50")
        seconds = os.environ.get("BENCH_LOAD_SECONDS", "60")
        locust = subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                users,
                "--spawn-rate",
                "25",
                "--run-time",
                # Logging everyone in comes first and is not counted (see locustfile.py).
                f"{int(seconds) + LOGIN_ALLOWANCE_S}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOAD_PLAN": str(work / "plan.json")},
            capture_output=True,
            text=True,
            check=False,
        )
        stats = work / "load_stats.csv"
        if not stats.exists():
            raise RuntimeError(f"Locust wrote no statistics: {locust.stderr.strip()[-500:]}")
        figures = {
            "load: program": (
                f"{made['ambassadors']:,} ambassadors, {made['summary'].accounts:,} accounts, "
                f"{made['summary'].snapshots:,} snapshots; prepared in {prepared:.0f} s"
            ),
            "load: set-up": (
                f"{users} users logged in, then at least {seconds} s of browsing; granian "
                f"WSGI with {workers} workers × {threads} threads, PostgreSQL, Locust on loopback, "
                "1–3 s between clicks"
            ),
            **_locust_figures(stats),
        }
        failures = work / "load_failures.csv"
        if failures.exists():
            rows = list(csv.DictReader(failures.open(encoding="utf-8")))
            if rows:
                figures["load: first errors"] = "; ".join(
                    f"{r['Name']}: {r['Error'][:80]} ×{r['Occurrences']}" for r in rows[:3]
                )
        print(json.dumps(figures), flush=True)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
