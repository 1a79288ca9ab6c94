"""What /healthz reports: the database, pending migrations, the task queue and the daily sync.

A handful of small queries, so a load balancer or systemd can poll it every few seconds. Only
an unreachable database or unapplied migrations make the site unhealthy (503); the queue
and the sync are reported for monitoring to alert on.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import Count, Max, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone

logger = logging.getLogger(__name__)


@functools.cache
def _expected_migrations() -> tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...]:
    """The migrations on disk (read once per process), each with what it replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return tuple(
        (key, tuple(tuple(r) for r in (loader.graph.nodes[key].replaces or ())))
        for key in sorted(loader.graph.nodes)
    )


def _pending_migrations(applied: set[tuple[str, str]]) -> list[str]:
    return [
        f"{app}.{name}"
        for (app, name), replaces in _expected_migrations()
        if (app, name) not in applied and not (replaces and set(replaces) <= applied)
    ]


def _age_seconds(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if moment is None else round(max((now - moment).total_seconds(), 0.0), 1)


def _tasks(now: dt.datetime) -> dict[str, Any] | None:
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult  # optional backend

    queued = Q(status=TaskResultStatus.READY)
    row = DBTaskResult.objects.aggregate(
        queued=Count("id", filter=queued),
        running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)),
        oldest=Min("enqueued_at", filter=queued),
    )
    return {
        "queued": row["queued"],
        "running": row["running"],
        "oldest_queued_age_seconds": _age_seconds(row["oldest"], now),
    }


def _daily_sync(now: dt.datetime) -> dict[str, Any] | None:
    # Looked up by name: core sits below the connectors app and must not import it.
    try:
        sync_run = apps.get_model("connectors", "SyncRun")
    except LookupError:
        return None
    last = sync_run.objects.filter(kind="daily", state="finished").aggregate(
        last=Max("finished_at")
    )["last"]
    return {
        "last_finished_at": last.isoformat() if last else None,
        "age_seconds": _age_seconds(last, now),
    }


def health_report(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """The health document; `healthy` is False when the database or migrations are not ready.

    Nothing in it is secret: no settings, host names, versions or error texts (errors go to
    the log instead).
    """
    now = now or timezone.now()
    report: dict[str, Any] = {"healthy": False, "time": now.isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        report["database"] = {"ok": False}
        return report
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = {(app, name) for app, name in cursor.fetchall()}
    except DatabaseError:
        logger.warning("Health check: no migrations are recorded", exc_info=True)
        applied = set()
    report["database"] = {"ok": True, "vendor": connection.vendor}
    pending = _pending_migrations(applied)
    report["migrations"] = {"ok": not pending, "pending": len(pending)}
    if pending:
        logger.warning("Health check: %d unapplied migrations, e.g. %s", len(pending), pending[0])
    try:
        report["tasks"] = _tasks(now)
        report["daily_sync"] = _daily_sync(now)
    except DatabaseError:
        # A table not created yet (pending migrations) must not hide the answer above.
        logger.warning("Health check: could not read the task queue or syncs", exc_info=True)
    report["healthy"] = not pending
    return report
