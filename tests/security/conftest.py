"""The security tests' fixture world, built once per module.

`world` opens a transaction around the whole module and rolls it back at the end; each
test (with the function-scoped `db`) runs in a savepoint inside it, so a test's writes —
an accepted nomination, a discarded import — never reach the next test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.security.world import World, build_world

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            # One session per role, made once: each request only sets the cookie.
            for role, user in built.users.items():
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def client_for(world: World, role: str) -> Client:
    """A test client signed in as `role` (anonymous: no session)."""
    client = Client()
    session = world.sessions.get(role)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client
