"""X (Twitter) analytics: post activity (CSV), one row per post. Two generations:

- classic `tweet_activity_metrics_<handle>_<start>_<end>_en.csv`: Tweet id, Tweet permalink,
  Tweet text, time (`2026-08-15 12:00 +0000`), impressions, engagements, retweets, replies,
  likes, url clicks, … (then `promoted …` copies, not read);
- current `account_analytics_content_<start>_<end>.csv`: Post id, Date (`Tue, Jul 14,
  2026`), Post text, Post Link, Impressions, Likes, Engagements, Bookmarks, Shares, New
  follows, Replies, Reposts, Profile visits, Detail Expands, URL Clicks, ….

Read: the id (from the permalink when Excel rounded it to 1.78E+18), link, text, time,
impressions, likes, replies, reposts (retweets), bookmarks (saves) and URL clicks. The
account is the handle in the classic file's name or in the permalinks, else the admin's pick.
"""

from __future__ import annotations

import re

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
    key="x_posts",
    label="X analytics — posts / tweet activity (CSV)",
    platform="x",
    where="x.com → More → Premium → Analytics → Content → Export data (or the classic "
    "analytics.twitter.com → Tweets → Export data)",
)
ALIASES = {
    "post_id": ["post id", "tweet id"],
    "url": ["post link", "tweet permalink", "permalink"],
    "text": ["post text", "tweet text"],
    "date": ["date", "time"],
    "impressions": ["impressions"],
    "likes": ["likes"],
    "replies": ["replies"],
    "reposts": ["reposts", "retweets"],
    "saves": ["bookmarks"],
    "link_clicks": ["url clicks"],
}
REQUIRED = ["post_id", "date", "impressions"]
FIGURES = ["impressions", "likes", "replies", "reposts", "saves", "link_clicks"]
CLASSIC_NAME = re.compile(r"tweet_activity_metrics_([A-Za-z0-9_]{1,15})_\d{8}_\d{8}", re.I)


def detect(book: Book) -> int:
    return score_headers(book, ALIASES, REQUIRED)


def parse(data: bytes, filename: str, *, options: ParseOptions) -> ParseResult:
    return parse_book(read_book(data, filename), options=options)


def parse_book(book: Book, *, options: ParseOptions) -> ParseResult:
    result = ParseResult(format=INFO.key, platform=INFO.platform, notes=list(book.notes))
    match = CLASSIC_NAME.search(book.filename)
    if match:
        result.account_hint = AccountRef("x", "@" + match.group(1))
    found = table(book, result, ALIASES, REQUIRED)
    if found is None:
        return result
    sheet, header = found
    day_first = column_day_first(sheet, header, "date", options)
    for row in data_rows(sheet, header, result):
        published = row.when("date", day_first=day_first)
        if published is None and not row.has("date"):
            row.error("the date is missing", "date")
        post_id = row.post_id("post_id", "url", result)
        figures = row.counts({name: name for name in FIGURES})
        if row.failed or published is None or post_id is None:
            continue
        url = row.text("url")
        if result.account_hint is None and (handle := handle_from_url(url)):
            result.account_hint = AccountRef("x", handle)
        result.posts.append(
            PostRow(
                row=row.number,
                post_id=post_id,
                published_at=published,
                url=url,
                text=row.text("text"),
                kind="text",
                **figures,
            )
        )
    return result
