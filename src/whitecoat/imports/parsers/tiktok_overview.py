"""TikTok Studio: Overview.csv from Analytics → Download data, one row per day.

Columns: Date (`August 31` — no year), Video Views, Profile Views, Likes, Comments, Shares.
Read: video views, and engagements = likes + comments + shares. Profile views are not
stored. The year is inferred: the rows are consecutive days, the newest being the last such
day on or before the end of the range in the file's name, or else the upload date; the
preview says which dates that gave. The file does not name the account: the admin picks it.
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
    sum_known,
    table,
)
from whitecoat.imports.parsers.read import read_book

INFO = FormatInfo(
    key="tiktok_overview",
    label="TikTok Studio — Overview.csv (by day)",
    platform="tiktok",
    where="TikTok Studio → Analytics → Download data (Overview.csv in the download)",
)
ALIASES = {
    "date": ["date"],
    "video_views": ["video views"],
    "profile_views": ["profile views"],
    "likes": ["likes"],
    "comments": ["comments"],
    "shares": ["shares"],
}
REQUIRED = ["date", "video_views", "profile_views"]


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
    figures: dict[int, dict[str, int | None]] = {}
    for row in data_rows(sheet, header, result):
        if not row.has("date"):
            row.error("the date is missing", "date")
        day = row.date("date", day_first=day_first)
        counts = row.counts({k: k for k in ("video_views", "likes", "comments", "shares")})
        if row.failed or day is None:
            continue
        dated.append((row, day))
        figures[row.number] = {
            "video_views": counts["video_views"],
            "engagements": sum_known(counts["likes"], counts["comments"], counts["shares"]),
        }
    latest = latest_date_in_filename(book.filename, options.today)
    for row, day in resolve_dates(dated, result, latest=latest):
        result.snapshots.append(SnapshotRow(row=row.number, date=day, **figures[row.number]))
    return result
