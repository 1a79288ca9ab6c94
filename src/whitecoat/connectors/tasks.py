"""Background jobs: thin interfaces that take ids and ISO dates and call a service."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from whitecoat.connectors.sync import sync_daily_start, sync_run_work


@task
def sync_run_work_task(run_id: int) -> int:
    """Work on one sync run until nothing is left to claim (several may run at once)."""
    return sync_run_work(run_id=run_id)


@task
def sync_daily_task(today: str | None = None) -> int | None:
    """Start the day's sync (idempotent: one daily run per day)."""
    run = sync_daily_start(today=dt.date.fromisoformat(today) if today else None)
    return run.pk if run else None
