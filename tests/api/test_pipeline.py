from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import bearer
from tests.factories import PersonFactory
from whitecoat.api.services import api_token_create


@pytest.fixture
def call(db):
    def _call(user, method: str, path: str, payload: dict | None = None):
        _, raw = api_token_create(user=user, name="test")
        client = Client()
        return getattr(client, method)(
            f"/api/v1{path}",
            data=payload or {},
            content_type="application/json",
            headers=bearer(raw),
        )

    return _call


def test_chair_nominates_and_admin_accepts_through_the_api(
    call, chair_cardiology, admin, cardiology, cohort
):
    person = PersonFactory(department=cardiology)
    created = call(
        chair_cardiology,
        "post",
        "/nominations",
        {
            "department": cardiology.pk,
            "cohort": cohort.pk,
            "rationale": "Great",
            "person": person.pk,
            "suggested_platforms": ["x"],
        },
    )
    assert created.status_code == 201, created.content
    nomination_id = created.json()["id"]

    refused = call(chair_cardiology, "post", f"/nominations/{nomination_id}/accept", {"text": ""})
    accepted = call(admin, "post", f"/nominations/{nomination_id}/accept", {"text": "Welcome"})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["ambassador_status"] == "intake"


def test_nomination_outside_the_chairs_department_is_refused(
    call, chair_cardiology, neurology, cohort
):
    person = PersonFactory(department=neurology)

    response = call(
        chair_cardiology,
        "post",
        "/nominations",
        {"department": neurology.pk, "cohort": cohort.pk, "rationale": "x", "person": person.pk},
    )

    assert response.status_code == 404  # the person is outside what the chair may see


def test_illegal_transition_answers_409_with_the_reason(call, admin, ambassador_record):
    response = call(
        admin, "post", f"/ambassadors/{ambassador_record.pk}/transition", {"to_status": "intake"}
    )

    assert response.status_code == 409
    assert "cannot move to intake" in response.json()["detail"]


def test_transition_and_history(call, admin, ambassador_record):
    response = call(
        admin,
        "post",
        f"/ambassadors/{ambassador_record.pk}/transition",
        {"to_status": "paused", "reason": "Leave"},
    )

    assert response.status_code == 200
    assert response.json()[-1]["to_status"] == "paused"
    history = call(admin, "get", f"/ambassadors/{ambassador_record.pk}/history").json()
    assert [h["reason"] for h in history] == ["Leave"]


def test_ambassador_cannot_transition_themselves(call, ambassador, ambassador_record):
    response = call(
        ambassador,
        "post",
        f"/ambassadors/{ambassador_record.pk}/transition",
        {"to_status": "paused"},
    )

    assert response.status_code == 403


def test_consultations_are_scoped(call, outsider, ambassador):
    created = call(outsider, "post", "/consultations", {"topic": "Lab page?"})

    assert created.status_code == 201
    assert call(outsider, "get", "/consultations").json()["count"] == 1
    assert call(ambassador, "get", "/consultations").json()["count"] == 0
