"""Sprout Social: Profile Performance report (CSV), one row per profile and day.

Columns are the ones the user picked (up to 50). Read: Date, Profile and Network (whose
account), Audience (followers at the end of the day), Impressions, Engagements, Published
Posts (Total), Video Views. Audience gained/lost, rates and message counts are not stored.
"""

from __future__ import annotations

from whitecoat.imports.parsers.base import (
    AccountRef,
    Book,
    FormatInfo,
    ParseOptions,
    ParseResult,
    SnapshotRow,
    column_day_first,
    data_rows,
    find_header,
    table,
)
from whitecoat.imports.parsers.read import read_book

INFO = FormatInfo(
    key="sprout_profile",
    label="Sprout Social — Profile Performance report (CSV)",
    platform=None,
    where="Sprout Social → Reports → Profile Performance → Export → CSV",
)
ALIASES = {
    "date": ["date"],
    "profile": ["profile", "profile name"],
    "network": ["network"],
    "followers": ["audience", "followers", "total audience"],
    "impressions": ["impressions"],
    "engagements": ["engagements"],
    "posts_published": ["published posts (total)", "published posts"],
    "video_views": ["video views"],
}
REQUIRED = ["date", "profile", "network"]
METRICS = ["followers", "impressions", "engagements", "posts_published", "video_views"]


def detect(book: Book) -> int:
    for sheet in book.sheets:
        header = find_header(sheet, ALIASES, REQUIRED)
        if header is None or "post id" in [label.lower() for label in header.labels]:
            continue
        if any(name in header.columns for name in METRICS):
            return len(header.columns)
    return 0


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, notes=list(book.notes))
    found = table(book, result, ALIASES, REQUIRED)
    if found is None:
        return result
    sheet, header = found
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        platform = row.platform("network")
        profile = row.text("profile")
        if not profile:
            row.error("the profile is missing", "profile")
        figures = row.counts({name: name for name in METRICS})
        if row.failed or day is None:
            continue
        result.snapshots.append(
            SnapshotRow(row=row.number, date=day, account=AccountRef(platform, profile), **figures)
        )
    return result
