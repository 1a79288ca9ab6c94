from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import bearer, labels
from tests.factories import (
    AmbassadorFactory,
    CohortFactory,
    DepartmentFactory,
    EntityFactory,
    MetricSnapshotFactory,
    PersonFactory,
    SocialAccountFactory,
)
from whitecoat.api.services import api_token_create
from whitecoat.organizations.enums import EntityKind

# ------------------------------------------------------------------------ pagination


def test_list_page_size_gives_count_and_one_item(world, api_get):
    response = api_get(world["admin"], "/ambassadors", page_size=1)

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert labels("ambassadors", response) == ["Amy"]


def test_list_second_page_continues_the_first(world, api_get):
    response = api_get(world["admin"], "/ambassadors", page_size=2, page=2)

    assert response.json()["count"] == 3
    assert labels("ambassadors", response) == ["Pat"]


def test_list_page_past_the_end_is_empty(world, api_get):
    response = api_get(world["admin"], "/ambassadors", page=5)

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 3}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/ambassadors", {"page": 0}),
        ("/ambassadors", {"page_size": 0}),
        ("/ambassadors", {"status": "retired"}),
        ("/ambassadors", {"cohort": "physicians"}),
        ("/entities", {"kind": "clinic"}),
        ("/departments", {"ranked": "sometimes"}),
        ("/people", {"kind": "surgeon"}),
        ("/accounts", {"platform": "myspace"}),
        ("/accounts", {"institutional": "perhaps"}),
        ("/ambassadors", {"page": 10**22}),
    ],
)
def test_list_invalid_parameter_gets_422(path, params, world, api_get):
    response = api_get(world["admin"], path, **params)

    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


# --------------------------------------------------------------------------- filters
class Id(str):
    """A filter value standing for the id of `world[name]`."""


FILTERS = [
    ("entities", {"kind": "hospital"}, ["North Hospital"]),
    ("entities", {"kind": "health_system"}, ["Demo Health System"]),
    ("departments", {"entity": Id("north")}, ["Pediatrics"]),
    ("departments", {"ranked": "true"}, ["Cardiology"]),
    ("departments", {"ranked": "false"}, ["Neurology", "Pediatrics"]),
    ("departments", {"q": "cardio"}, ["Cardiology"]),
    ("people", {"department": Id("cardiology")}, ["Amy", "Nora"]),
    ("people", {"kind": "nurse"}, ["Nora"]),
    ("people", {"q": "bob"}, ["Bob"]),
    ("people", {"q": "nora nurse"}, ["Nora"]),
    ("cohorts", {"entity": Id("north")}, ["Nurses 2024"]),
    ("ambassadors", {"status": "training"}, ["Pat"]),
    ("ambassadors", {"cohort": Id("nurses")}, ["Pat"]),
    ("ambassadors", {"department": Id("cardiology")}, ["Amy"]),
    ("ambassadors", {"entity": Id("north")}, ["Pat"]),
    ("ambassadors", {"q": "other"}, ["Bob"]),
    ("accounts", {"platform": "linkedin"}, ["@cardio_team"]),
    ("accounts", {"connection_state": "not_connected"}, ["@cardio_team"]),
    ("accounts", {"institutional": "true"}, ["@cardio_team"]),
    ("accounts", {"institutional": "false"}, ["@dr_amy", "@dr_bob"]),
    ("accounts", {"ambassador": Id("amy")}, ["@dr_amy"]),
    ("accounts", {"department": Id("cardiology")}, ["@cardio_team", "@dr_amy"]),
    ("accounts", {"q": "bob"}, ["@dr_bob"]),
]


@pytest.mark.parametrize(("endpoint", "params", "expected"), FILTERS)
def test_list_filter_narrows_the_list(endpoint, params, expected, world, api_get):
    params = {key: world[v].pk if isinstance(v, Id) else v for key, v in params.items()}

    response = api_get(world["admin"], f"/{endpoint}", **params)

    assert response.status_code == 200
    assert labels(endpoint, response) == expected


def test_list_filter_keeps_the_role_scope(world, api_get):
    response = api_get(world["chair_cardiology"], "/ambassadors", department=world["neurology"].pk)

    assert response.json() == {"items": [], "count": 0}


# -------------------------------------------------------------------------- accounts


def test_account_without_data_has_null_figures(world, api_get):
    response = api_get(world["admin"], "/accounts", q="dr_amy")

    item = response.json()["items"][0]
    assert item["latest_followers"] is None
    assert item["latest_date"] is None


