from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from whitecoat.screening.services import posts_pending, posts_screen_pending
from whitecoat.screening.version import rules_version


class Command(BaseCommand):
    help = (
        "Screen ingested posts with the compliance coach: the posts never screened and those "
        "screened by an older version of the rules (every post with --all). Blocking and "
        "warning findings go to the admins' review queue; decisions already made are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="re-screen every post")
        parser.add_argument("--limit", type=int, help="screen at most this many posts")
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the posts that would be screened"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        version = rules_version()
        if options["dry_run"]:
            count = posts_pending(rescreen_all=options["all"]).count()
            if options["limit"] is not None:
                count = min(count, options["limit"])
            self.stdout.write(f"{count:,} posts would be screened with rules version {version}.")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Screened {done:,} of {total:,} posts…")

        summary = posts_screen_pending(
            limit=options["limit"], rescreen_all=options["all"], progress=progress
        )
        verdicts = ", ".join(
            f"{summary.verdicts.get(v, 0):,} {v}" for v in ("block", "warn", "tip", "ok")
        )
        self.stdout.write(
            f"Screened {summary.screened:,} posts with rules version {version} in "
            f"{summary.seconds:.1f} s ({verdicts}); {summary.to_review:,} findings to review."
        )
