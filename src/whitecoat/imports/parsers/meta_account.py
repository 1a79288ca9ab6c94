"""Meta Business Suite: an account-level metric by day (CSV).

UTF-16 LE with a BOM, a `sep=,` line, a title line naming the metric, then a header
`"Date","Primary"` and one row per day (`2026-09-01T00:00:00`, value). The metric is
stored where WhiteCoat has a place for it: Views (or Impressions) as impressions,
Interactions / Content interactions / Engagement as engagements, Followers (a count) as
followers. Reach, Follows (new follows), Visits and Link clicks have no place and are
refused with a note. The file does not name the account: the admin picks it.
"""

from __future__ import annotations

from whitecoat.imports.parsers.base import (
    Book,
    FormatInfo,
    ParseOptions,
    ParseResult,
    RowError,
    SnapshotRow,
    column_day_first,
    data_rows,
    find_header,
    norm,
    table,
)
from whitecoat.imports.parsers.read import read_book
from whitecoat.imports.parsers.values import is_empty

INFO = FormatInfo(
    key="meta_account",
    label="Meta Business Suite — account metric by day (CSV)",
    platform=None,
    where="Meta Business Suite → Insights → Overview (or Results) → a chart's Export",
)
ALIASES = {"date": ["date"], "value": ["primary", "value"]}
REQUIRED = ["date", "value"]
METRICS = {
    "views": "impressions",
    "impressions": "impressions",
    "instagram views": "impressions",
    "facebook views": "impressions",
    "interactions": "engagements",
    "content interactions": "engagements",
    "engagement": "engagements",
    "followers": "followers",
    "instagram followers": "followers",
    "facebook followers": "followers",
}


def _title(book: Book) -> str:
    sheet = book.sheets[0]
    header = find_header(sheet, ALIASES, REQUIRED)
    if header is None:
        return ""
    for cells in reversed(sheet.rows[: header.index]):
        texts = [c for c in cells if not is_empty(c)]
        if texts:
            return str(texts[0]).strip()
    return ""


def detect(book: Book) -> int:
    sheet = book.sheets[0]
    header = find_header(sheet, ALIASES, REQUIRED)
    if header is None or len([c for c in sheet.rows[header.index] if not is_empty(c)]) != 2:
        return 0
    return 2 if norm(header.labels[header.columns["value"]]) == "primary" else 1


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, notes=list(book.notes))
    found = table(book, result, ALIASES, REQUIRED)
    if found is None:
        return result
    sheet, header = found
    title = _title(book)
    metric = METRICS.get(norm(title))
    if metric is None:
        result.errors.append(
            RowError(
                row=sheet.numbers[header.index] - 1 if header.index else 0,
                message=f"the metric “{title or 'unnamed'}” has no place in WhiteCoat's daily "
                "figures (it stores views, interactions and followers)",
            )
        )
        return result
    result.notes.append(f"The file's metric “{title}” is stored as {metric.replace('_', ' ')}.")
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        value = row.count("value")
        if row.failed or day is None:
            continue
        result.snapshots.append(SnapshotRow(row=row.number, date=day, **{metric: value}))
    return result
