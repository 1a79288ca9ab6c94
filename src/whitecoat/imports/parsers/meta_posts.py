"""Meta Business Suite: Instagram content export (CSV), one row per post.

Columns (their order varies): Post ID, Account ID, Account username, Account name,
Description, Duration (sec), Publish time (`09/15/2026 18:00`), Permalink, Post type (`IG
image`, `IG reel`, `IG carousel`), Data comment, Date (`Lifetime`), Views, Reach, Likes,
Shares, Follows, Comments, Saves. Read: the id, the account (Account username), text,
publish time, permalink, type, views (impressions; also video views of a reel or video),
likes, comments, shares (reposts) and saves. Reach and follows are not stored.
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
from whitecoat.imports.parsers.values import post_kind

INFO = FormatInfo(
    key="meta_posts",
    label="Meta Business Suite — Instagram content (CSV)",
    platform="instagram",
    where="Meta Business Suite → Insights → Content → Export data (CSV)",
)
ALIASES = {
    "post_id": ["post id"],
    "username": ["account username"],
    "text": ["description", "caption"],
    "date": ["publish time"],
    "url": ["permalink"],
    "type": ["post type"],
    "views": ["views", "impressions"],
    "likes": ["likes"],
    "replies": ["comments"],
    "reposts": ["shares"],
    "saves": ["saves"],
}
REQUIRED = ["post_id", "username", "date"]


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
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the publish time is missing", "date")
        post_id = row.post_id("post_id", "url", result)
        username = row.text("username")
        if not username:
            row.error("the account username is missing", "username")
        kind = post_kind(row.raw("type"))
        counts = row.counts(
            {name: name for name in ("views", "likes", "replies", "reposts", "saves")}
        )
        if row.failed or published is None or post_id is None:
            continue
        views = counts.pop("views")
        platform = "facebook" if row.text("type").lower().startswith("fb") else "instagram"
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                account=AccountRef(platform, username),
                url=row.text("url"),
                text=row.text("text"),
                kind=kind,
                impressions=views,
                video_views=views if kind == "video" else None,
                **counts,
            )
        )
    return result
