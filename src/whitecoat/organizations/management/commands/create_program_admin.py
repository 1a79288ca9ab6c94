"""`createsuperuser`, plus the program admin role: the way to make the first admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser

from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import roles_sync, user_grant_role


class Command(createsuperuser.Command):
    help = (
        "Create a program admin (a superuser in the program_admin group). Interactive, or "
        "--no-input with --username, --email and DJANGO_SUPERUSER_PASSWORD."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        before = set(get_user_model().objects.values_list("pk", flat=True))
        super().handle(*args, **options)
        roles_sync()
        for user in get_user_model().objects.exclude(pk__in=before):
            user_grant_role(user=user, role=Role.PROGRAM_ADMIN)
            self.stdout.write(f"{user.get_username()} is a program admin.")
