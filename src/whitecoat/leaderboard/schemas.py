"""The leaderboard's API shapes: the same parameters as the page, the rows as it shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from whitecoat.leaderboard.enums import Grouping
from whitecoat.leaderboard.scoring import SORTABLE
from whitecoat.metrics.enums import Platform

SortKey = Literal[tuple([*SORTABLE, *(f"-{name}" for name in SORTABLE)])]  # type: ignore[valid-type]
WindowParam = Literal["7d", "30d", "90d", "365d", "ytd", "joined", "custom"]


class LeaderboardQuery(Schema):
    window: WindowParam = Field(
        "30d", description="A standard window ending today; `start` and `end` make it custom."
    )
    start: dt.date | None = Field(None, description="First day of a custom window (ISO).")
    end: dt.date | None = Field(None, description="Last day of a custom window (ISO).")
    group: Grouping = Grouping.AMBASSADOR
    platform: Platform | None = Field(
        None, description="Count only this platform's accounts (ranks are among them)."
    )
    department: int | None = None
    cohort: int | None = None
    entity: int | None = None
    q: str = Field("", description="Words the row's name must contain.")
    sort: SortKey = "rank"  # type: ignore[valid-type]
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=100)


class WindowOut(Schema):
    key: str
    label: str
    first_day: dt.date | None = Field(description="null for `joined`: each row's joining day.")
    last_day: dt.date
    days: int | None


class RefOut(Schema):
    id: int
    name: str


class BadgeOut(Schema):
    code: str
    label: str
    description: str


class MetricToComeOut(Schema):
    key: str
    label: str
    waits_for: str


class LeaderboardItemOut(Schema):
    """One row. Figures are null when there is no data — or, with `figures_visible` false,
    when the program hides another ambassador's figures from the caller."""

    position: int
    rank: int | None
    previous_rank: int | None
    movement: int | None
    key: str
    label: str
    ambassador_id: int | None
    department: RefOut | None
    cohort: RefOut | None
    entity: RefOut | None
    platform: str
    members: int
    score: float | None
    figures_visible: bool
    followers: int | None
    follower_growth: int | None
    growth_percent: float | None
    engagements: int | None
    engagement_rate: float | None = Field(description="Engagements per 100 followers.")
    impressions: int | None
    video_views: int | None
    posts_published: int | None
    as_of: dt.date | None
    sources: list[str]
    badges: list[BadgeOut]
    sparkline: list[int | None] = Field(description="Followers on evenly spread days.")


class LeaderboardOut(Schema):
    window: WindowOut
    group: str
    platform: str
    sort: str
    stored: bool = Field(description="Read from the stored ranking (else computed now).")
    computed_at: dt.datetime | None
    ranked: int
    total: int
    count: int = Field(description="Rows matching the filters, on every page.")
    page: int
    page_size: int
    pages: int
    weights: dict[str, float]
    metrics_not_tracked_yet: list[MetricToComeOut]
    items: list[LeaderboardItemOut]


def _ref(id_: int | None, name: str) -> dict[str, Any] | None:
    return None if not id_ else {"id": id_, "name": name}


FIGURES = (
    "followers",
    "follower_growth",
    "growth_percent",
    "engagements",
    "engagement_rate",
    "impressions",
    "video_views",
    "posts_published",
    "as_of",
)


def item_out(line: Any) -> dict[str, Any]:
    item = {
        "position": line.position,
        "rank": line.rank,
        "previous_rank": line.previous_rank,
        "movement": line.movement,
        "key": line.key,
        "label": line.label,
        "ambassador_id": line.ambassador_id,
        "department": _ref(line.department_id, line.department_name),
        "cohort": _ref(line.cohort_id, line.cohort_name),
        "entity": _ref(line.entity_id, line.entity_name),
        "platform": line.platform,
        "members": line.members,
        "score": None if line.score is None else round(line.score, 3),
        "figures_visible": line.figures,
        "badges": [
            {"code": b.code, "label": b.label, "description": b.description} for b in line.badges
        ],
    }
    for name in FIGURES:
        item[name] = getattr(line, name) if line.figures else None
    item["sources"] = list(line.sources) if line.figures else []
    item["sparkline"] = list(line.sparkline or []) if line.figures else []
    return item
