"""CSV exports of the list pages: exactly the rows the filters select, every page of them."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

Column = tuple[str, Callable[[Any], object]]

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([header for header, _ in columns])
    for row in rows:
        yield writer.writerow([_safe(get(row)) for _, get in columns])


def csv_response(*, name: str, rows: Iterable[Any], columns: list[Column]) -> StreamingHttpResponse:
    filename = f"whitecoat-{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(_lines(rows, columns), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


AMBASSADOR_COLUMNS: list[Column] = [
    ("first_name", lambda a: a.person.first_name),
    ("last_name", lambda a: a.person.last_name),
    ("credentials", lambda a: a.person.credentials),
    ("kind", lambda a: a.person.get_kind_display()),
    ("department", lambda a: a.person.department.name if a.person.department else ""),
    ("cohort", lambda a: a.cohort.name),
    ("status", lambda a: a.status),
    ("nominated_on", lambda a: a.nominated_on),
    ("joined_on", lambda a: a.joined_on),
    ("accounts", lambda a: a.account_count),
]

PERSON_COLUMNS: list[Column] = [
    ("first_name", lambda p: p.first_name),
    ("last_name", lambda p: p.last_name),
    ("credentials", lambda p: p.credentials),
    ("kind", lambda p: p.get_kind_display()),
    ("title", lambda p: p.title),
    ("department", lambda p: p.department.name if p.department else ""),
    ("email", lambda p: p.email),
]

ACCOUNT_COLUMNS: list[Column] = [
    ("platform", lambda a: a.get_platform_display()),
    ("handle", lambda a: a.handle),
    ("owner", lambda a: a.ambassador.person.full_name if a.ambassador else ""),
    (
        "institutional_unit",
        lambda a: (a.unit_department or a.unit_entity or "") if a.ambassador is None else "",
    ),
    ("use", lambda a: a.use),
    ("connection_state", lambda a: a.connection_state),
    ("followers", lambda a: a.latest_followers),
    ("followers_as_of", lambda a: a.latest_date),
]
