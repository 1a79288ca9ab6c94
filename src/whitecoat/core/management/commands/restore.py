"""Restore a backup (manage.py backup) into an empty database.

    manage.py restore /backups/whitecoat-20261122-0300.tar.gz --dry-run   # check only
    manage.py restore /backups/whitecoat-20261122-0300.tar.gz

The target is a new database with no tables (restore migrates it to the backup's state), or
one migrated to exactly the backup's state that holds no program data. A target with data is
refused unless --force, which asks to type "yes" (--no-input skips the question) and then
replaces everything in it. Any migrations newer than the backup run after the data is in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from whitecoat.core.backup import (
    RestorePlan,
    backup_inspect,
    backup_restore,
    describe_size,
    restore_plan,
)
from whitecoat.core.errors import WhiteCoatError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (--dry-run checks it only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz written by manage.py backup.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the archive and the target only."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that is not empty (asks to confirm).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (with --force).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"].expanduser().resolve()
        say = self.stdout.write if options["verbosity"] >= 1 else (lambda message: None)
        try:
            say(f"Checking {path}…")
            manifest = backup_inspect(path=path)
            self._describe(manifest)
            plan = restore_plan(manifest=manifest)
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self._describe_target(plan)
        if options["dry_run"]:
            if not plan.target_is_empty and not options["force"]:
                raise CommandError(f"Dry run: restore would refuse. {plan.target_problem()}")
            self.stdout.write(
                self.style.SUCCESS("Dry run: the archive is sound; nothing was written.")
            )
            return
        if not plan.target_is_empty:
            if not options["force"]:
                raise CommandError(plan.target_problem())
            if options["interactive"]:
                self._confirm(plan)
        try:
            summary = backup_restore(path=path, plan=plan, progress=say)
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(warning))
        later = summary.migrated_after
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows:,} rows in {summary.tables} tables and "
                f"{summary.media_files} uploaded files in {summary.seconds:.1f} s"
                + (f", then applied {later} newer migrations." if later else ".")
            )
        )
        self.stdout.write(
            "Sign-ins were not part of the backup: everyone signs in again. The task queue "
            "starts empty: run_periodic queues what is due."
        )

    def _describe(self, manifest: dict[str, Any]) -> None:
        media = manifest["media"]
        self.stdout.write(
            f"Archive: made {manifest['created_at']} by WhiteCoat "
            f"{manifest.get('app_version', '?')} on {manifest.get('database_vendor', '?')}; "
            f"{len(manifest['tables'])} tables, "
            f"{sum(t['rows'] for t in manifest['tables']):,} rows, "
            f"{media['files']} uploaded files ({describe_size(media['bytes'])}), "
            f"{len(manifest['migrations'])} migrations. Checksums and row counts match."
        )
        for excluded in manifest.get("excluded", []):
            self.stdout.write(f"  not in the backup: {excluded['table']} ({excluded['reason']})")

    def _describe_target(self, plan: RestorePlan) -> None:
        name = connection.settings_dict.get("NAME")
        if plan.migrate_first:
            self.stdout.write(
                f"Target {connection.vendor} database {name}: no tables yet; restore migrates "
                "it to the backup's state first."
            )
        else:
            self.stdout.write(
                f"Target {connection.vendor} database {name}: at the backup's migration state, "
                + ("empty." if plan.target_is_empty else "NOT empty.")
            )
        if plan.later_migrations:
            self.stdout.write(
                f"This version has {plan.later_migrations} migrations newer than the backup; "
                "they run after the data is loaded."
            )

    def _confirm(self, plan: RestorePlan) -> None:
        name = connection.settings_dict.get("NAME")
        self.stdout.write(
            self.style.WARNING(
                f"{plan.target_problem().split(' Restore into')[0]}\n"
                f"--force DELETES everything in database {name} and replaces it with the backup."
            )
        )
        try:
            answer = input("Type 'yes' to continue: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
