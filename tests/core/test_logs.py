"""Structured logs: LOG_FORMAT=json gives one JSON object per line; secrets never appear."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.core.backup_support import ROOT
from whitecoat.core.logs import REDACTED, JsonFormatter, TextFormatter, redact

SECRETS = ("sekrit-bearer-0123456789", "cookie-session-value", "hunter2", "oauth-code-xyz")


@pytest.fixture
def json_log():
    """Everything logged, through the JSON formatter, as the production handler would."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_formatter_writes_one_object_per_line():
    record = logging.LogRecord("whitecoat.x", logging.WARNING, __file__, 1, "a\nb %s", ("c",), None)
    record.account_id = 42

    line = JsonFormatter().format(record)

    assert "\n" not in line
    payload = json.loads(line)
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "whitecoat.x"
    assert payload["message"] == "a\nb c"
    assert payload["account_id"] == 42
    assert payload["time"].endswith("Z")


def test_json_formatter_masks_secret_fields_and_secrets_in_text():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET /cb?code=%s&state=1", ("oauth-code-xyz",), None
    )
    record.access_token = "tok-123"
    record.headers = {"Authorization": "Bearer sekrit-bearer-0123456789", "Accept": "text/html"}

    payload = json.loads(JsonFormatter().format(record))

    assert payload["access_token"] == REDACTED
    assert payload["headers"] == {"Authorization": REDACTED, "Accept": "text/html"}
    assert payload["message"] == f"GET /cb?code={REDACTED}&state=1"


def test_json_formatter_includes_the_traceback():
    try:
        raise ValueError("bad value, password=hunter2")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    payload = json.loads(JsonFormatter().format(record))

    assert payload["exception"]["type"] == "ValueError"
    assert "Traceback (most recent call last)" in payload["exception"]["traceback"]
    assert "hunter2" not in json.dumps(payload)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc.def", f"Authorization: {REDACTED}"),
        ("HTTP_COOKIE=sessionid=abc; csrftoken=x", f"HTTP_COOKIE={REDACTED}"),
        ('{"password": "pw", "user": "bob"}', f'{{"password": "{REDACTED}", "user": "bob"}}'),
        ("?access_token=a&page=2", f"?access_token={REDACTED}&page=2"),
        ("postgres://wc:pw@db:5432/wc", f"postgres://wc:{REDACTED}@db:5432/wc"),
        ("synced 12 accounts in 3 s", "synced 12 accounts in 3 s"),
    ],
)
def test_redact_masks_secrets_inside_text(text, expected):
    assert redact(text) == expected


def test_text_formatter_is_readable_and_masks_secrets():
    record = logging.LogRecord("whitecoat.x", logging.INFO, __file__, 1, "token=%s", ("t0k",), None)

    line = TextFormatter().format(record)

    assert line.endswith(f"INFO whitecoat.x token={REDACTED}")


def test_each_request_is_logged_once_with_its_id_and_never_its_secrets(client, db, json_log):
    client.cookies["sessionid"] = "cookie-session-value"

    response = client.get(
        "/nowhere/?code=oauth-code-xyz",
        HTTP_AUTHORIZATION="Bearer sekrit-bearer-0123456789",
    )

    request_lines = [e for e in lines(json_log) if e["logger"] == "whitecoat.request"]
    assert len(request_lines) == 1
    entry = request_lines[0]
    assert entry["path"] == "/nowhere/"
    assert entry["method"] == "GET"
    assert entry["status"] == 404
    assert entry["duration_ms"] >= 0
    assert entry["request_id"] == response["X-Request-ID"]
    for secret in SECRETS:
        assert secret not in json_log.getvalue()


def test_a_sane_incoming_request_id_is_kept(client, db, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123456")

    assert response["X-Request-ID"] == "proxy-abc-123456"
    entry = next(e for e in lines(json_log) if e["logger"] == "whitecoat.request")
    assert entry["level"] == "DEBUG"  # polling /healthz does not flood the log
    assert entry["request_id"] == "proxy-abc-123456"


def test_a_login_attempt_never_logs_the_password(client, db, json_log):
    client.post("/accounts/login/", {"login": "nobody", "password": "hunter2"})

    assert json_log.getvalue()
    assert "hunter2" not in json_log.getvalue()


def test_request_log_names_the_signed_in_user(client, admin, json_log):
    client.force_login(admin)

    client.get("/")

    entry = next(e for e in lines(json_log) if e["logger"] == "whitecoat.request")
    assert entry["user_id"] == admin.pk


@pytest.mark.urls("tests.core.urls_for_logs")
def test_a_failing_request_logs_the_traceback_with_the_request_id(db, json_log):
    client = Client(raise_request_exception=False)

    response = client.get("/test-fail/", HTTP_COOKIE="sessionid=cookie-session-value")

    assert response.status_code == 500
    entries = lines(json_log)
    error = next(e for e in entries if e["logger"] == "django.request")
    assert error["request_id"] == response["X-Request-ID"]
    assert error["path"] == "/test-fail/"
    assert "RuntimeError: the view broke" in error["exception"]["traceback"]
    request = next(e for e in entries if e["logger"] == "whitecoat.request")
    assert (request["status"], request["level"]) == (500, "ERROR")
    for secret in SECRETS:
        assert secret not in json_log.getvalue()


def _log_from_child(log_format: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}", "LOG_LEVEL": "INFO"}
    env.pop("LOG_FORMAT", None)
    if log_format is not None:
        env["LOG_FORMAT"] = log_format
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('whitecoat.test').warning("
        "'hello %s', 'world', extra={'password': 'hunter2', 'accounts': 3})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "whitecoat.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_log_format_json_setting_makes_every_line_json():
    result = _log_from_child("json")

    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    entry = next(e for e in entries if e["logger"] == "whitecoat.test")
    assert entry["message"] == "hello world"
    assert entry["level"] == "WARNING"
    assert entry["accounts"] == 3
    assert entry["password"] == REDACTED


def test_log_format_defaults_to_readable_text():
    result = _log_from_child(None)

    line = next(x for x in result.stderr.splitlines() if "whitecoat.test" in x)
    assert line.endswith("WARNING whitecoat.test hello world")
    assert not line.startswith("{")


def test_log_format_rejects_an_unknown_format():
    result = _log_from_child("xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr
