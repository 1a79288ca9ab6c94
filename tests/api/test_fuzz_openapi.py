"""Schemathesis against the served OpenAPI document: hostile input never gets a 5xx, and
every response is one the document declares, in the declared shape.

The live server holds a small demo program and the caller is a program admin (the role
that reaches every operation). All of Schemathesis's phases run (examples, coverage,
fuzzing, stateful) within a time budget; the seed is fixed so a failure can be replayed,
and SCHEMATHESIS_SEED / SCHEMATHESIS_MAX_TIME change them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

from whitecoat.api.services import api_token_create
from whitecoat.demo.services import demo_load

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


@pytest.fixture(scope="module")
def live_server():
    """A live server on plain HTTP (SecurityMiddleware reads SECURE_SSL_REDIRECT when the
    server thread starts; see tests/browser/conftest.py)."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_api_survives_schemathesis_without_server_errors_or_schema_violations(
    live_server, tmp_path: Path
) -> None:
    demo_load(scale=0.2)
    _, token = api_token_create(user=get_user_model().objects.get(username="admin"), name="fuzz")

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "20",
            "--max-time",
            os.environ.get("SCHEMATHESIS_MAX_TIME", "90"),
            "--seed",
            os.environ.get("SCHEMATHESIS_SEED", "1"),
            "--workers",
            "1",
            "--warnings",
            "off",
            "--no-color",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )

    output = result.stdout + result.stderr
    generated = re.search(r"([\d,]+) generated", output)
    print(f"Schemathesis generated {generated.group(1) if generated else '?'} test cases")
    assert result.returncode == 0, output[-8000:]
    assert generated is not None and int(generated.group(1).replace(",", "")) > 500, output[-2000:]
