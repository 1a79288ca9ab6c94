"""The access-control matrix (access_matrix.py) checked against the running application.

Every URL pattern Django resolves and every operation of the served OpenAPI document must
have a row, so a new endpoint without one fails here; every row is then asked once per
role and must answer what the row says.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.security.access_matrix import ROWS
from tests.security.conftest import client_for
from tests.security.matrix import (
    API_PREFIX,
    Row,
    api_operations,
    api_route,
    outcome,
    page_routes,
    served_routes,
)
from tests.security.world import ROLES, World


def test_matrix_every_page_pattern_has_a_row(world: World, db: None) -> None:
    covered = {row.target for row in ROWS if not row.is_api}

    missing = sorted(set(page_routes()) - covered)

    assert missing == [], f"URL patterns without a row in access_matrix.py: {missing}"


def test_matrix_every_api_operation_has_a_row(world: World, db: None) -> None:
    covered = {row.target for row in ROWS if row.is_api}

    missing = sorted(
        f"{method} {path}"
        for method, path in api_operations() - {tuple(target.split(" ", 1)) for target in covered}
    )

    assert missing == [], f"API operations without a row in access_matrix.py: {missing}"


def test_matrix_rows_name_only_served_endpoints(world: World, db: None) -> None:
    operations = {f"{method} {path}" for method, path in api_operations()}

    stale = [
        row.target
        for row in ROWS
        if (row.target not in operations if row.is_api else row.target not in page_routes())
    ]

    assert stale == [], f"rows for endpoints that are no longer served: {stale}"


def test_matrix_api_patterns_are_all_documented(world: World, db: None) -> None:
    # An operation left out of the OpenAPI document would escape the API rows: every API
    # route must be a documented operation, skipped with a reason, or have a page row.
    pages = {row.target for row in ROWS if not row.is_api}
    documented = {path for _, path in api_operations()}

    undocumented = [
        text
        for text, route in served_routes().items()
        if text.startswith(API_PREFIX)
        and route.skip is None
        and text not in pages
        and api_route(text) not in documented
    ]

    assert undocumented == []


def test_matrix_rows_are_unique() -> None:
    counts = Counter(row.id for row in ROWS)

    assert [row_id for row_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_matrix_row_outcome_per_role(row: Row, world: World, db: None) -> None:
    seen = {}
    for role in ROLES:
        seen[role], _ = outcome(row, world, client_for(world, role))

    expected = dict(zip(ROLES, row.expect, strict=True))
    wrong = {role: f"expected {expected[role]}, got {seen[role]}" for role in ROLES
             if seen[role] != expected[role]}  # fmt: skip
    assert wrong == {}, f"{row.id} {row.note}"
