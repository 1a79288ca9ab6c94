"""Fixtures of the content hub's tests: an analysed post of the cardiology ambassador, an
institutional account to use it on, and an open share kit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.content.factories import PostFactory, ShareKitFactory, institutional_account
from whitecoat.content import services
from whitecoat.content.enums import ConsentScope, KitState


@pytest.fixture(autouse=True)
def _no_network(settings: Any) -> None:
    # Short links resolve only through recorded redirects in tests: never a HEAD request.
    settings.CONTENT_EXPAND_SHORT_LINKS = False


@pytest.fixture
def post(ambassador_account: Any) -> Any:
    return PostFactory(account=ambassador_account)


@pytest.fixture
def item(post: Any, cardiology: Any) -> Any:
    return services.post_analyse(post=post)


@pytest.fixture
def consented(ambassador: Any, ambassador_record: Any) -> Any:
    return services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=True, scope=ConsentScope.ALL
    )


@pytest.fixture
def team_account(cardiology: Any) -> Any:
    return institutional_account(cardiology)


@pytest.fixture
def open_kit(admin: Any, ambassador_record: Any) -> Any:
    kit = ShareKitFactory(copies={"x": ["Know your numbers.", "Check your blood pressure."]})
    services.kit_transition(kit=kit, to_state=KitState.OPEN, by=admin)
    kit.refresh_from_db()
    return kit


@pytest.fixture
def same_queries(client: Any, django_assert_num_queries: Any) -> Any:
    """N+1 guard: a page costs as many queries with 3 items as with 1."""

    def check(url: str, add: Any) -> None:
        add(1)
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        add(2)
        with django_assert_num_queries(len(first)):
            assert client.get(url).status_code == 200

    return check
