"""The permission table: which items each role sees on every endpoint.

The API calls the same selectors as the pages, so this is the pages' scoping seen
through the API: admins and leadership see everything, a chair their departments, an
ambassador themselves, a requester nothing private. Structure is readable by everyone.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import labels

ALL_ENTITIES = ["Demo Health System", "North Hospital"]
ALL_DEPARTMENTS = ["Cardiology", "Neurology", "Pediatrics"]
ALL_COHORTS = ["Physicians 2020", "Nurses 2024"]

# persona -> endpoint -> labels seen (see tests.api.conftest.labels), in API order.
SEES = {
    "admin": {
        "people": ["Amy", "Nora", "Bob", "Pat"],
        "ambassadors": ["Amy", "Bob", "Pat"],
        "accounts": ["@cardio_team", "@dr_amy", "@dr_bob"],
    },
    "leadership": {
        "people": ["Amy", "Nora", "Bob", "Pat"],
        "ambassadors": ["Amy", "Bob", "Pat"],
        "accounts": ["@cardio_team", "@dr_amy", "@dr_bob"],
    },
    "chair_cardiology": {
        "people": ["Amy", "Nora"],
        "ambassadors": ["Amy"],
        "accounts": ["@cardio_team", "@dr_amy"],
    },
    "chair_neurology": {
        "people": ["Bob"],
        "ambassadors": ["Bob"],
        "accounts": ["@dr_bob"],
    },
    "ambassador": {
        "people": ["Amy"],
        "ambassadors": ["Amy"],
        "accounts": ["@dr_amy"],
    },
    "other_ambassador": {
        "people": ["Bob"],
        "ambassadors": ["Bob"],
        "accounts": ["@dr_bob"],
    },
    "outsider": {
        "people": [],
        "ambassadors": [],
        "accounts": [],
    },
}
TABLE = [
    (persona, endpoint, expected)
    for persona, seen in SEES.items()
    for endpoint, expected in {
        "entities": ALL_ENTITIES,
        "departments": ALL_DEPARTMENTS,
        "cohorts": ALL_COHORTS,
        **seen,
    }.items()
]


@pytest.mark.parametrize(("persona", "endpoint", "expected"), TABLE)
def test_list_shows_each_role_its_scope(persona, endpoint, expected, world, api_get):
    response = api_get(world[persona], f"/{endpoint}")

    assert response.status_code == 200
    assert labels(endpoint, response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("persona", "record", "status"),
    [
        ("admin", "bob", 200),
        ("leadership", "pat", 200),
        ("chair_cardiology", "amy", 200),
        ("chair_cardiology", "bob", 404),
        ("chair_cardiology", "pat", 404),
        ("chair_neurology", "amy", 404),
        ("ambassador", "amy", 200),
        ("ambassador", "bob", 404),
        ("outsider", "amy", 404),
    ],
)
def test_ambassador_detail_outside_scope_is_404(persona, record, status, world, api_get):
    response = api_get(world[persona], f"/ambassadors/{world[record].pk}")

    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == world[record].pk
    else:
        assert response.json() == {"detail": "Not Found"}


def test_ambassador_detail_missing_is_404(admin, api_get):
    response = api_get(admin, "/ambassadors/999999")

    assert response.status_code == 404


# `all_roles`, not `roles`: a parameter would shadow the `roles` fixture (tests/conftest.py).
@pytest.mark.parametrize(
    ("persona", "role", "all_roles"),
    [
        ("admin", "program_admin", ["program_admin", "requester"]),
        ("leadership", "leadership", ["leadership", "requester"]),
        ("chair_cardiology", "nominator", ["nominator", "requester"]),
        ("ambassador", "ambassador", ["ambassador", "requester"]),
        ("outsider", "requester", ["requester"]),
    ],
)
def test_me_shows_username_and_roles(persona, role, all_roles, world, api_get):
    response = api_get(world[persona], "/me")

    assert response.status_code == 200
    assert response.json() == {
        "username": world[persona].username,
        "role": role,
        "roles": all_roles,
    }
