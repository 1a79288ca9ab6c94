"""Background jobs: thin interfaces that take ISO dates and call a service."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from whitecoat.reports.monthly import monthly_report_send


@task
def monthly_report_send_task(month: str) -> int:
    """E-mail the report of the month starting on `month` (ISO date) to whoever does not
    have it yet; `run_periodic` enqueues it once a month, on commit."""
    summary = monthly_report_send(month=dt.date.fromisoformat(month))
    return len(summary.sent)
