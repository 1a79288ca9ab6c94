"""POST /api/v1/screening: one text in, the verdict and findings with offsets out."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import bearer
from whitecoat.api.services import api_token_create
from whitecoat.screening.models import Finding, PostScreening
from whitecoat.screening.version import rules_version

TEXT = "My patient John Kowalski went home today. Use code DRJEN for 20% off! 🎉"


@pytest.fixture
def post_as(db):
    def post(user, payload):
        headers = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            headers = bearer(raw)
        return Client().post(
            "/api/v1/screening", payload, content_type="application/json", headers=headers
        )

    return post


def test_screening_needs_authentication(post_as):
    response = post_as(None, {"text": TEXT})

    assert response.status_code == 401


def test_screening_is_for_ambassadors_and_admins(post_as, personas):
    statuses = {
        name: post_as(user, {"text": "Hello"}).status_code for name, user in personas.items()
    }

    assert statuses == {
        "admin": 200,
        "leadership": 403,
        "chair_cardiology": 403,
        "ambassador": 200,
        "other_ambassador": 200,
        "outsider": 403,
    }


def test_screening_returns_the_verdict_and_findings_whose_offsets_slice_the_text(
    post_as, ambassador
):
    response = post_as(ambassador, {"text": TEXT})

    body = response.json()
    assert response.status_code == 200
    assert body["verdict"] == "block"
    assert body["rules_version"] == rules_version()
    found = {(f["rule"], TEXT[f["start"] : f["end"]]) for f in body["findings"]}
    assert ("phi.name", "John Kowalski") in found
    assert ("partnership.undisclosed", "Use code") in found
    name = next(f for f in body["findings"] if f["rule"] == "phi.name")
    assert name["severity"] == "block"
    assert name["title"] == "A person's name"
    assert name["message"].endswith("(HIPAA Safe Harbor, 45 CFR 164.514(b)(2): names)")
    assert name["where"] == "text"
    assert name["fixes"] == [
        {
            "kind": "redact",
            "label": "Replace with [NAME]",
            "start": 11,
            "end": 24,
            "replacement": "[NAME]",
        }
    ]
    disclose = next(f for f in body["findings"] if f["rule"] == "partnership.undisclosed")
    assert disclose["fixes"][0]["kind"] == "disclose"


def test_screening_reads_the_context(post_as, ambassador):
    payload = {
        "text": "Family trip to the orchard with my kids!",
        "context": {
            "account": "professional",
            "bio": "Cardiologist at Mercy",
            "media": [{"caption": "selfie in the ICU at 3am", "exif_gps": [42.28, -83.74]}],
        },
    }

    body = post_as(ambassador, payload).json()

    rules = {(f["rule"], f["where"]) for f in body["findings"]}
    assert ("account.personal_content", "text") in rules
    assert ("account.disclaimer", "bio") in rules
    assert ("media.on_the_job", "media[0].caption") in rules
    assert body["verdict"] == "warn"


def test_screening_public_phone_and_allow_list(post_as, ambassador):
    text = "Call Kenosha Regional at 617-555-0142."
    plain = post_as(ambassador, {"text": text}).json()
    allowed = post_as(
        ambassador,
        {"text": text, "context": {"public_phones": ["617-555-0142"], "allow": ["Kenosha"]}},
    ).json()

    assert {f["type"] for f in plain["findings"]} >= {"PHONE"}
    assert allowed["findings"] == []
    assert allowed["verdict"] == "ok"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": 42},
        {"text": "a" * 20_001},
        {"text": "x", "context": {"account": "work"}},
        {"text": "x", "context": {"platform": "myspace"}},
        {"text": "x", "context": {"media": [{"exif_gps": [1.0]}]}},
        {"text": "x", "context": {"paid_partnership_label": "maybe"}},
    ],
)
def test_screening_validates_the_body(post_as, ambassador, payload):
    response = post_as(ambassador, payload)

    assert response.status_code == 422
    assert response.json()["detail"]


def test_screening_stores_nothing(post_as, ambassador):
    post_as(ambassador, {"text": TEXT})

    assert PostScreening.objects.count() == Finding.objects.count() == 0


def test_screening_is_in_the_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/screening"]["post"]
    assert operation["operationId"] == "screen_text"
    assert set(operation["responses"]) == {"200", "401", "403", "409", "422"}
    assert "offsets" in operation["description"]
