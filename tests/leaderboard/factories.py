"""Helpers for the leaderboard tests: daily series written in one bulk insert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from tests.factories import AmbassadorFactory, PersonFactory, SocialAccountFactory
from whitecoat.metrics.enums import MetricSource
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.program.enums import JOINED_STATUSES, AmbassadorStatus

TODAY = dt.date(2026, 6, 30)


def daily_series(
    account: SocialAccount,
    *,
    last: dt.date = TODAY,
    followers: Sequence[int | None],
    engagements: int | None = 10,
    video_views: int | None = None,
    posts: int | None = 1,
    skip: Sequence[dt.date] = (),
    source: str = MetricSource.API,
) -> None:
    """One snapshot a day ending on `last`, with the given follower counts (oldest first)."""
    first = last - dt.timedelta(days=len(followers) - 1)
    now = timezone.now()
    rows = []
    for i, count in enumerate(followers):
        day = first + dt.timedelta(days=i)
        if day in skip:
            continue
        rows.append(
            MetricSnapshot(
                account=account,
                date=day,
                followers=count,
                engagements=engagements,
                video_views=video_views,
                posts_published=posts,
                source=source,
                collected_at=now,
            )
        )
    MetricSnapshot.objects.bulk_create(rows)


def linear(start: int, end: int, days: int) -> list[int]:
    """`days` follower counts growing evenly from `start` to `end`."""
    if days == 1:
        return [end]
    return [round(start + (end - start) * i / (days - 1)) for i in range(days)]


def ranked_ambassador(
    *,
    name: str,
    department: Any = None,
    cohort: Any = None,
    joined: dt.date = dt.date(2020, 2, 1),
    status: str = AmbassadorStatus.ACTIVE,
    **account: Any,
) -> SocialAccount:
    """An ambassador named `name` with one professional account (X unless `platform=`)."""
    first, _, last = name.partition(" ")
    person: dict[str, Any] = {"first_name": first, "last_name": last or "Doe", "credentials": ""}
    if department is not None:
        person["department"] = department
    record: dict[str, Any] = {
        "status": status,
        "nominated_on": joined - dt.timedelta(days=30),
        "joined_on": joined if status in JOINED_STATUSES else None,
    }
    if cohort is not None:
        record["cohort"] = cohort
    ambassador = AmbassadorFactory(person=PersonFactory(**person), **record)
    handle = f"@{first.lower()}{last.lower().replace(' ', '')}"
    return SocialAccountFactory(ambassador=ambassador, handle=handle, **account)
