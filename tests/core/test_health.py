"""GET /healthz: public, cheap, no secrets; 200 when healthy, 503 when not."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.core.backup_support import ROOT
from whitecoat.connectors.models import SyncRun


def test_healthz_is_public_and_healthy(client, db):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["healthy"] is True
    assert body["database"]["ok"] is True
    assert body["migrations"] == {"ok": True, "pending": 0}
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies


def test_healthz_url_is_named(db):
    assert reverse("healthz") == "/healthz"


def test_healthz_reports_pending_migrations_with_503(client, db):
    MigrationRecorder.Migration.objects.filter(app="core").delete()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["healthy"] is False
    assert response.json()["migrations"]["ok"] is False
    assert response.json()["migrations"]["pending"] >= 1


def test_healthz_reports_task_backlog_and_last_daily_sync(client, db):
    now = timezone.now()
    for minutes in (5, 1):
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="whitecoat.connectors.tasks.sync_run_work",
            backend_name="default",
            queue_name="default",
            run_after=now,
            exception_class_path="",
            traceback="",
        )
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=now - dt.timedelta(minutes=minutes)
        )
    finished = now - dt.timedelta(hours=20)
    SyncRun.objects.create(
        kind="daily", state="finished", for_date=now.date(), finished_at=finished
    )
    SyncRun.objects.create(kind="on_demand", state="finished", finished_at=now)

    body = client.get("/healthz").json()

    assert body["tasks"]["queued"] == 2
    assert body["tasks"]["running"] == 0
    assert 299 <= body["tasks"]["oldest_queued_age_seconds"] <= 330
    assert body["daily_sync"]["last_finished_at"] == finished.isoformat()
    assert 20 * 3600 - 5 <= body["daily_sync"]["age_seconds"] <= 20 * 3600 + 30


def test_healthz_with_no_daily_sync_yet_says_so(client, db):
    body = client.get("/healthz").json()

    assert body["daily_sync"] == {"last_finished_at": None, "age_seconds": None}
    assert body["tasks"]["oldest_queued_age_seconds"] is None


def test_healthz_answers_a_probe_by_ip_over_plain_http(client, db, settings):
    # Production: only the public name is allowed, and http:// redirects to https://.
    settings.ALLOWED_HOSTS = ["whitecoat.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    page = client.get("/", HTTP_HOST="10.0.0.5:8000")

    assert probe.status_code == 200
    assert page.status_code == 400  # everything else still checks the host


def test_healthz_is_never_sent_to_the_login_page(client, db, settings):
    # Even if a login-required middleware is added and the fast path is taken out.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("HealthCheckMiddleware")
    ] + ["django.contrib.auth.middleware.LoginRequiredMiddleware"]

    response = client.get("/healthz")

    assert response.status_code == 200
    assert client.get("/").status_code == 302  # the rest does require a login


def test_healthz_needs_few_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/healthz")

    assert response.status_code == 200


def test_healthz_with_an_unreachable_database_is_503_and_tells_nothing(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://whitecoat:hunter2@127.0.0.1:9/whitecoat",
        "WHITECOAT_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "whitecoat.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "LOG_LEVEL": "CRITICAL",
    }
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )

    status, _, body = result.stdout.strip().partition(" ")
    assert status == "503", result.stderr[-2000:]
    assert json.loads(body)["database"] == {"ok": False}
    assert json.loads(body)["healthy"] is False
    for secret in ("hunter2", "127.0.0.1", "whitecoat:", "5432", ":9"):
        assert secret not in body


@pytest.mark.parametrize("method", ["head", "get"])
def test_healthz_answers_head_and_get(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 200
