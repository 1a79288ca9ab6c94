"""Re-encrypt sign-in secrets (TOTP, recovery codes, SSO client secrets) with the newest key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from whitecoat.identity.services import sign_in_secrets_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt TOTP secrets, recovery-code seeds and single sign-on client secrets with "
        "the first WHITECOAT_FERNET_KEYS key (run it with rotate_token_keys)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        count = sign_in_secrets_rotate(dry_run=dry_run)
        verb = "Would re-encrypt" if dry_run else "Re-encrypted"
        self.stdout.write(f"{verb} {count} sign-in secrets with the first key.")
