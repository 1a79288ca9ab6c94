"""Enqueue the periodic jobs; run it from cron or a systemd timer every few minutes.

    */10 * * * *  cd /srv/whitecoat && .venv/bin/python manage.py run_periodic

Idempotent: the daily sync is queued once per day (after SYNC_DAILY_HOUR, local time);
a run whose workers stopped (no word for SYNC_CLAIM_TIMEOUT) is closed as failed and its
remaining accounts are queued again in a new run; a large import whose worker stopped (or
never came) goes back to "not imported yet", with the reason on its page; a monthly
report whose worker stopped mid-send is queued again for the recipients who lack it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from whitecoat.connectors.models import SyncRun
from whitecoat.connectors.sync import accounts_to_sync, sync_daily_start, sync_runs_recover
from whitecoat.imports.services import imports_recover
from whitecoat.reports.monthly import monthly_report_periodic, monthly_reports_recover


class Command(BaseCommand):
    help = "Queue today's account sync (once a day) and close runs left by a stopped worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say what would be queued.")
        parser.add_argument(
            "--now", action="store_true", help="Queue today's sync even before SYNC_DAILY_HOUR."
        )

    def handle(self, *args: Any, dry_run: bool = False, now: bool = False, **options: Any) -> None:
        today = timezone.localdate()
        hour = timezone.localtime().hour
        due = now or hour >= settings.SYNC_DAILY_HOUR
        exists = SyncRun.objects.filter(kind="daily", for_date=today).exists()
        if dry_run:
            if exists:
                self.stdout.write(f"Daily sync for {today}: already queued.")
            elif due:
                count = accounts_to_sync().count()
                self.stdout.write(f"Would queue the daily sync for {today}: {count} accounts.")
            else:
                self.stdout.write(
                    f"Daily sync for {today}: not before {settings.SYNC_DAILY_HOUR}:00."
                )
            self.stdout.write(monthly_report_periodic(dry_run=True))
            return
        run = sync_daily_start(today=today) if due and not exists else None
        if run is not None:
            self.stdout.write(
                f"Queued the daily sync for {today}: run #{run.pk}, {run.total} accounts."
            )
        else:
            self.stdout.write(
                f"Daily sync for {today}: {'already queued' if exists else 'not due yet'}."
            )
        given_back = imports_recover()
        if given_back:
            self.stdout.write(
                f"Gave back {given_back} import(s) whose worker stopped: nothing of them was "
                "written."
            )
        for closed in sync_runs_recover():
            again = f"; queued again in run #{closed.retry_run_id}" if closed.retry_run_id else ""
            self.stdout.write(
                f"Run #{closed.run_id} was interrupted (its worker stopped): closed as failed, "
                f"{closed.interrupted} accounts not synced{again}."
            )
        for month in monthly_reports_recover():
            self.stdout.write(
                f"Queued the monthly report for {month:%B %Y} again: its worker stopped "
                "before every recipient had it."
            )
        self.stdout.write(monthly_report_periodic())
