"""Print the demo logins, their roles and where to use them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from whitecoat.demo.plan import DEMO_PASSWORD
from whitecoat.demo.services import demo_is_loaded, demo_login_list


class Command(BaseCommand):
    help = "Print the demo program's logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_is_loaded():
            self.stdout.write("The demo program is not loaded (manage.py load_demo loads it).")
            return
        logins = demo_login_list()
        rows = [("login", "password", "role", "who")]
        rows += [
            (
                login.username,
                DEMO_PASSWORD,
                login.role,
                ", ".join(filter(None, [login.person, login.scope])),
            )
            for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write("Demo program: open http://127.0.0.1:8000 and log in.")
