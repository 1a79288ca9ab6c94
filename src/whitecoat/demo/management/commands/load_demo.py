"""Load the labelled demo program: idempotent, with --reset and --dry-run."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.demo.plan import DEFAULT_SEED, demo_plan_build
from whitecoat.demo.services import demo_is_loaded, demo_load


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-01-31, not {value!r}") from None


class Command(BaseCommand):
    help = "Load the demo program (invented people and figures) unless it is already loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Remove and rebuild the demo.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--today", type=_date, help="The last day of history (YYYY-MM-DD).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fewer people and days, e.g. 0.1."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print, write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["dry_run"]:
            started = time.perf_counter()
            try:
                plan = demo_plan_build(seed=options["seed"], today=today, scale=options["scale"])
            except ValueError as error:
                raise CommandError(str(error)) from None
            loaded = " (the demo is loaded now: add --reset to replace it)"
            self.stdout.write(
                f"Dry run, nothing written. The demo program would create"
                f"{loaded if demo_is_loaded() else ''}:"
            )
            for line in plan.summary().lines():
                self.stdout.write(f"  {line}")
            self.stdout.write(f"  planned in {time.perf_counter() - started:.1f} s")
            return
        if demo_is_loaded() and not options["reset"]:
            self.stdout.write("Demo program already loaded (use --reset to rebuild it)")
            return
        try:
            summary = demo_load(
                seed=options["seed"], today=today, scale=options["scale"], reset=options["reset"]
            )
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Demo program loaded (seed {options['seed']}):"))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  elapsed:      {summary.seconds:.1f} s")
