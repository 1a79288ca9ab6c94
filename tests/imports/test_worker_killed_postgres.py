"""A `db_worker` killed (SIGKILL) while it writes a large import leaves nothing of it: the
import is one transaction. `imports_recover` gives the import back, and importing it again
with a new worker writes every row once.

Needs a PostgreSQL server, like tests/connectors/test_workers_postgres.py: skipped locally
without one, failed under CI=true.
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

ROWS = 5_000

SEED = """
import django, json, sys
django.setup()
import datetime as dt
from django.contrib.auth import get_user_model
from django.db import transaction
from tests.imports.test_commit_task import NAME, x_posts
from whitecoat.imports.services import import_commit_enqueue, import_upload
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.program.models import Ambassador
rows = int(sys.argv[1])
org = Entity.objects.create(name="Kill Health", kind="health_system")
dept = Department.objects.create(entity=org, name="Cardiology")
cohort = Cohort.objects.create(name="2026", entity=org, launched_on=dt.date(2026, 1, 1))
amy = Person.objects.create(first_name="Amy", last_name="A", email="amy@kill.example",
                            kind="physician", department=dept)
ambassador = Ambassador.objects.create(person=amy, cohort=cohort, status="active",
    nominated_on=dt.date(2025, 12, 1), joined_on=dt.date(2026, 1, 1))
SocialAccount.objects.create(platform="x", handle="@dr_amy", ambassador=ambassador)
admin = get_user_model().objects.create_superuser("kill_admin", "admin@kill.example", "x" * 16)
record = import_upload(by=admin, file_name=NAME, data=x_posts(rows), max_rows=None)
with transaction.atomic():
    import_commit_enqueue(record=record, by=admin, rows=rows)
print(json.dumps({"import": record.pk}))
"""

RECOVER = """
import django, json
django.setup()
from whitecoat.imports import services
services.COMMIT_TIMEOUT = 0  # the worker is dead: no need to wait half an hour here
print(json.dumps({"given_back": services.imports_recover()}))
"""

AGAIN = """
import django, json, sys
django.setup()
from django.db import transaction
from whitecoat.imports.models import Import
from whitecoat.imports.services import import_commit_enqueue
record = Import.objects.get(pk=int(sys.argv[1]))
with transaction.atomic():
    import_commit_enqueue(record=record, by=record.uploaded_by, rows=int(sys.argv[2]))
print(json.dumps({"state": Import.objects.get(pk=record.pk).state}))
"""


@pytest.fixture
def postgres_env():
    problem = sync_farm.pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem} (CI=true: the killed-worker test must run)", pytrace=False)
        pytest.skip(problem)
    name = f"whitecoat_test_import_killed_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="whitecoat-import-killed-") as var_dir:
        url = sync_farm.pg_create(name)
        try:
            yield url, sync_farm.child_env(url, var_dir)
        finally:
            sync_farm.pg_drop(name)


def _json(env, code, *args):
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=sync_farm.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _read(url: str, sql: str, *params: object) -> tuple:
    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchone()


def test_a_worker_killed_while_writing_an_import_leaves_nothing_and_it_can_be_run_again(
    postgres_env,
):
    url, env = postgres_env
    sync_farm.manage(env, "migrate", "--no-input", "-v", "0")
    import_id = _json(env, SEED, str(ROWS))["import"]
    progress = "SELECT state, progress_step FROM imports_import WHERE id = %s"

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", "--verbosity", "0"],
        cwd=sync_farm.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while _read(url, progress, import_id) != ("committing", "writing"):
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the worker never started writing"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    assert _read(url, "SELECT count(*) FROM metrics_post") == (0,)
    assert _read(url, progress, import_id) == ("committing", "writing")

    assert _json(env, RECOVER) == {"given_back": 1}
    assert _read(url, progress, import_id) == ("uploaded", "")
    assert _json(env, AGAIN, str(import_id), str(ROWS)) == {"state": "committing"}
    workers = sync_farm.run_workers(env, 1, timeout=300)
    assert workers[0]["exit"] == 0, workers[0]["stderr"]

    assert _read(url, "SELECT state FROM imports_import WHERE id = %s", import_id) == ("committed",)
    assert _read(url, "SELECT count(*), count(DISTINCT platform_post_id) FROM metrics_post") == (
        ROWS,
        ROWS,
    )
