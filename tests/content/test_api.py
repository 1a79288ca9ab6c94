"""The content hub's API: the same services and scoping as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.content.factories import PostFactory
from whitecoat.api.services import api_token_create
from whitecoat.content import services
from whitecoat.content.enums import ItemState


@pytest.fixture
def call(db: None) -> Any:
    """Call an API path as `user` with a fresh bearer token."""

    def request(user: Any, method: str, path: str, body: Any = None, **params: Any) -> Any:
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
    "persona,status", [("admin", 200), ("leadership", 403), ("ambassador", 403), ("outsider", 403)]
)
def test_api_queue_is_for_admins(call, personas, item, persona, status):
    response = call(personas[persona], "get", "/content/items")

    assert response.status_code == status


def test_api_queue_item_carries_attribution_score_parts_and_copy(call, admin, item, team_account):
    listed = call(admin, "get", "/content/items").json()["items"]
    detail = call(admin, "get", f"/content/items/{item.pk}").json()

    assert [i["id"] for i in listed] == [item.pk]
    assert detail["attribution"]["handle"] == "@dr_amy"
    assert detail["attribution"]["author"] == "Amy Ambassador, MD"
    assert [p["key"] for p in detail["score_parts"]] == [
        "topic",
        "research",
        "engagement",
        "video",
        "recency",
        "compliance",
    ]
    assert [c["platform"] for c in detail["suggested_copy"]] == ["x"]
    assert detail["consent"] is False


def test_api_moves_an_item_to_used(call, admin, item, consented, team_account):
    for state in (ItemState.SHORTLISTED, ItemState.APPROVED):
        assert (
            call(
                admin, "post", f"/content/items/{item.pk}/transition", {"to_state": state}
            ).status_code
            == 200
        )

    response = call(
        admin,
        "post",
        f"/content/items/{item.pk}/uses",
        {"account": team_account.pk, "url": "https://x.example/1", "copy_text": "Read this"},
    )

    assert response.status_code == 201
    assert response.json()["copy_text"] == "Read this"
    assert call(admin, "get", f"/content/items/{item.pk}").json()["state"] == "used"


def test_api_refuses_approval_without_consent_with_409(call, admin, item):
    services.item_transition(item=item, to_state=ItemState.SHORTLISTED, by=admin)

    response = call(admin, "post", f"/content/items/{item.pk}/transition", {"to_state": "approved"})

    assert response.status_code == 409
    assert response.json()["code"] == "no_consent"


def test_api_ambassador_sets_consent_and_sees_their_posts(call, ambassador, item):
    response = call(ambassador, "post", "/content/consent", {"scope": "all", "granted": True})
    mine = call(ambassador, "get", "/content/mine").json()["items"]

    assert response.json() == {"everything": True, "platforms": {}, "posts": {}}
    assert [(i["post_id"], i["consent"], i["used"]) for i in mine] == [(item.post_id, True, False)]


def test_api_amplification_request_round_trip(call, outsider, admin):
    created = call(
        outsider,
        "post",
        "/content/amplification-requests",
        {"title": "Walk", "summary": "5 km", "kind": "event", "links": ["https://a.example/w"]},
    )
    request_id = created.json()["id"]
    accepted = call(
        admin, "post", f"/content/amplification-requests/{request_id}/transition",
        {"to_state": "accepted"},
    )  # fmt: skip
    refused = call(
        outsider, "post", f"/content/amplification-requests/{request_id}/transition",
        {"to_state": "completed", "outcome": "done"},
    )  # fmt: skip

    assert (created.status_code, created.json()["links"]) == (201, ["https://a.example/w"])
    assert (accepted.status_code, accepted.json()["assigned_to"]) == (200, "alice_admin")
    assert refused.status_code == 403


def test_api_ambassador_reads_their_kit_copy_and_marks_a_share(call, ambassador, open_kit):
    kit = call(ambassador, "get", f"/content/kits/{open_kit.pk}").json()
    shared = call(ambassador, "post", f"/content/kits/{open_kit.pk}/shares", {"platform": "x"})

    assert "/k/" in kit["tracked_link"]
    assert kit["link"] is None
    assert kit["copy_for_me"][0]["text"].endswith(kit["tracked_link"])
    assert shared.status_code == 201


def test_api_content_metrics_are_for_admins_and_leadership(call, personas, item):
    assert call(personas["leadership"], "get", "/content/metrics").status_code == 200
    assert call(personas["ambassador"], "get", "/content/metrics").status_code == 403


def test_api_queue_costs_the_same_with_more_items(
    call, admin, ambassador_account, cardiology, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.post_analyse(post=PostFactory(account=ambassador_account))
    with CaptureQueriesContext(connection) as first:
        call(admin, "get", "/content/items", show="all")
    for _ in range(2):
        services.post_analyse(post=PostFactory(account=ambassador_account))

    with django_assert_num_queries(len(first)):
        assert len(call(admin, "get", "/content/items", show="all").json()["items"]) == 3
