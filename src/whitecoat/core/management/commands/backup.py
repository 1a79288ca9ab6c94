"""Back up the whole program (every table and the uploaded files) into one .tar.gz archive.

    manage.py backup                               # var/backups/whitecoat-YYYYMMDD-HHMMSS.tar.gz
    manage.py backup --output /backups/nightly.tar.gz

Safe while the site runs: the rows are read in one consistent snapshot. The archive holds
password hashes and encrypted tokens: it is written with mode 600; keep it like the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from whitecoat.core.backup import backup_create, describe_size
from whitecoat.core.errors import WhiteCoatError


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"whitecoat-{stamp}.tar.gz"


class Command(BaseCommand):
    help = "Write every table and every uploaded file to one .tar.gz archive (see restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="The archive to write (default: var/backups/whitecoat-<date>-<time>.tar.gz).",
        )

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        path = (output or default_path()).expanduser().resolve()
        if path.exists():
            raise CommandError(f"{path} already exists: choose another --output.")
        progress = self.stdout.write if options["verbosity"] >= 1 else (lambda message: None)
        try:
            summary = backup_create(path=path, progress=progress)
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path} ({describe_size(summary.archive_bytes)}): "
                f"{summary.rows:,} rows in {summary.tables} tables, "
                f"{summary.media_files} uploaded files ({describe_size(summary.media_bytes)}), "
                f"in {summary.seconds:.1f} s."
            )
        )
        self.stdout.write(
            "Restore it with: manage.py restore "
            f"{summary.path} (into an empty database; --dry-run checks it first)."
        )
