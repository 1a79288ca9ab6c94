"""YouTube Studio: Analytics → Advanced mode → Export → "Table data.csv", one row per video.

Columns: Content (the video id), Video title, Video publish time (`Mar 15, 2026`),
Duration, Views, Average view duration, Average percentage viewed (%), Subscribers, Likes,
Comments added, Shares, Impressions, … in the order chosen. The first data row is a
`Total` row: skipped. Read: id, title, publish time, views (video views), likes, comments
(replies), shares (reposts) and impressions (thumbnail impressions). The file does not name
the channel: the admin picks it.
"""

from __future__ import annotations

from whitecoat.imports.parsers.base import (
    Book,
    FormatInfo,
    ParseOptions,
    ParseResult,
    PostRow,
    column_day_first,
    data_rows,
    score_headers,
    table,
)
from whitecoat.imports.parsers.read import read_book

INFO = FormatInfo(
    key="youtube_videos",
    label="YouTube Studio — videos (Table data.csv)",
    platform="youtube",
    where="YouTube Studio → Analytics → Advanced mode → Export current view → CSV",
)
ALIASES = {
    "post_id": ["content", "video"],
    "text": ["video title"],
    "date": ["video publish time"],
    "video_views": ["views"],
    "likes": ["likes"],
    "replies": ["comments added", "comments"],
    "reposts": ["shares"],
    "impressions": ["impressions"],
}
REQUIRED = ["post_id", "text", "date"]
FIGURES = ["video_views", "likes", "replies", "reposts", "impressions"]


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
    for row in data_rows(sheet, header, result):
        video_id = row.text("post_id")
        if not video_id:
            row.error("the video id is missing", "post_id")
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the publish time is missing", "date")
        figures = row.counts({name: name for name in FIGURES})
        if row.failed or published is None:
            continue
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=video_id,
                published_at=published,
                url=f"https://www.youtube.com/watch?v={video_id}",
                text=row.text("text"),
                kind="video",
                **figures,
            )
        )
    return result
