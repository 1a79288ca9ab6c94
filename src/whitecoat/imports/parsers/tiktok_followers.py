"""TikTok Studio: FollowerHistory.csv from Analytics → Download data, one row per day.

Columns: Date (`August 31` — no year, inferred as for Overview.csv), Followers, Difference
in followers from previous day. Read: the follower count. The file does not name the
account: the admin picks it.
"""

from __future__ import annotations

import datetime as dt

from whitecoat.imports.parsers.base import (
    Book,
    FormatInfo,
    ParseOptions,
    ParseResult,
    Row,
    SnapshotRow,
    YearlessDate,
    column_day_first,
    data_rows,
    latest_date_in_filename,
    resolve_dates,
    score_headers,
    table,
)
from whitecoat.imports.parsers.read import read_book

INFO = FormatInfo(
    key="tiktok_followers",
    label="TikTok Studio — FollowerHistory.csv (by day)",
    platform="tiktok",
    where="TikTok Studio → Analytics → Download data (FollowerHistory.csv in the download)",
)
ALIASES = {
    "date": ["date"],
    "followers": ["followers"],
    "difference": ["difference in followers from previous day"],
}
REQUIRED = ["date", "followers", "difference"]


def detect(book: Book) -> int:
    return score_headers(book, ALIASES, REQUIRED)


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, platform=INFO.platform, notes=list(book.notes))
    found = table(book, result, ALIASES, REQUIRED)
    if found is None:
        return result
    sheet, header = found
    day_first = column_day_first(sheet, header, "date", options)
    dated: list[tuple[Row, dt.date | YearlessDate]] = []
    followers: dict[int, int | None] = {}
    for row in data_rows(sheet, header, result):
        if not row.has("date"):
            row.error("the date is missing", "date")
        day = row.date("date", day_first=day_first)
        count = row.count("followers")
        if row.failed or day is None:
            continue
        dated.append((row, day))
        followers[row.number] = count
    latest = latest_date_in_filename(book.filename, options.today)
    for row, day in resolve_dates(dated, result, latest=latest):
        result.snapshots.append(
            SnapshotRow(row=row.number, date=day, followers=followers[row.number])
        )
    return result
