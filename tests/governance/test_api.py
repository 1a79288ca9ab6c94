"""The governance API: the same selectors, services and scoping as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.governance.conftest import registered, series
from whitecoat.api.services import api_token_create
from whitecoat.governance import services
from whitecoat.governance.audit import default_periods
from whitecoat.governance.enums import AccountRequestState


@pytest.fixture
def call(db: None) -> Any:
    """Call an API path as `user` (None: anonymously) with a fresh bearer token."""

    def request(user: Any, method: str, path: str, body: Any = None, **params: Any) -> Any:
        headers = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            headers = {"Authorization": f"Bearer {raw}"}
        client = Client()
        if method == "get":
            return client.get(f"/api/v1{path}", params, headers=headers)
        return client.post(
            f"/api/v1{path}", json.dumps(body or {}), "application/json", headers=headers
        )

    return request


@pytest.mark.parametrize(
    "persona,status,handles",
    [
        ("admin", 200, ["@LakesideHeart", "@LakesideNeuro"]),
        ("leadership", 200, ["@LakesideHeart", "@LakesideNeuro"]),
        ("chair_cardiology", 200, ["@LakesideHeart"]),
        ("ambassador", 403, None),
        ("outsider", 403, None),
    ],
)
def test_api_registry_is_scoped_by_role(call, personas, heart, neurology, persona, status, handles):
    registered(department=neurology, handle="@LakesideNeuro")

    response = call(personas[persona], "get", "/governance/registry")

    assert response.status_code == status
    if handles is not None:
        assert [item["handle"] for item in response.json()["items"]] == handles


def test_api_registry_needs_credentials(call, heart):
    assert call(None, "get", "/governance/registry").status_code == 401


def test_api_registry_entry_outside_the_scope_is_404(call, chair_cardiology, neurology):
    other = registered(department=neurology, handle="@LakesideNeuro")

    assert call(chair_cardiology, "get", f"/governance/registry/{other.pk}").status_code == 404


def test_api_registry_entry_carries_owners_and_figures(call, admin, heart, departed):
    heart.owner = departed
    heart.save()
    series(
        heart.account, start=timezone.localdate(), end=timezone.localdate(), followers=lambda i: 777
    )

    item = call(admin, "get", f"/governance/registry/{heart.pk}").json()

    assert item["owner"] == {
        "id": departed.pk,
        "name": "Dan Departed",
        "email": "dan@example.org",
        "has_left": True,
    }
    assert item["unit"] == {
        "kind": "department",
        "id": heart.account.unit_department_id,
        "name": "Cardiology",
    }
    assert (item["latest_followers"], item["last_post_on"], item["confirmation_overdue"]) == (
        777,
        None,
        True,
    )


def test_api_registry_filters_like_the_page(call, admin, heart, cardiology):
    registered(department=cardiology, handle="@Nobody")

    items = call(admin, "get", "/governance/registry", problem="no_owner").json()["items"]

    assert [i["handle"] for i in items] == ["@Nobody"]


def test_api_audit_has_the_pages_parameters_and_wording(call, admin, chair_cardiology, heart):
    first, second = default_periods(timezone.localdate())
    for day, followers in {first.opening: 5000, first.end: 6000, second.end: 6480}.items():
        series(heart.account, start=day, end=day, followers=lambda i, f=followers: f)

    refused = call(chair_cardiology, "get", "/governance/audit")
    body = call(admin, "get", "/governance/audit", dormant=30).json()

    assert refused.status_code == 403
    assert body["dormancy_days"] == 30
    assert body["totals"]["growth_change_words"] == "52 % decrease"
    assert body["totals"]["growth_change"] == pytest.approx(-0.52)
    assert body["items"][0]["growth_first"] == 1000
    assert body["items"][0]["recommendation"]["kind"] == "keep"
    assert "no posting data" in body["items"][0]["recommendation"]["reason"]


def test_api_audit_rejects_a_period_that_ends_before_it_starts(call, admin):
    response = call(admin, "get", "/governance/audit", start1="2026-02-01", end1="2026-01-01")

    assert response.status_code == 422
    assert "ends before it starts" in response.json()["detail"][0]["msg"]


def test_api_request_under_a_freeze_is_answered_at_once(call, admin, outsider, school):
    services.freeze_create(
        by=admin, entity=school, message="Frozen.", effective_on=timezone.localdate()
    )

    response = call(
        outsider,
        "post",
        "/governance/requests",
        {"entity": school.pk, "platform": "tiktok", "purpose": "Lab videos"},
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["state"], body["answer"], body["freeze"]["message"]) == (
        "frozen",
        "Frozen.",
        "Frozen.",
    )
    assert body["alternatives"] == {
        "nominations": "/nominations/",
        "consultations": "/consultations/",
        "amplification": "/content/requests/",
    }


def test_api_requests_list_own_or_all(call, admin, outsider, ambassador, cardiology):
    for user in (outsider, ambassador):
        services.account_request_submit(
            by=user, unit_department=cardiology, platform="x", purpose="p"
        )

    mine = call(outsider, "get", "/governance/requests").json()["items"]
    everyone = call(admin, "get", "/governance/requests").json()["items"]
    admins_own = call(admin, "get", "/governance/requests", mine="true").json()["items"]

    assert [r["requested_by"] for r in mine] == [outsider.username]
    assert len(everyone) == 2
    assert admins_own == []


def test_api_request_decisions_check_role_and_reason(call, admin, outsider, cardiology):
    request = services.account_request_submit(
        by=outsider, unit_department=cardiology, platform="x", purpose="p"
    )
    path = f"/governance/requests/{request.pk}/decision"

    forbidden = call(outsider, "post", path, {"action": "approve"})
    no_reason = call(admin, "post", path, {"action": "decline"})
    declined = call(
        admin, "post", path, {"action": "decline", "reason": "Use the department's page."}
    )

    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden")
    assert (no_reason.status_code, no_reason.json()["code"]) == (409, "no_reason")
    assert declined.status_code == 200
    assert (declined.json()["state"], declined.json()["answer"]) == (
        AccountRequestState.DECLINED,
        "Use the department's page.",
    )


def test_api_request_with_an_unknown_unit_is_409(call, outsider):
    response = call(
        outsider,
        "post",
        "/governance/requests",
        {"department": 999999, "platform": "x", "purpose": "p"},
    )

    assert (response.status_code, response.json()["code"]) == (409, "unknown_department")


def test_api_freezes_are_read_by_all_and_written_by_admins(call, admin, outsider, school):
    refused = call(outsider, "post", "/governance/freezes", {"entity": school.pk, "message": "No."})
    created = call(
        admin,
        "post",
        "/governance/freezes",
        {"entity": school.pk, "message": "No.", "platform": "tiktok"},
    )
    listed = call(outsider, "get", "/governance/freezes").json()["items"]
    ended = call(
        admin, "post", f"/governance/freezes/{created.json()['id']}/end", {"reason": "Lifted"}
    )

    assert refused.status_code == 403
    assert created.status_code == 201
    assert (created.json()["platform"], created.json()["in_force"]) == ("tiktok", True)
    assert [f["entity"]["name"] for f in listed] == ["School of Medicine"]
    assert (ended.status_code, ended.json()["in_force"]) == (200, False)
