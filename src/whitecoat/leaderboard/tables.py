"""The leaderboard table's columns: shared by the page, the CSV/XLSX exports and the tests,
so an export holds exactly the columns and values the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FIGURES = "figures"  # a column hidden (empty) where the user may not see the row's figures


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    get: Callable[[Any], object]
    sortable: bool = False
    numeric: bool = False
    private: bool = False  # one person's figure: hidden when the program hides them


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def columns_for(grouping: str) -> list[Column]:
    """The columns of a leaderboard grouped by `grouping`, in display order."""
    columns = [
        Column("rank", "Rank", lambda line: line.rank, sortable=True, numeric=True),
        Column("movement", "Movement", lambda line: line.movement, sortable=True, numeric=True),
        Column("label", _name_label(grouping), lambda line: line.label, sortable=True),
    ]
    if grouping == "account":
        columns.append(Column("platform", "Platform", lambda line: line.platform_label))
    if grouping in ("account", "ambassador"):
        columns += [
            Column("department", "Department", lambda line: line.department_name),
            Column("cohort", "Cohort", lambda line: line.cohort_name),
        ]
    else:
        columns.append(Column("members", "Accounts", lambda line: line.members, numeric=True))
    columns += [
        Column("score", "Score", lambda line: _round(line.score, 1), sortable=True, numeric=True),
        Column("followers", "Followers", lambda line: line.followers, True, True, private=True),
        Column(
            "follower_growth",
            "Growth",
            lambda line: line.follower_growth,
            True,
            True,
            private=True,
        ),
        Column(
            "growth_percent",
            "Growth %",
            lambda line: _round(line.growth_percent),
            True,
            True,
            private=True,
        ),
        Column(
            "engagements", "Engagements", lambda line: line.engagements, True, True, private=True
        ),
        Column(
            "engagement_rate",
            "Engagement per 100 followers",
            lambda line: _round(line.engagement_rate),
            True,
            True,
            private=True,
        ),
        Column(
            "video_views", "Video views", lambda line: line.video_views, True, True, private=True
        ),
        Column(
            "posts_published", "Posts", lambda line: line.posts_published, True, True, private=True
        ),
        Column("badges", "Badges", lambda line: ", ".join(b.label for b in line.badges)),
        Column("as_of", "Data as of", lambda line: line.as_of, private=True),
        Column("sources", "Source", lambda line: ", ".join(line.source_labels), private=True),
    ]
    return columns


def _name_label(grouping: str) -> str:
    return {
        "ambassador": "Ambassador",
        "account": "Account",
        "department": "Department",
        "cohort": "Cohort",
        "platform": "Platform",
        "entity": "Entity",
    }.get(grouping, "Name")


def cell(column: Column, line: Any) -> object:
    """A column's value for a line as the user may see it: None when hidden or missing."""
    if column.private and not line.figures:
        return None
    return column.get(line)
