"""LinkedIn Page (company page) analytics exports (XLSX; save an old .xls as .xlsx first).

- Content/updates export, "Metrics" sheet (a description row, then Date, Impressions
  (organic/sponsored/total), Clicks (…), Reactions (…), Comments (…), Reposts (…) — older
  files say Shares (…), Engagement rate (…)): impressions per day (the total column) and
  engagements per day, counted as clicks + reactions + comments + reposts (totals).
- Same workbook, "All posts" sheet: each post's link (its id), title, type, created date,
  impressions, views (video views of a video), likes, comments and reposts. Clicks are on
  anything in the post, not only its link: not stored.
- Followers export (Date, Sponsored followers, Organic followers, Auto-invited followers,
  Total followers): when "Total followers" is the sum of the three gains on every row it
  counts the day's new followers, which WhiteCoat does not store; otherwise it is the
  follower count and is read as such.
The files do not name the page: the admin picks the account.
"""

from __future__ import annotations

import datetime as dt

from whitecoat.imports.parsers.base import (
    Book,
    FormatInfo,
    ParseOptions,
    ParseResult,
    PostRow,
    RowError,
    SnapshotRow,
    column_day_first,
    data_rows,
    find_header,
    sum_known,
)
from whitecoat.imports.parsers.read import read_book
from whitecoat.imports.parsers.values import post_kind

INFO = FormatInfo(
    key="linkedin_page",
    label="LinkedIn — Page analytics: content or followers (XLSX)",
    platform="linkedin",
    where="LinkedIn Page admin view → Analytics → Content (or Followers) → Export",
)
METRICS = {
    "date": ["date"],
    "impressions": ["impressions (total)"],
    "clicks": ["clicks (total)"],
    "reactions": ["reactions (total)"],
    "comments": ["comments (total)"],
    "reposts": ["reposts (total)", "shares (total)"],
}
POSTS = {
    "url": ["post link"],
    "text": ["post title"],
    "type": ["post type"],
    "content_type": ["content type"],
    "date": ["created date"],
    "impressions": ["impressions"],
    "views": ["views (excluding off-site video views)", "views"],
    "likes": ["likes", "reactions"],
    "replies": ["comments"],
    "reposts": ["reposts", "shares"],
}
FOLLOWERS = {
    "date": ["date"],
    "sponsored": ["sponsored followers"],
    "organic": ["organic followers"],
    "invited": ["auto-invited followers"],
    "total": ["total followers"],
}


def _headers(book: Book) -> list[int]:
    scores = []
    for aliases, required in (
        (METRICS, ["date", "impressions"]),
        (POSTS, ["url", "date"]),
        (FOLLOWERS, ["date", "total"]),
    ):
        best = 0
        for sheet in book.sheets:
            header = find_header(sheet, aliases, required)
            if header is not None:
                best = max(best, len(header.columns))
        scores.append(best)
    return scores


def detect(book: Book) -> int:
    return sum(_headers(book))


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, platform=INFO.platform, notes=list(book.notes))
    days: dict[dt.date, dict[str, int | None]] = {}
    rows: dict[dt.date, int] = {}
    for sheet in book.sheets:
        if header := find_header(sheet, METRICS, ["date", "impressions"]):
            day_first = column_day_first(sheet, header, "date", options)
            for row in data_rows(sheet, header, result):
                day = row.day("date", day_first=day_first)
                counts = row.counts({k: k for k in METRICS if k != "date"})
                if row.failed or day is None:
                    continue
                days.setdefault(day, {}).update(
                    impressions=counts["impressions"],
                    engagements=sum_known(
                        counts.get("clicks"),
                        counts.get("reactions"),
                        counts.get("comments"),
                        counts.get("reposts"),
                    ),
                )
                rows.setdefault(day, row.number)
        elif header := find_header(sheet, FOLLOWERS, ["date", "total"]):
            _followers(sheet, header, options, result, days, rows)
        elif header := find_header(sheet, POSTS, ["url", "date"]):
            _posts(sheet, header, options, result)
    for day in sorted(days):
        result.snapshots.append(SnapshotRow(row=rows[day], date=day, **days[day]))
    if not any(_headers(book)):
        result.errors.append(
            RowError(row=0, message="No Metrics, All posts or followers table in this workbook.")
        )
    return result


def _followers(sheet, header, options, result, days, rows) -> None:  # type: ignore[no-untyped-def]
    day_first = column_day_first(sheet, header, "date", options)
    read = []
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        parts = [row.count(name) for name in ("sponsored", "organic", "invited")]
        total = row.count("total")
        if row.failed or day is None:
            continue
        read.append((row.number, day, parts, total))
    gains = bool(read) and all(
        total is not None
        and sum(p or 0 for p in parts) == total
        and any(p is not None for p in parts)
        for _, _, parts, total in read
    )
    if gains:
        result.notes.append(
            "“Total followers” in this file is each day's new followers (the sum of the other "
            "columns), not the follower count: not imported."
        )
        return
    for number, day, _, total in read:
        days.setdefault(day, {})["followers"] = total
        rows.setdefault(day, number)


def _posts(sheet, header, options, result) -> None:  # type: ignore[no-untyped-def]
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        post_id = row.post_id_in_link("url")
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the created date is missing", "date")
        kind = post_kind(row.raw("type"), row.raw("content_type"))
        counts = row.counts(
            {
                "impressions": "impressions",
                "likes": "likes",
                "replies": "replies",
                "reposts": "reposts",
                "views": "views",
            }
        )
        if row.failed or post_id is None or published is None:
            continue
        views = counts.pop("views")
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                url=row.text("url"),
                text=row.text("text"),
                kind=kind,
                video_views=views if kind == "video" else None,
                **counts,
            )
        )
