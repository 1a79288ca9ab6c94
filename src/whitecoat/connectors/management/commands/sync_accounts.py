"""Sync accounts now, from the command line, with progress.

manage.py sync_accounts                  # every connected account, in this process
manage.py sync_accounts --platform x     # one platform
manage.py sync_accounts --account 42     # one account
manage.py sync_accounts --queue          # hand it to the workers and follow it
manage.py sync_accounts --dry-run        # list what would be synced
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from whitecoat.connectors.enums import SyncKind, SyncState
from whitecoat.connectors.models import SyncRun
from whitecoat.connectors.sync import (
    accounts_to_sync,
    sync_run_create,
    sync_run_enqueue,
    sync_run_work,
)


def _line(run: SyncRun) -> str:
    return (
        f"run #{run.pk}: {run.done}/{run.total} ({run.percent} %) — {run.synced} synced, "
        f"{run.skipped} skipped, {run.failed} failed, {run.requests} requests"
    )


class Command(BaseCommand):
    help = "Sync connected accounts now (in this process, or queued for the workers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--platform", default="")
        parser.add_argument("--account", type=int, action="append", default=[])
        parser.add_argument("--queue", action="store_true", help="Let the workers do it.")
        parser.add_argument("--no-follow-up", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = accounts_to_sync()
        if options["platform"]:
            accounts = accounts.filter(platform=options["platform"])
        if options["account"]:
            accounts = accounts.filter(pk__in=options["account"])
        if options["dry_run"]:
            for account in accounts.select_related("ambassador__person"):
                self.stdout.write(f"{account.pk}\t{account}\t{account.connection_state}")
            self.stdout.write(f"{accounts.count()} accounts would be synced.")
            return
        if not accounts.exists():
            raise CommandError("No connected account matches.")
        with transaction.atomic():
            run = sync_run_create(
                kind=SyncKind.ON_DEMAND,
                accounts=accounts,
                follow_up=not options["no_follow_up"],
            )
            if options["queue"]:
                sync_run_enqueue(run=run)
        self.stdout.write(f"Run #{run.pk}: {run.total} accounts.")
        if options["queue"]:
            while run.state in {SyncState.QUEUED, SyncState.RUNNING}:
                time.sleep(2)
                run.refresh_from_db()
                self.stdout.write(_line(run))
        else:
            sync_run_work(run_id=run.pk, progress=lambda r: self.stdout.write(_line(r)))
            run.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"Done. {_line(run)}; {run.duration or 0:.1f} s."))
        for item in run.items.exclude(reason="").select_related("account")[:50]:
            self.stdout.write(f"  {item.account}: {item.get_state_display()} — {item.reason}")
