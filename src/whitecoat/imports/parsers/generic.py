"""Any CSV or XLSX with one row per day or per post (Hootsuite, a hand-made sheet, …).

The admin maps the file's columns to WhiteCoat's fields on the mapping screen; `guess`
proposes a mapping from the header names (Hootsuite's Metrics Library names among them).
The mapping: {"kind": "snapshots" | "posts", "header_row": the header's row number,
"sheet": the sheet's name, "columns": {field: column index}, "platform": a platform for
every row (when there is no network column)}. Times in a column whose header says GMT or
UTC (Hootsuite's "Date (GMT)") are read as UTC, others in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from whitecoat.imports.parsers.base import (
    POST_FIELDS,
    SNAPSHOT_FIELDS,
    AccountRef,
    Book,
    FormatInfo,
    Header,
    ParseOptions,
    ParseResult,
    PostRow,
    RowError,
    Sheet,
    SnapshotRow,
    column_day_first,
    data_rows,
    match_columns,
    norm,
)
from whitecoat.imports.parsers.read import read_book
from whitecoat.imports.parsers.values import is_empty, parse_count, parse_date, post_kind

INFO = FormatInfo(
    key="generic",
    label="Other CSV or XLSX (map the columns yourself)",
    platform=None,
    where="any tool's export: Hootsuite Analytics → a report → Export → CSV or XLSX, …",
)
KINDS = ("snapshots", "posts")
COMMON_FIELDS = ("date", "handle", "network")
POST_ONLY = ("post_id", "url", "text", "type")
ALIASES: dict[str, list[str]] = {
    "date": [
        "date",
        "date (gmt)",
        "date (utc)",
        "day",
        "published",
        "publish time",
        "post time",
        "created date",
        "time",
        "published date",
        "date published",
    ],
    "handle": [
        "profile",
        "account",
        "account username",
        "username",
        "handle",
        "social profile",
        "profile name",
    ],
    "network": ["social network", "network", "platform", "channel"],
    "post_id": ["post id", "id", "tweet id", "content id"],
    "url": ["post permalink", "permalink", "post link", "link", "url"],
    "text": [
        "post message",
        "message",
        "post text",
        "text",
        "post",
        "description",
        "caption",
        "title",
    ],
    "type": ["post type", "type", "content type", "media type"],
    "followers": ["followers", "audience", "total followers", "fans"],
    "following": ["following"],
    "posts_count": ["total posts", "posts count"],
    "posts_published": ["posts published", "published posts", "posts", "number of posts"],
    "engagements": [
        "engagements",
        "engagement",
        "post key interactions",
        "interactions",
        "total engagements",
    ],
    "impressions": ["impressions", "views", "total impressions"],
    "video_views": ["video views"],
    "likes": ["likes", "reactions"],
    "replies": ["comments", "replies"],
    "reposts": ["shares", "reposts", "retweets"],
    "quotes": ["quotes", "quote posts"],
    "saves": ["saves", "bookmarks"],
    "link_clicks": ["post link clicks", "link clicks", "url clicks"],
}


def fields_for(kind: str) -> tuple[str, ...]:
    if kind == "posts":
        return (*COMMON_FIELDS, *POST_ONLY, *POST_FIELDS)
    return (*COMMON_FIELDS, *SNAPSHOT_FIELDS)


@dataclass
class Guess:
    """What the mapping screen shows: the header row, its labels, sample values, a mapping."""

    sheet: str
    header_row: int
    labels: list[str]
    samples: list[list[str]]
    mapping: dict[str, Any] = field(default_factory=dict)


def detect(book: Book) -> int:
    return 0  # chosen by the admin, or when no other format fits


def _looks_like_data(cell: object) -> bool:
    if isinstance(cell, int | float | dt.date):
        return True
    try:
        parse_count(cell)  # type: ignore[arg-type]
        return True
    except ValueError:
        pass
    try:
        return parse_date(cell) is not None  # type: ignore[arg-type]
    except ValueError:
        return False


def header_index(sheet: Sheet, *, search: int = 30) -> int | None:
    """The first row wide enough to be the header and holding no numbers or dates."""
    rows = sheet.rows[:search]
    widths = [sum(not is_empty(cell) for cell in row) for row in rows]
    if not widths or max(widths) < 2:
        return None
    wanted = max(2, (max(widths) * 6 + 9) // 10)
    for index, row in enumerate(rows):
        cells = [cell for cell in row if not is_empty(cell)]
        if len(cells) >= wanted and not any(_looks_like_data(cell) for cell in cells):
            return index
    return None


def guess(book: Book) -> Guess | None:
    for sheet in book.sheets:
        index = header_index(sheet)
        if index is None:
            continue
        labels = [str(cell or "").strip() for cell in sheet.rows[index]]
        normed = [norm(label) for label in labels]
        columns = match_columns(normed, ALIASES)
        kind = "posts" if {"post_id", "url"} & set(columns) else "snapshots"
        allowed = fields_for(kind)
        samples = [
            [
                str(row[i]) if i < len(row) and not is_empty(row[i]) else ""
                for row in sheet.rows[index + 1 : index + 4]
            ]
            for i in range(len(labels))
        ]
        return Guess(
            sheet=sheet.name,
            header_row=sheet.numbers[index],
            labels=labels,
            samples=samples,
            mapping={
                "kind": kind,
                "sheet": sheet.name,
                "header_row": sheet.numbers[index],
                "columns": {name: col for name, col in columns.items() if name in allowed},
                "platform": None,
            },
        )
    return None


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, notes=list(book.notes))
    mapping = options.mapping
    if not mapping:
        proposed = guess(book)
        mapping = proposed.mapping if proposed else None
    if not mapping:
        result.errors.append(RowError(row=0, message="No header row found in this file."))
        return result
    sheet = book.sheet(mapping.get("sheet") or "") or book.sheets[0]
    try:
        index = sheet.numbers.index(int(mapping["header_row"]))
    except (KeyError, TypeError, ValueError):
        result.errors.append(RowError(row=0, message="The header row is not in the file."))
        return result
    labels = [str(cell or "").strip() for cell in sheet.rows[index]]
    result.headers = labels
    kind = mapping.get("kind") if mapping.get("kind") in KINDS else "snapshots"
    allowed = fields_for(kind)
    columns = {
        name: int(col)
        for name, col in (mapping.get("columns") or {}).items()
        if name in allowed and col is not None and str(col) != "" and 0 <= int(col) < len(labels)
    }
    problems = _mapping_problems(kind, columns)
    if problems:
        result.errors.extend(RowError(row=0, message=problem) for problem in problems)
        return result
    result.platform = mapping.get("platform") or None
    header = Header(index=index, labels=labels, columns=columns)
    day_first = column_day_first(sheet, header, "date", options)
    utc = any(word in norm(labels[columns["date"]]) for word in ("gmt", "utc"))
    for row in data_rows(sheet, header, result):
        platform = row.platform("network") if "network" in columns else result.platform
        handle = row.text("handle")
        account = AccountRef(platform, handle) if handle or platform else None
        if kind == "snapshots":
            day = row.day("date", day_first=day_first)
            figures = row.counts({name: name for name in SNAPSHOT_FIELDS if name in columns})
            if row.failed or day is None:
                continue
            result.snapshots.append(
                SnapshotRow(row=row.number, date=day, account=account, **figures)
            )
            continue
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the date is missing", "date")
        if published is not None and utc and published.tzinfo is None:
            published = published.replace(tzinfo=dt.UTC)
        post_id = (
            row.post_id("post_id", "url", result)
            if "post_id" in columns
            else row.post_id_in_link("url")
        )
        figures = row.counts({name: name for name in POST_FIELDS if name in columns})
        if row.failed or published is None or post_id is None:
            continue
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                account=account,
                url=row.text("url"),
                text=row.text("text"),
                kind=post_kind(row.raw("type")) if "type" in columns else "",
                **figures,
            )
        )
    return result


def _mapping_problems(kind: str, columns: dict[str, int]) -> list[str]:
    problems = []
    if "date" not in columns:
        problems.append("Choose the column that holds the date.")
    if kind == "posts" and not {"post_id", "url"} & set(columns):
        problems.append("Choose the column with the post id or the post's link.")
    figures = SNAPSHOT_FIELDS if kind == "snapshots" else POST_FIELDS
    if not set(figures) & set(columns):
        problems.append("Choose at least one column of figures.")
    used: dict[int, str] = {}
    for name, column in columns.items():
        if column in used and {name, used[column]} != {"post_id", "url"}:
            problems.append(f"One column is mapped to both {used[column]} and {name}.")
        used[column] = name
    return problems
