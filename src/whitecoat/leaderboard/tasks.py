"""Background jobs: thin interfaces that take ISO dates and call a service."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from whitecoat.leaderboard.services import leaderboard_refresh


@task
def leaderboard_refresh_task(today: str | None = None) -> int:
    """Store the standard windows' rankings; enqueue it on commit after an ingest."""
    summary = leaderboard_refresh(today=dt.date.fromisoformat(today) if today else None)
    return summary.standings
