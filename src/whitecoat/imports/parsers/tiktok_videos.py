"""TikTok Studio: the per-video content export (CSV or XLSX), one row per video.

Columns: Video title, Video link, Post time, Total likes, Total comments, Total shares,
Total views; some files add Total play time, Average watch time, Watched full video and Add
to favorites. Read: the id and the account (both from the link
`https://www.tiktok.com/@handle/video/<id>`), title, post time, likes, comments (replies),
shares (reposts), views (video views) and favorites (saves). Translated headers (e.g.
Spanish) are not recognised: use the generic format with its column mapping.
"""

from __future__ import annotations

from whitecoat.imports.parsers.base import (
    AccountRef,
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
from whitecoat.imports.parsers.values import handle_from_url

INFO = FormatInfo(
    key="tiktok_videos",
    label="TikTok Studio — videos (content export)",
    platform="tiktok",
    where="TikTok Studio → Analytics → Content → Download data",
)
ALIASES = {
    "text": ["video title"],
    "url": ["video link"],
    "date": ["post time"],
    "likes": ["total likes"],
    "replies": ["total comments"],
    "reposts": ["total shares"],
    "video_views": ["total views"],
    "saves": ["add to favorites"],
}
REQUIRED = ["url", "date", "video_views"]
FIGURES = ["likes", "replies", "reposts", "video_views", "saves"]


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
        post_id = row.post_id_in_link("url")
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the post time is missing", "date")
        figures = row.counts({name: name for name in FIGURES})
        if row.failed or post_id is None or published is None:
            continue
        handle = handle_from_url(row.text("url"))
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                account=AccountRef("tiktok", handle) if handle else None,
                url=row.text("url"),
                text=row.text("text"),
                kind="video",
                **figures,
            )
        )
    return result
