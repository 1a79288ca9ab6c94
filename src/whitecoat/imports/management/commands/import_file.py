from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports.enums import CommitStep
from whitecoat.imports.parsers import BY_KEY
from whitecoat.imports.selectors import import_plan
from whitecoat.imports.services import import_commit, import_discard, import_upload
from whitecoat.metrics.models import SocialAccount


class Command(BaseCommand):
    help = (
        "Import an analytics export from the command line, as the web page does: preview, "
        "then commit (all or nothing). Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="the program admin importing it")
        parser.add_argument("--format", default="", choices=["", *BY_KEY], help="default: detect")
        parser.add_argument("--account", type=int, help="send every row to this account id")
        parser.add_argument(
            "--replace", action="store_true", help="replace figures from the API or typed by hand"
        )
        parser.add_argument("--dry-run", action="store_true", help="preview only; save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']}.")
        account = None
        if options["account"]:
            account = SocialAccount.objects.filter(pk=options["account"]).first()
            if account is None:
                raise CommandError(f"No account {options['account']}.")
        path: Path = options["path"]
        self.stdout.write(f"Reading {path.name} ({path.stat().st_size:,} bytes)…")
        try:
            record = import_upload(
                by=user,
                file_name=path.name,
                data=path.read_bytes(),
                format=options["format"],
                account=account,
                replace_existing=options["replace"],
                max_rows=None,
            )
            self.stdout.write(f"Read as {record.format}. Planning…")
            plan = import_plan(record=record)
            self._summary(plan)
            if options["dry_run"]:
                import_discard(record=record, by=user)
                seconds = time.perf_counter() - started
                self.stdout.write(f"Dry run: nothing saved ({seconds:.1f} s).")
                return
            record = import_commit(record=record, by=user, progress=self._progress())
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Imported as import {record.pk}: {record.written:,} rows written, "
            f"{record.snapshots_unchanged + record.posts_unchanged:,} unchanged, "
            f"{record.snapshots_kept + record.posts_kept:,} kept, in "
            f"{time.perf_counter() - started:.1f} s."
        )

    def _progress(self) -> Any:
        """Print each step of the commit, and its count at every tenth of the way."""
        last: dict[str, Any] = {"step": None, "tenth": -1}

        def report(step: str, done: int, total: int) -> None:
            tenth = done * 10 // total if total else -1
            if step == last["step"] and tenth == last["tenth"]:
                return
            label = CommitStep(step).label
            if step != last["step"] and (not total or done == 0):
                self.stdout.write(f"{label}…" + (f" {total:,} rows" if total else ""))
            elif total:
                self.stdout.write(f"  {label}: {done:,}/{total:,} ({100 * done // total} %)")
            last.update(step=step, tenth=tenth)

        return report

    def _summary(self, plan: Any) -> None:
        for group in plan.groups:
            where = "→ ?"
            if group.account is not None:
                where = f"→ {group.account}"
            elif group.skipped:
                where = "→ skipped"
            self.stdout.write(f"  {group.label}: {group.rows:,} rows {where}")
        for kind, counts in (("days", plan.snapshot_counts), ("posts", plan.post_counts)):
            if any(counts.values()):
                listed = ", ".join(f"{n:,} {action}" for action, n in counts.items() if n)
                self.stdout.write(f"  {kind}: {listed}")
        for error in plan.errors[:20]:
            self.stdout.write(f"  {error}")
        if len(plan.errors) > 20:
            self.stdout.write(f"  … and {len(plan.errors) - 20} more errors")
