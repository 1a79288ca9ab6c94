"""Helpers for the reports tests: ambassadors with a recorded status history, and
snapshots written in one bulk insert."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from tests.factories import AmbassadorFactory, PersonFactory, SocialAccountFactory
from whitecoat.metrics.enums import MetricSource
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.program.models import Ambassador, StatusChange

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def ambassador_with_history(
    *,
    name: str,
    cohort: Any,
    department: Any = None,
    kind: str = "attending",
    steps: Sequence[tuple[dt.date, str]],
) -> Ambassador:
    """An ambassador whose status changes are recorded: (day, status) oldest first; their
    status is the last one and they joined on the day they first became active."""
    first, _, last = name.partition(" ")
    person = PersonFactory(
        first_name=first, last_name=last or "Doe", kind=kind, department=department, credentials=""
    )
    joined = next((day for day, status in steps if status == "active"), None)
    ambassador = AmbassadorFactory(
        person=person,
        cohort=cohort,
        status=steps[-1][1],
        nominated_on=steps[0][0],
        joined_on=joined,
    )
    previous = ""
    for day, status in steps:
        StatusChange.objects.create(
            ambassador=ambassador, from_status=previous, to_status=status, changed_at=at(day)
        )
        previous = status
    return ambassador


def account_for(ambassador: Ambassador, **fields: Any) -> SocialAccount:
    handle = f"@{ambassador.person.first_name.lower()}{ambassador.pk}"
    return SocialAccountFactory(ambassador=ambassador, handle=handle, **fields)


def snapshots(
    account: SocialAccount,
    *,
    first: dt.date,
    last: dt.date,
    followers: Callable[[dt.date], int | None] | int | None,
    engagements: int | None = None,
    impressions: int | None = None,
    video_views: int | None = None,
    posts: int | None = None,
    source: str = MetricSource.API,
) -> None:
    """One snapshot a day from `first` to `last`; `followers` is a number or a function
    of the day."""
    now = timezone.now()
    rows = []
    day = first
    while day <= last:
        count = followers(day) if callable(followers) else followers
        rows.append(
            MetricSnapshot(
                account=account,
                date=day,
                followers=count,
                engagements=engagements,
                impressions=impressions,
                video_views=video_views,
                posts_published=posts,
                source=source,
                collected_at=now,
            )
        )
        day += dt.timedelta(days=1)
    MetricSnapshot.objects.bulk_create(rows)


RANGE_QUERY = "?window=custom&start=2024-03-01&end=2024-06-30"
VIEW_LADDER = {
    "admin": 200,
    "leadership": 200,
    "chair_cardiology": 403,
    "ambassador": 403,
    "other_ambassador": 403,
    "outsider": 403,
}
MANAGE_LADDER = {**VIEW_LADDER, "leadership": 403}


class TableText(HTMLParser):
    """The text of every cell of each <table id=...>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.numbers: dict[str, list[str]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._numeric = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
            self.numbers[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in {"td", "th"} and self._table:
            self._cell = []
            self._numeric = "num" in (attrs.get("class") or "")

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None and self._table:
            text = " ".join("".join(self._cell).split())
            self.tables[self._table][-1].append(text)
            if self._numeric and text and tag == "td":
                self.numbers[self._table].append(text)
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(response) -> TableText:
    parser = TableText()
    parser.feed(response.content.decode())
    return parser


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
