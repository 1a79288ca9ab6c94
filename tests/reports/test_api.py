"""The reports through the JSON API: the same figures as the pages, per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.reports.factories import RANGE_QUERY, VIEW_LADDER, page_tables
from whitecoat.api.services import api_token_create

RANGE = {"start": "2024-03-01", "end": "2024-06-30"}


def api(client, user, path, **params):
    headers = {}
    if user is not None:
        _, raw = api_token_create(user=user, name="test")
        headers = {"Authorization": f"Bearer {raw}"}
    return client.get(f"/api/v1/reports/{path}", params, headers=headers)


@pytest.mark.parametrize("path", ["results", "areas"])
@pytest.mark.parametrize(("persona", "expected"), VIEW_LADDER.items())
def test_api_reports_per_role(client, personas, path, persona, expected):
    response = api(client, personas[persona], path)

    assert response.status_code == expected


@pytest.mark.parametrize("path", ["results", "areas"])
def test_api_reports_need_credentials(client, db, path):
    assert api(client, None, path).status_code == 401


def test_api_results_give_the_figures_of_the_range(client, leadership, program):
    body = api(client, leadership, "results", **RANGE).json()

    assert body["range"] == {
        "key": "custom",
        "label": "Custom dates",
        "start": "2024-03-01",
        "end": "2024-06-30",
        "days": 122,
    }
    assert (body["ambassadors_start"], body["ambassadors_end"]) == (2, 2)
    assert (body["joined"], body["left"], body["originally"]) == (1, 1, 2)
    assert (body["audience_start"], body["audience_end"], body["audience_change"]) == (
        1509,
        1431,
        -78,
    )
    assert (body["engagements"], body["impressions"], body["posts_published"]) == (1427, None, 163)
    assert body["content_repurposed"] is None  # never recorded: no data, not 0
    assert body["training_completion_rate"] == 100.0
    assert [p["ambassadors"] for p in body["points"]] == [2, 2, 1, 1, 2]
    assert body["points"][-1]["by_cohort"] == {"Physicians 2024": 1, "Students 2024": 1}
    assert body["points"][2]["by_status"]["alumni"] == 1


def test_api_results_key_figures_read_as_the_page_writes_them(client, leadership, program):
    client.force_login(leadership)
    page = page_tables(client.get(reverse("reports:results") + RANGE_QUERY))
    client.logout()
    on_page = {row[0]: row[1] for row in page.tables["key_figures-table"][1:]}

    body = api(client, leadership, "results", **RANGE).json()

    assert {f["label"]: f["text"] for f in body["key_figures"]} == on_page


def test_api_areas_flag_ranked_specialties_without_ambassadors(client, admin, program):
    body = api(client, admin, "areas", **RANGE).json()

    assert body["as_of"] == "2024-06-30"
    assert [(a["name"], a["active"], a["joined"], a["audience"]) for a in body["areas"]] == [
        ("Cardiology", 2, 1, 1431)
    ]
    assert [(s["name"], s["gap"]) for s in body["specialties"]] == [
        ("Cardiology", False),
        ("Urology", True),
    ]
    assert body["gaps"] == ["Urology"]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2024-06-30", "end": "2024-03-01"},
        {"start": "2024-03-01"},
        {"window": "forever"},
    ],
)
def test_api_reports_reject_a_bad_range(client, leadership, params):
    assert api(client, leadership, "results", **params).status_code == 422


def test_api_reports_are_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    for path in ("/api/v1/reports/results", "/api/v1/reports/areas"):
        operation = schema["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} == {"window", "start", "end"}
        assert {"200", "401", "403", "422"} <= set(operation["responses"])
