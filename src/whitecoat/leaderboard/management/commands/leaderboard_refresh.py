from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from whitecoat.leaderboard.services import leaderboard_refresh


class Command(BaseCommand):
    help = (
        "Store the leaderboard's standard windows ending today (every grouping and platform) "
        "and the monthly rank history. Run it after each ingest of snapshots and once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="ISO date; default today")
        parser.add_argument(
            "--history-months", type=int, default=12, help="month ends of rank history to keep"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = leaderboard_refresh(
            today=options["today"], history_months=options["history_months"]
        )
        self.stdout.write(
            f"Leaderboard as of {summary.as_of}: {summary.rankings} rankings, "
            f"{summary.standings:,} rows, {summary.history_points} new history points, "
            f"in {summary.seconds:.1f} s."
        )
