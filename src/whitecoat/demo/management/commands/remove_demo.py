"""Remove the demo program and its logins, after asking."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from whitecoat.core.errors import WhiteCoatError
from whitecoat.demo.services import demo_is_loaded, demo_remove


class Command(BaseCommand):
    help = "Delete the demo program (every roster, program and metrics row) and its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--yes", "--no-input", action="store_true", dest="yes", help="Do not ask."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_is_loaded():
            self.stdout.write("The demo program is not loaded; nothing to remove.")
            return
        if not options["yes"]:
            answer = input(
                "This deletes every entity, department, person, cohort, ambassador, account "
                "and snapshot, and the demo logins. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                self.stdout.write("Nothing removed.")
                return
        try:
            demo_remove()
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS("Demo program removed."))
