"""LinkedIn's XLSX exports, built with openpyxl in the shapes the research note documents."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def linkedin_creator(*, new_followers: list[int] | None = None) -> bytes:
    """`Content_2026-08-01_2026-08-03_Amy Ambassador.xlsx`: five sheets."""
    book = Workbook()
    discovery = book.active
    discovery.title = "DISCOVERY"
    discovery.append(["Overall Performance", "8/1/2026 - 8/3/2026"])
    discovery.append(["Impressions", 10421])
    discovery.append(["Members reached", 6210])

    engagement = book.create_sheet("ENGAGEMENT")
    engagement.append(["Date", "Impressions", "Engagements"])
    engagement.append(["8/1/2026", 3120, 88])
    engagement.append(["8/2/2026", 2981, 61])
    engagement.append(["8/3/2026", 4320, None])  # an empty cell: absent, not zero

    top = book.create_sheet("TOP POSTS")
    top.append(["Maximum of 50 posts available to include in this list"])
    top.append([])
    left = ["Post URL", "Post publish date", "Engagements"]
    right = ["Post URL", "Post publish date", "Impressions"]
    top.append([*left, None, *right])
    first = "https://www.linkedin.com/feed/update/urn:li:activity:7230000000000000001"
    second = "https://www.linkedin.com/feed/update/urn:li:activity:7230000000000000002"
    top.append([first, "8/1/2026", 120, None, second, "8/2/2026", 5210])
    top.append([second, "8/2/2026", 98, None, first, "8/1/2026", 4100])

    followers = book.create_sheet("FOLLOWERS")
    followers.append(["Total followers on 8/3/2026:", 2450])
    followers.append([])
    followers.append(["Date", "New followers"])
    gains = new_followers if new_followers is not None else [5, 12, 8]
    for day, gain in zip((1, 2, 3), gains, strict=True):
        followers.append([f"8/{day}/2026", gain])

    demographics = book.create_sheet("DEMOGRAPHICS")
    demographics.append(["Top Demographics", "Value", "Percentage"])
    demographics.append(["Job titles", "Physician", "0.21"])
    return _bytes(book)


def linkedin_page_content() -> bytes:
    """A Page's content export: a Metrics sheet (description row first) and All posts."""
    book = Workbook()
    metrics = book.active
    metrics.title = "Metrics"
    metrics.append(["Aggregate engagement metrics for your organic and sponsored content"])
    metrics.append(
        [
            "Date",
            "Impressions (organic)",
            "Impressions (sponsored)",
            "Impressions (total)",
            "Unique impressions (organic)",
            "Clicks (organic)",
            "Clicks (sponsored)",
            "Clicks (total)",
            "Reactions (organic)",
            "Reactions (sponsored)",
            "Reactions (total)",
            "Comments (organic)",
            "Comments (sponsored)",
            "Comments (total)",
            "Reposts (organic)",
            "Reposts (sponsored)",
            "Reposts (total)",
            "Engagement rate (organic)",
            "Engagement rate (sponsored)",
            "Engagement rate (total)",
        ]
    )
    counts = [1500, 0, 1500, 900, 30, 0, 30, 45, 0, 45, 5, 0, 5, 2, 0, 2]
    metrics.append([dt.datetime(2026, 5, 1), *counts, 0.0547, 0, 0.0547])
    counts = [2100, 400, 2500, 1200, 41, 9, 50, 60, 4, 64, 8, 0, 8, 3, 1, 4]
    metrics.append([dt.datetime(2026, 5, 2), *counts, 0.0531, 0.035, 0.0504])
    posts = book.create_sheet("All posts")
    posts.append(["All posts"])
    posts.append(
        [
            "Post title",
            "Post link",
            "Post type",
            "Campaign name",
            "Posted by",
            "Created date",
            "Campaign start date",
            "Campaign end date",
            "Audience",
            "Impressions",
            "Views (excluding off-site video views)",
            "Off-site views",
            "Clicks",
            "Click through rate (CTR)",
            "Likes",
            "Comments",
            "Reposts",
            "Follows",
            "Engagement rate",
            "Content Type",
        ]
    )
    posts.append(
        [
            "Our cardiology team ranks top 5 nationally",
            "https://www.linkedin.com/feed/update/urn:li:activity:7190000000000000011",
            "Organic",
            None,
            "Comms Team",
            "05/01/2026",
            None,
            None,
            "All followers",
            1500,
            None,
            None,
            30,
            0.02,
            45,
            5,
            2,
            1,
            0.0547,
            "Image",
        ]
    )
    return _bytes(book)


def linkedin_page_followers(*, gains: bool = False) -> bytes:
    """A Page's followers export; `gains` makes Total followers the sum of the day's gains."""
    book = Workbook()
    sheet = book.active
    sheet.title = "New followers"
    gains_columns = ["Sponsored followers", "Organic followers", "Auto-invited followers"]
    sheet.append(["Date", *gains_columns, "Total followers"])
    if gains:
        sheet.append(["05/01/2026", 0, 7, 1, 8])
        sheet.append(["05/02/2026", 2, 5, 0, 7])
    else:
        sheet.append(["05/01/2026", 0, 7, 1, 10412])
        sheet.append(["05/02/2026", 2, 5, 0, 10419])
    return _bytes(book)
