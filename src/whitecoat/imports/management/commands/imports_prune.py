from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from whitecoat.imports.services import imports_prune


class Command(BaseCommand):
    help = "Delete uploads that were previewed but never imported, older than --days (14)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14, help="age in days (default 14)")
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        count = imports_prune(older_than_days=options["days"], dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        days = options["days"]
        self.stdout.write(f"Uploads never imported, older than {days} days: {verb} {count}.")
