"""X (Twitter) analytics: the account overview export (CSV), one row per day.

Read: Date, Impressions, Engagements, Create Post (posts published that day) and Video
views. Likes, replies, reposts, bookmarks, shares, profile visits, new follows and unfollows
are parts or neighbours of those and are not stored; the file does not say the follower
count. The file does not name the account: the admin picks it.
"""

from __future__ import annotations

from whitecoat.imports.parsers.base import (
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
    key="x_overview",
    label="X analytics — account overview, by day (CSV)",
    platform="x",
    where="x.com → More → Premium → Analytics → Overview → Export data (by day)",
)
ALIASES = {
    "date": ["date"],
    "impressions": ["impressions"],
    "engagements": ["engagements"],
    "new_follows": ["new follows"],
    "posts_published": ["create post", "create posts", "posts created"],
    "video_views": ["video views"],
}
REQUIRED = ["date", "impressions", "engagements", "new_follows"]
FIGURES = ["impressions", "engagements", "posts_published", "video_views"]


def detect(book: Book) -> int:
    for sheet in book.sheets:
        header = find_header(sheet, ALIASES, REQUIRED)
        labels = [label.lower() for label in header.labels] if header else []
        if header and "post id" not in labels and "tweet id" not in labels:
            return len(header.columns)
    return 0


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, platform=INFO.platform, notes=list(book.notes))
    found = table(book, result, ALIASES, REQUIRED)
    if found is None:
        return result
    sheet, header = found
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        figures = row.counts({name: name for name in FIGURES})
        if row.failed or day is None:
            continue
        result.snapshots.append(SnapshotRow(row=row.number, date=day, **figures))
    return result
