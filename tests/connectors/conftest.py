"""Helpers for the connector tests: doc-shaped fixtures served by a loopback HTTP server.

`fixture("x/users_me__ok.json")` loads one of the JSON files in fixtures/ (written from the
shapes in the platforms' documentation, with made-up values). `api(httpserver, platform)`
builds the client a connector uses, pointed at pytest-httpserver, with a sleep that
records instead of waiting.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from whitecoat.connectors.http import ApiClient, HttpPool
from whitecoat.connectors.registry import PLATFORM_HEADERS

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "live: starts real servers or processes (Bluesky's dev network, mastodon-mock, "
        "db_workers on PostgreSQL); deselect with -m 'not live'",
    )


# Every fixture's posts fall within the 30 days before this moment.
NOW = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)
TOKEN = "test-access-token"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class Sleeps(list):
    """A sleep that records how long it was asked to wait, and a clock it moves on."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    def clock(self) -> float:
        return time.time() + sum(self)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def pool():
    pool = HttpPool(timeout=5)
    yield pool
    pool.close()


def make_api(
    httpserver: Any, platform: str, pool: HttpPool, sleeps: Sleeps, token: str = TOKEN, **kw: Any
) -> ApiClient:
    return ApiClient(
        base_url=httpserver.url_for("/").rstrip("/"),
        pool=pool,
        token=token,
        headers=PLATFORM_HEADERS.get(platform),
        gate_key=platform,
        sleep=sleeps,
        clock=sleeps.clock,
        **kw,
    )


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
