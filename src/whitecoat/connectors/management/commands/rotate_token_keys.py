"""Re-encrypt every stored token and client secret with the first WHITECOAT_FERNET_KEYS key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from whitecoat.connectors.models import Connection, PlatformApp
from whitecoat.connectors.services import token_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt stored tokens with the newest Fernet key (after adding it first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            count = Connection.objects.count() + PlatformApp.objects.count()
            self.stdout.write(f"Would re-encrypt {count} rows.")
            return
        self.stdout.write(f"Re-encrypted {token_keys_rotate()} rows with the first key.")
