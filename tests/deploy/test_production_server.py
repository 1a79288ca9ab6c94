"""The production server, as deploy/ runs it: granian (not runserver) with production
settings (DEBUG off, a secret key, one allowed host, HTTPS on behind a proxy, JSON logs), a
migrated SQLite database and static files collected with hashed, compressed names.

The test plays the TLS proxy: it sends X-Forwarded-Proto: https, except where it checks
that plain HTTP is redirected.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
GRANIAN = Path(sys.executable).parent / "granian"
FERNET_KEY = "h0yvC2m1n9N2V8xkzV8Y2x7X0y3Jc3V2t8K8z2E8b4M="


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(server, path: str, *, https: bool = True, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    sent = {"Host": "127.0.0.1", **headers}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers=sent)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not GRANIAN.exists():
        pytest.fail(f"granian is not installed at {GRANIAN} (it is pinned in pyproject.toml)")
    base = tmp_path_factory.mktemp("production")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GRANIAN_"))},
        "DEBUG": "false",
        "SECRET_KEY": "production-test-" + "k3y-" * 12,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{base / 'whitecoat.sqlite3'}",
        "WHITECOAT_VAR_DIR": str(base / "var"),
        "STATIC_ROOT": str(base / "static"),
        "MEDIA_ROOT": str(base / "media"),
        "WHITECOAT_FERNET_KEYS": FERNET_KEY,
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "DJANGO_SETTINGS_MODULE": "whitecoat.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    port = _free_port()
    log_path = base / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(GRANIAN),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--blocking-threads",
                "2",
                "--no-ws",
                "--log-config",
                str(ROOT / "deploy" / "granian-logging.json"),
                "whitecoat.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = SimpleNamespace(port=port, static=base / "static", log=log_path, process=process)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"granian exited ({process.returncode}):\n{log_path.read_text()}")
            try:
                if _get(server, "/healthz", https=False).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"granian did not answer /healthz in 90 s:\n{log_path.read_text()}")
            time.sleep(0.5)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_health_check_answers_200_with_a_healthy_document(server):
    response = _get(server, "/healthz", https=False)

    body = json.loads(response.body)
    assert response.status == 200
    assert body["healthy"] is True
    assert body["database"] == {"ok": True, "vendor": "sqlite"}
    assert body["migrations"] == {"ok": True, "pending": 0}


def test_static_files_have_hashed_names_compression_and_far_future_caching(server):
    manifest = json.loads((server.static / "staticfiles.json").read_text())["paths"]
    name = next(n for n in manifest if n.startswith("vendor/") and n.endswith(".js"))

    response = _get(server, f"/static/{manifest[name]}", **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    cache = response.getheader("Cache-Control")
    assert "immutable" in cache
    assert int(cache.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.body) == (server.static / manifest[name]).read_bytes()


def test_an_unknown_static_file_is_a_404(server):
    assert _get(server, "/static/vendor/nothing-here.js").status == 404


def test_login_page_is_served_with_security_headers(server):
    response = _get(server, reverse("login"))

    assert response.status == 200
    assert b"<form" in response.body
    csp = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    cookies = response.msg.get_all("Set-Cookie") or []
    assert cookies and all("Secure" in c and "csrftoken" in c for c in cookies)


def test_plain_http_is_redirected_to_https(server):
    response = _get(server, reverse("login"), https=False)

    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1{reverse('login')}"


def test_an_unknown_host_is_refused(server):
    assert _get(server, reverse("login"), Host="evil.example").status == 400


def test_every_log_line_is_json(server):
    _get(server, reverse("login"))

    lines = [line for line in server.log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    assert any(e["logger"] == "_granian" for e in entries)
    request = next(
        e
        for e in entries
        if e["logger"] == "whitecoat.request" and e.get("path") == reverse("login")
    )
    assert request["status"] == 200
    assert request["request_id"]
    assert "SECRET_KEY" not in server.log.read_text()
