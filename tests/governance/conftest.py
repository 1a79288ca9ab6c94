"""Fixtures of the governance tests: institutional accounts in the registry, with owners,
daily figures and posts built by hand; and the N+1 guard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EntityFactory, PersonFactory, SocialAccountFactory, UserFactory
from whitecoat.governance.models import RegisteredAccount
from whitecoat.metrics.enums import ConnectionState, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, Post


def unit_account(*, department: Any = None, entity: Any = None, **kwargs: Any) -> Any:
    """An institutional account (not yet in the registry)."""
    values = {
        "platform": Platform.X,
        "connection_state": ConnectionState.NOT_CONNECTED,
        "connected_at": None,
        **kwargs,
    }
    return SocialAccountFactory(
        ambassador=None, unit_department=department, unit_entity=entity, **values
    )


def registered(
    *,
    department: Any = None,
    entity: Any = None,
    owner: Any = None,
    backup_owner: Any = None,
    status: str = "active",
    purpose: str = "News of the unit",
    **account: Any,
) -> RegisteredAccount:
    return RegisteredAccount.objects.create(
        account=unit_account(department=department, entity=entity, **account),
        owner=owner,
        backup_owner=backup_owner,
        status=status,
        purpose=purpose,
    )


def series(
    account: Any,
    *,
    start: dt.date,
    end: dt.date,
    followers: Callable[[int], int | None],
    posts: Callable[[int], int | None] | None = None,
    engagements: Callable[[int], int | None] | None = None,
) -> None:
    """Daily snapshots from `start` to `end`; each callable gets the day's index."""
    now = timezone.now()
    rows = []
    for i in range((end - start).days + 1):
        rows.append(
            MetricSnapshot(
                account=account,
                date=start + dt.timedelta(days=i),
                followers=followers(i),
                posts_published=posts(i) if posts else None,
                engagements=engagements(i) if engagements else None,
                source=MetricSource.API,
                collected_at=now,
            )
        )
    MetricSnapshot.objects.bulk_create(rows)


def post(account: Any, day: dt.date, n: int = 0) -> Post:
    return Post.objects.create(
        account=account,
        platform_post_id=f"gov-{account.pk}-{day}-{n}",
        text="News",
        url=f"https://x.example/status/{account.pk}{n}",
        published_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))),
        source=MetricSource.API,
        collected_at=timezone.now(),
    )


@pytest.fixture
def owner(db: None, cardiology: Any) -> Any:
    """Olga, who runs Cardiology's accounts and signs in as `olga_owner`."""
    user = UserFactory(username="olga_owner", first_name="Olga", last_name="Owner")
    return PersonFactory(
        first_name="Olga",
        last_name="Owner",
        email="olga@example.org",
        user=user,
        department=cardiology,
    )


@pytest.fixture
def backup(db: None, cardiology: Any) -> Any:
    return PersonFactory(
        first_name="Bea", last_name="Backup", email="bea@example.org", department=cardiology
    )


@pytest.fixture
def departed(db: None, cardiology: Any) -> Any:
    """Dan has left: his login is deactivated."""
    user = UserFactory(username="dan_departed", is_active=False)
    return PersonFactory(
        first_name="Dan",
        last_name="Departed",
        email="dan@example.org",
        user=user,
        department=cardiology,
    )


@pytest.fixture
def heart(cardiology: Any, owner: Any, backup: Any) -> RegisteredAccount:
    """Cardiology's X account, in the registry, owned by Olga with Bea as backup."""
    return registered(
        department=cardiology, owner=owner, backup_owner=backup, handle="@LakesideHeart"
    )


@pytest.fixture
def school(health_system: Any) -> Any:
    return EntityFactory(name="School of Medicine", kind="school", parent=health_system)


@pytest.fixture
def same_queries(client: Any, django_assert_num_queries: Any) -> Any:
    """N+1 guard: a page costs as many queries with 3 items as with 1."""

    def check(url: str, add: Callable[[int], object]) -> None:
        add(1)
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        add(2)
        with django_assert_num_queries(len(first)):
            assert client.get(url).status_code == 200

    return check