def test_account_shows_latest_followers_and_date(world, api_get):
    account = world["amy_account"]
    MetricSnapshotFactory(account=account, date=dt.date(2026, 1, 1), followers=900)
    MetricSnapshotFactory(account=account, date=dt.date(2026, 1, 2), followers=1000)

    response = api_get(world["admin"], "/accounts", q="dr_amy")

    item = response.json()["items"][0]
    assert item["latest_followers"] == 1000
    assert item["latest_date"] == "2026-01-02"


def test_account_item_has_exactly_the_documented_fields(world, api_get):
    # An allow-list: a secret added to the model (tokens, cookies) must never appear here.
    response = api_get(world["admin"], "/accounts", q="dr_amy")
    account = world["amy_account"]
    connected_at = account.connected_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    assert response.json()["items"][0] == {
        "id": world["amy_account"].pk,
        "platform": "x",
        "handle": "@dr_amy",
        "profile_url": "",
        "use": "professional",
        "connection_state": "connected",
        "connected_at": connected_at,
        "opened_on": None,
        "institutional": False,
        "ambassador": {"id": world["amy"].pk, "name": "Amy Ambassador, MD"},
        "unit_department": None,
        "unit_entity": None,
        "latest_followers": None,
        "latest_date": None,
    }


def test_ambassador_item_shows_person_department_and_cohort(world, api_get):
    amy = world["amy"]

    response = api_get(world["admin"], f"/ambassadors/{amy.pk}")

    assert response.json() == {
        "id": amy.pk,
        "person": {"id": amy.person_id, "name": "Amy Ambassador, MD"},
        "department": {"id": world["cardiology"].pk, "name": "Cardiology"},
        "cohort": {"id": world["physicians"].pk, "name": "Physicians 2020"},
        "status": "active",
        "nominated_on": "2020-01-15",
        "joined_on": "2020-02-01",
        "account_count": 1,
    }


# ------------------------------------------------------------------------ N+1 guards


def _entity() -> None:
    EntityFactory(kind=EntityKind.HOSPITAL, parent=EntityFactory(kind=EntityKind.HEALTH_SYSTEM))


def _account() -> None:
    # An ambassador's account with data and an institutional one, so every relation is read.
    MetricSnapshotFactory(account=SocialAccountFactory())
    SocialAccountFactory(ambassador=None, unit_department=DepartmentFactory())
    SocialAccountFactory(ambassador=None, unit_entity=EntityFactory())


MAKERS = {
    "entities": _entity,
    "departments": DepartmentFactory,
    "people": PersonFactory,
    "cohorts": CohortFactory,
    "ambassadors": lambda: SocialAccountFactory(ambassador=AmbassadorFactory()),
    "accounts": _account,
}


@pytest.mark.parametrize("endpoint", MAKERS)
def test_list_queries_do_not_grow_with_items(
    endpoint, admin, client, django_assert_max_num_queries
):
    client.force_login(admin)
    MAKERS[endpoint]()
    with CaptureQueriesContext(connection) as one:
        first = client.get(f"/api/v1/{endpoint}")
    MAKERS[endpoint]()
    MAKERS[endpoint]()

    with django_assert_max_num_queries(len(one)):
        third = client.get(f"/api/v1/{endpoint}")

    assert first.status_code == third.status_code == 200
    assert len(third.json()["items"]) == 3 * len(first.json()["items"])


@pytest.mark.parametrize(
    ("path", "params"),
    [("/ambassadors", {"department": -(10**22)}), ("/people", {"department": 10**22})],
)
def test_filter_beyond_any_integer_is_refused_or_matches_nothing(path, params, world, api_get):
    # SQLite cannot even bind such a number (a 422); PostgreSQL compares it and finds nothing.
    response = api_get(world["admin"], path, **params)

    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["count"] == 0


def test_detail_with_an_id_beyond_any_integer_is_not_found(world, api_get):
    response = api_get(world["admin"], "/ambassadors/99999999999999999999999")

    assert response.status_code == 404


def test_write_with_a_body_that_is_not_json_gets_422(world):
    _, raw = api_token_create(user=world["admin"], name="test")

    response = Client().post(
        "/api/v1/screening",
        data=b"\x00{not json",
        content_type="application/json",
        headers=bearer(raw),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
