"""Sprout Social: Post Performance report (CSV), one row per post.

Columns are the ones the user picked. Read: Date (publish time, e.g. `03/15/2024 10:05 am`,
in the report's time zone), Post ID (or the id in Link when Excel rounded it), Network and
Profile (whose account), Post Type / Content Type, Link, Post (text), Impressions, Likes
(Reactions when there is no Likes column), Comments, Shares, Saves, Post Link Clicks and
Video Views. Paid/organic splits, reach and rates are not stored.
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
    key="sprout_posts",
    label="Sprout Social — Post Performance report (CSV)",
    platform=None,
    where="Sprout Social → Reports → Post Performance → Export → CSV",
)
ALIASES = {
    "date": ["date", "published date"],
    "post_id": ["post id"],
    "network": ["network"],
    "profile": ["profile", "profile name"],
    "post_type": ["post type"],
    "content_type": ["content type"],
    "url": ["link", "permalink", "post link"],
    "text": ["post", "message", "post text"],
    "impressions": ["impressions"],
    "likes": ["likes", "reactions"],
    "replies": ["comments"],
    "reposts": ["shares"],
    "saves": ["saves"],
    "link_clicks": ["post link clicks", "link clicks"],
    "video_views": ["video views"],
}
REQUIRED = ["date", "post_id", "network", "profile"]
FIGURES = ["impressions", "likes", "replies", "reposts", "saves", "link_clicks", "video_views"]


def detect(book: Book) -> int:
    return score_headers(book, ALIASES, REQUIRED)


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
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the publish date is missing", "date")
        post_id = row.post_id("post_id", "url", result)
        platform = row.platform("network")
        profile = row.text("profile")
        if not profile:
            row.error("the profile is missing", "profile")
        figures = row.counts({name: name for name in FIGURES})
        if row.failed or published is None or post_id is None:
            continue
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                account=AccountRef(platform, profile),
                url=row.text("url"),
                text=row.text("text"),
                kind=post_kind(row.raw("post_type"), row.raw("content_type")),
                **figures,
            )
        )
    return result
