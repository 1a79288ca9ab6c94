"""LinkedIn creator (member) analytics: `Content_<start>_<end>_<Name>.xlsx`.

Sheets read:
- ENGAGEMENT (header on row 1: Date, Impressions, Engagements): impressions and
  engagements per day;
- FOLLOWERS ("Total followers on <date>:" and its value on row 1, then Date, New followers
  from row 3): the follower count per day, worked back from the total — the total on the
  last day, minus each later day's new followers for the days before;
- TOP POSTS (two tables side by side from row 3: Post URL, Post publish date, Engagements and
  Post URL, Post publish date, Impressions): the posts with their impressions. LinkedIn's
  per-post engagement total cannot be split into likes, comments and reposts: not stored.
DISCOVERY and DEMOGRAPHICS are period summaries and are not read. The file does not name
the account (the name at the end of the file name is the member's, not the handle): the
admin picks it.
"""

from __future__ import annotations

import datetime as dt
import re

from whitecoat.imports.parsers.base import (
    Book,
    FormatInfo,
    Header,
    ParseOptions,
    ParseResult,
    PostRow,
    Row,
    RowError,
    SnapshotRow,
    column_day_first,
    data_rows,
    find_header,
    norm,
)
from whitecoat.imports.parsers.read import read_book
from whitecoat.imports.parsers.values import parse_count, parse_date

INFO = FormatInfo(
    key="linkedin_creator",
    label="LinkedIn — creator (member) analytics (XLSX)",
    platform="linkedin",
    where="linkedin.com → Me → Posts & Activity → Analytics (Post impressions) → Export",
)
SHEETS = {"discovery", "engagement", "top posts", "followers"}
ENGAGEMENT = {"date": ["date"], "impressions": ["impressions"], "engagements": ["engagements"]}
FOLLOWERS = {"date": ["date"], "new": ["new followers"]}
TOTAL = re.compile(r"total followers on (.+?):?$", re.I)


def detect(book: Book) -> int:
    names = {sheet.name.strip().lower() for sheet in book.sheets}
    if "engagement" in names or "followers" in names:
        return len(names & SHEETS) * 3
    return 0


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, platform=INFO.platform, notes=list(book.notes))
    days: dict[dt.date, dict[str, int | None]] = {}
    rows: dict[dt.date, int] = {}
    _engagement(book, options, result, days, rows)
    _followers(book, options, result, days, rows)
    for day in sorted(days):
        result.snapshots.append(SnapshotRow(row=rows[day], date=day, **days[day]))
    _top_posts(book, options, result)
    if book.sheet("engagement") is None and book.sheet("followers") is None:
        result.errors.append(RowError(row=0, message="No ENGAGEMENT or FOLLOWERS sheet."))
    return result


def _engagement(book, options, result, days, rows) -> None:  # type: ignore[no-untyped-def]
    sheet = book.sheet("engagement")
    if sheet is None:
        return
    header = find_header(sheet, ENGAGEMENT, ["date"])
    if header is None:
        result.errors.append(RowError(row=1, sheet=sheet.name, message="no Date column"))
        return
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        figures = row.counts({"impressions": "impressions", "engagements": "engagements"})
        if row.failed or day is None:
            continue
        days.setdefault(day, {}).update(figures)
        rows.setdefault(day, row.number)


def _followers(book, options, result, days, rows) -> None:  # type: ignore[no-untyped-def]
    sheet = book.sheet("followers")
    if sheet is None:
        return
    total, total_on = None, None
    for cells in sheet.rows[:3]:
        match = TOTAL.match(str(cells[0]).strip()) if cells and cells[0] else None
        if match:
            try:
                total = parse_count(cells[1] if len(cells) > 1 else None)
                total_on = parse_date(match.group(1).strip())
            except ValueError:
                total, total_on = None, None
    header = find_header(sheet, FOLLOWERS, ["date", "new"])
    if header is None:
        return
    gains, gain_rows = _gains(sheet, header, options, result, rows)
    if total is None or not gains:
        if gains:
            result.notes.append(
                "The FOLLOWERS sheet has no readable “Total followers on …” line: "
                "follower counts not imported."
            )
        return
    last = max(gains)
    if isinstance(total_on, dt.date) and total_on != last:
        result.notes.append(
            f"The follower total is for {total_on:%-d %b %Y}; the daily gains end on "
            f"{last:%-d %b %Y}. The total was taken as the count on {last:%-d %b %Y}."
        )
    level = total
    for day in sorted(gains, reverse=True):
        days.setdefault(day, {})["followers"] = level
        level -= gains[day] or 0
        if level < 0:
            result.errors.append(
                RowError(
                    row=gain_rows[day],
                    sheet=sheet.name,
                    message="the new followers add up to more than the total",
                )
            )
            return
    result.notes.append(
        "Follower counts per day were worked back from the FOLLOWERS sheet's total and each "
        "day's new followers."
    )


def _gains(sheet, header: Header, options, result, rows):  # type: ignore[no-untyped-def]
    """Each day's new followers, and the FOLLOWERS row each came from."""
    gains: dict[dt.date, int | None] = {}
    gain_rows: dict[dt.date, int] = {}
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        day = row.day("date", day_first=day_first)
        new = row.count("new")
        if row.failed or day is None:
            continue
        gains[day] = new
        gain_rows[day] = row.number
        rows.setdefault(day, row.number)
    return gains, gain_rows


def _top_posts(book: Book, options: ParseOptions, result: ParseResult) -> None:
    sheet = book.sheet("top posts")
    if sheet is None:
        return
    aliases = {"url": ["post url"], "date": ["post publish date"], "impressions": ["impressions"]}
    header = find_header(sheet, aliases, ["url", "date"])
    if header is None:
        return
    labels = [norm(label) for label in header.labels]
    # The second table (impressions) starts at the second "Post URL" column.
    starts = [i for i, label in enumerate(labels) if label == "post url"]
    tables = []
    for start in starts:
        columns = {"url": start, "date": start + 1}
        if start + 2 < len(labels):
            metric = labels[start + 2]
            if metric in {"impressions", "engagements"}:
                columns[metric] = start + 2
        tables.append(Header(index=header.index, labels=header.labels, columns=columns))
    posts: dict[str, dict] = {}
    for table_header in tables:
        day_first = column_day_first(sheet, table_header, "date", options)
        for index in range(header.index + 1, len(sheet.rows)):
            row = Row(sheet, index, table_header, result.errors)
            if not row.has("url"):
                continue
            post_id = row.post_id_in_link("url")
            published = row.when("date", day_first=day_first)
            impressions = (
                row.count("impressions") if "impressions" in table_header.columns else None
            )
            if row.failed or post_id is None or published is None:
                continue
            post = posts.setdefault(
                post_id, {"row": row.number, "url": row.text("url"), "published_at": published}
            )
            if impressions is not None:
                post["impressions"] = impressions
    for post_id, post in posts.items():
        result.rows_read += 1
        result.posts.append(PostRow(post_id=post_id, kind="", **post))
    if posts:
        result.notes.append(
            "TOP POSTS: impressions are imported; LinkedIn's per-post engagement total is not "
            "(it cannot be split into likes, comments and reposts)."
        )
