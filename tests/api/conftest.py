"""Fixtures for the API tests: a request helper and a small program every role can look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories import (
    AmbassadorFactory,
    CohortFactory,
    DepartmentFactory,
    EntityFactory,
    PersonFactory,
    SocialAccountFactory,
)
from whitecoat.api.services import api_token_create
from whitecoat.metrics.enums import ConnectionState, Platform
from whitecoat.organizations.enums import EntityKind, PersonKind
from whitecoat.program.enums import AmbassadorStatus

ApiGet = Callable[..., Any]


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    # The test client speaks plain HTTP; production redirects it to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def api_get(db: None) -> ApiGet:
    """GET an API path as `user` (with a fresh bearer token), or anonymously with None."""

    def get(user: Any, path: str, **params: Any) -> Any:
        headers = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            headers = bearer(raw)
        return Client().get(f"/api/v1{path}", params, headers=headers)

    return get


@pytest.fixture
def world(
    personas: dict[str, Any],
    chair_neurology: Any,
    ambassador_record: Any,
    ambassador_account: Any,
    health_system: Any,
    cardiology: Any,
    neurology: Any,
    cohort: Any,
) -> dict[str, Any]:
    """The personas' program plus a second hospital, a nurse, a trainee and a unit account.

    Amy (cardiology) and Bob (neurology) are active ambassadors in Physicians 2020; Pat
    (pediatrics, North Hospital) is in training in Nurses 2024; Nora is a cardiology nurse
    who is not an ambassador; @cardio_team is Cardiology's institutional LinkedIn account.
    """
    north = EntityFactory(name="North Hospital", kind=EntityKind.HOSPITAL, parent=health_system)
    pediatrics = DepartmentFactory(entity=north, name="Pediatrics")
    nurses = CohortFactory(name="Nurses 2024", entity=north, launched_on=dt.date(2024, 9, 1))
    nora = PersonFactory(
        first_name="Nora", last_name="Nurse", kind=PersonKind.NURSE, department=cardiology
    )
    pat = AmbassadorFactory(
        person=PersonFactory(first_name="Pat", last_name="Peds", department=pediatrics),
        cohort=nurses,
        status=AmbassadorStatus.TRAINING,
    )
    bob = personas["other_ambassador"].person.ambassadorships.get()
    team = SocialAccountFactory(
        ambassador=None,
        unit_department=cardiology,
        platform=Platform.LINKEDIN,
        handle="@cardio_team",
        connection_state=ConnectionState.NOT_CONNECTED,
    )
    return {
        **personas,
        "chair_neurology": chair_neurology,
        "health_system": health_system,
        "north": north,
        "cardiology": cardiology,
        "neurology": neurology,
        "pediatrics": pediatrics,
        "physicians": cohort,
        "nurses": nurses,
        "amy": ambassador_record,
        "bob": bob,
        "pat": pat,
        "nora": nora,
        "amy_account": ambassador_account,
        "team_account": team,
    }


def labels(endpoint: str, response: Any) -> list[str]:
    """A readable label per item of a list response, in the order returned."""
    items = response.json()["items"]
    if endpoint in {"entities", "departments", "cohorts"}:
        return [item["name"] for item in items]
    if endpoint == "people":
        return [item["first_name"] for item in items]
    if endpoint == "ambassadors":
        return [item["person"]["name"].split()[0] for item in items]
    if endpoint == "accounts":
        return [item["handle"] for item in items]
    raise AssertionError(endpoint)
