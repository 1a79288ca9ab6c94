"""Secrets never leave the server: connected accounts' OAuth tokens, the platform apps' client
secrets (both encrypted at rest, connectors/crypto.py) and API token secrets (shown once,
stored hashed) appear in no page, no API response, no export and no log line.

Known plaintexts are set, then every row of the access matrix is asked by an admin (and
every page the ambassador who owns a connection may open, by her), every list page again
as CSV, XLSX and PDF, and the back office's pages for connections, apps and tokens by a
superuser — all while the log is captured at DEBUG. Neither the plaintexts, nor their
encrypted forms, nor the tokens' hashes may appear anywhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client

from tests.security.access_matrix import ROWS
from tests.security.bodies import text_of
from tests.security.conftest import client_for
from tests.security.matrix import OK, Row, request, served_routes, url_for
from tests.security.world import ROLES, World
from whitecoat.api.models import ApiToken
from whitecoat.api.services import PREFIX_LENGTH, api_token_create
from whitecoat.core.logs import JsonFormatter, TextFormatter

PLAINTEXTS = {
    "access_a": "PLAIN-access-token-amy-4f9c1e",
    "refresh_a": "PLAIN-refresh-token-amy-b27d05",
    "access_b": "PLAIN-access-token-bob-8e3a6c",
    "refresh_b": "PLAIN-refresh-token-bob-1d4f97",
    "client_secret": "PLAIN-client-secret-x-63b0aa",
}
EXPORT_FORMATS = ("csv", "xlsx", "pdf")
AMBASSADOR = ROLES.index("ambassador")


@pytest.fixture(scope="module")
def needles(world: World, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Set the secrets; return every form of them that must never be seen, by name."""
    with django_db_blocker.unblock():
        for side in ("a", "b"):
            stored = world[f"connection_{side}"]
            stored.access_token = PLAINTEXTS[f"access_{side}"]
            stored.refresh_token = PLAINTEXTS[f"refresh_{side}"]
            stored.save()
        app = world["app"]
        app.client_secret = PLAINTEXTS["client_secret"]
        app.save()
        found = dict(PLAINTEXTS)
        for role in ("admin", "ambassador"):
            token, raw = api_token_create(user=world.users[role], name=f"{role}'s export")
            found[f"api_token_{role}"] = raw
            found[f"api_token_{role}_secret_part"] = raw[PREFIX_LENGTH:]
            found[f"api_token_{role}_hash"] = ApiToken.objects.get(pk=token.pk).token_hash
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, access_token, refresh_token FROM connectors_connection "
                "WHERE access_token <> ''"
            )
            for pk, access, refresh in cursor.fetchall():
                found[f"encrypted_access_{pk}"] = access
                found[f"encrypted_refresh_{pk}"] = refresh
            cursor.execute("SELECT id, client_secret FROM connectors_platformapp")
            for pk, secret in cursor.fetchall():
                found[f"encrypted_client_secret_{pk}"] = secret
        superuser = get_user_model().objects.create_superuser(
            "root_security", "root@example.org", "unused-password-123"
        )
        client = Client()
        client.force_login(superuser)
        world.sessions["superuser"] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert all(found.values()) and len(found) == len(set(found.values()))
    assert not any(value in PLAINTEXTS.values() for key, value in found.items()
                   if key.startswith("encrypted"))  # fmt: skip
    yield found


def _exports(world: World) -> list[str]:
    """Every list page (no path parameters) asked for each export format."""
    return [
        url_for(Row(row.target, row.expect, query=f"format={kind}"), world)
        for row in ROWS
        if not row.is_api and row.method == "GET" and not row.params and not row.query
        for kind in EXPORT_FORMATS
    ]


def _back_office(world: World) -> list[str]:
    app, first = world["app"], world["connection_a"]
    token = ApiToken.objects.filter(user=world.users["admin"]).first()
    return [
        "/admin/connectors/connection/",
        f"/admin/connectors/connection/{first.pk}/change/",
        "/admin/connectors/platformapp/",
        f"/admin/connectors/platformapp/{app.pk}/change/",
        "/admin/api/apitoken/",
        f"/admin/api/apitoken/{token.pk}/change/",
    ]


def _audit_trail(world: World) -> list[str]:
    """The audit trail's pages of the records that hold secrets (whether or not it keeps one
    for them)."""
    if "audit/<str:model_label>/<str:object_id>/" not in served_routes():
        return []
    token = ApiToken.objects.filter(user=world.users["admin"]).first()
    records = [
        ("connectors.connection", world["connection_a"].pk),
        ("connectors.platformapp", world["app"].pk),
        ("api.apitoken", token.pk),
    ]
    return [f"/audit/{label}/{pk}/" for label, pk in records] + ["/audit/?format=csv"]


def _found(text: str, needles: dict[str, str]) -> list[str]:
    return [name for name, value in needles.items() if value in text]


def _log_texts(records: list[logging.LogRecord]) -> Iterator[str]:
    """Each record as the project's formatters print it, and raw: message, extras, trace."""
    text, json_lines = TextFormatter(), JsonFormatter()
    for record in records:
        yield text.format(record)
        yield json_lines.format(record)
        yield record.getMessage()
        yield json.dumps({k: repr(v) for k, v in vars(record).items() if k != "msg"})


def test_secrets_appear_in_no_response_export_or_log(
    world: World, needles: dict[str, str], db: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("whitecoat", "django", "django.request", "allauth", "httpx"):
        caplog.set_level(logging.DEBUG, logger=name)
    leaks: dict[str, list[str]] = {}
    asked = 0

    def look(label: str, ask: Callable[[], Any]) -> int:
        """Ask in a savepoint rolled back afterwards (a disconnect must not hide the
        tokens from the pages after it), reading streamed exports inside it."""
        nonlocal asked
        with transaction.atomic():
            response = ask()
            found = _found(text_of(response) + str(response.headers), needles)
            transaction.set_rollback(True)
        asked += 1
        if found:
            leaks[label] = found
        return response.status_code

    # A fresh client for each request: one that signs out or rotates its session cannot
    # turn the rest of the walk into anonymous requests.
    for row in ROWS:
        look(f"admin {row.id}", lambda row=row: request(row, world, client_for(world, "admin")))
        if row.expect[AMBASSADOR] == OK and row.method == "GET":
            owner = client_for(world, "ambassador")
            look(f"ambassador {row.id}", lambda row=row, owner=owner: request(row, world, owner))
    for path in _exports(world) + _audit_trail(world):
        look(f"admin {path}", lambda path=path: client_for(world, "admin").get(path))
    for path in _back_office(world):
        status = look(
            f"superuser {path}", lambda path=path: client_for(world, "superuser").get(path)
        )
        assert status == 200, path
    # Starting OAuth sends the browser to the platform: the address carries the client id
    # and a PKCE challenge, never the secret.
    connect = f"/connections/accounts/{world['acct_a'].pk}/"
    assert look("admin connect", lambda: client_for(world, "admin").post(connect)) == 302
    logged = [(text, _found(text, needles)) for text in _log_texts(caplog.records)]

    assert asked > 400 and len(caplog.records) > asked
    assert leaks == {}
    assert [(text[:200], found) for text, found in logged if found] == []
