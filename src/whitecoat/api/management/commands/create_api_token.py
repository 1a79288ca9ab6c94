"""Create an API token for a user and print it, once.

There is no --dry-run: the command's only effect is the token, and a dry run could not
show it. Each run creates a new token; revoke unused ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from whitecoat.api.services import api_token_create
from whitecoat.core.errors import WhiteCoatError


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it; it cannot be shown again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        try:
            token, raw = api_token_create(user=user, name=name)
        except WhiteCoatError as error:
            raise CommandError(error.message) from None
        self.stderr.write(
            f"Created token {token.prefix}… ({token.name}) for {username}. "
            "Copy it now: it is not stored and cannot be shown again."
        )
        # The token alone on stdout, so scripts can capture it: TOKEN=$(manage.py ...).
        self.stdout.write(raw)
