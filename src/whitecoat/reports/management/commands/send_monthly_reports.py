"""E-mail last month's program report, with its PDF, to the recipients who do not have it.

    .venv/bin/python manage.py send_monthly_reports [--month 2026-10] [--dry-run]

Idempotent: each address receives each month's report once (a failed send is retried);
`run_periodic` queues the same job by itself in the first days of each month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.reports.monthly import monthly_report_send, previous_month_start


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month takes a month like 2026-10, not {value!r}.") from None


class Command(BaseCommand):
    help = "E-mail a month's program report (default: last month) to its recipients, once each."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="The month to report, YYYY-MM (default: last month).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would receive it; send nothing."
        )

    def handle(
        self, *args: Any, month: str | None = None, dry_run: bool = False, **options: Any
    ) -> None:
        today = timezone.localdate()
        first = _month(month) if month else previous_month_start(today)
        try:
            summary = monthly_report_send(month=first, dry_run=dry_run, today=today)
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stdout.write(summary.text())
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} message(s) failed; run it again to retry.")
