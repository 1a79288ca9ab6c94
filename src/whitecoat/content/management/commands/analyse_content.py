from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from whitecoat.content.services import posts_analyse_pending, posts_pending_analysis


class Command(BaseCommand):
    help = (
        "Analyse ambassadors' posts for the content hub: links expanded and classified, "
        "departments and topics tagged, the relevance score computed. Analyses the posts "
        "never analysed and those analysed with other keyword lists (every post with --all: "
        "run it daily, as the score's recency part changes with time). Queue states are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="re-analyse every post")
        parser.add_argument("--limit", type=int, help="analyse at most this many posts")
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the posts that would be analysed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            count = posts_pending_analysis(reanalyse_all=options["all"]).count()
            if options["limit"] is not None:
                count = min(count, options["limit"])
            self.stdout.write(f"{count:,} posts would be analysed.")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Analysed {done:,} of {total:,} posts…")

        summary = posts_analyse_pending(
            reanalyse_all=options["all"], limit=options["limit"], progress=progress
        )
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(summary.kinds.items()))
        self.stdout.write(
            f"Analysed {summary.analysed:,} posts in {summary.seconds:.1f} s "
            f"({kinds or 'none'}); {summary.suggested:,} suggested, "
            f"{summary.blocked:,} held back by the compliance coach."
        )
