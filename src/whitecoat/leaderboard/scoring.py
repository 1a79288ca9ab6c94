"""The leaderboard's arithmetic: windows, growth, the fair composite score, ties, movement,
badges and sparklines. Plain Python, no Django imports, so it is tested and benchmarked alone.

Conventions (docs/leaderboard.md explains them to users):

- A window runs from an *opening* day to a *closing* day. Levels (followers) are read from
  the snapshot at the opening day or the nearest one after it, and from the snapshot at the
  closing day or the nearest one before it — always inside the window. Flows (engagements,
  impressions, video views, posts) are summed over the days after the opening day up to
  and including the closing day. "Last 30 days" therefore compares today with 30 days ago
  and sums the 30 days since, as the rest of WhiteCoat does.
- Missing data is None, never 0: a row without data in the window has no score and is
  ranked after every row with data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median

# ------------------------------------------------------------------------------ windows

RELATIVE_DAYS = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}
WINDOW_KEYS = ("7d", "30d", "90d", "365d", "ytd", "joined")
CUSTOM = "custom"
JOINED = "joined"
WINDOW_LABELS = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "365d": "Last 365 days",
    "ytd": "Year to date",
    "joined": "Since joining",
    "custom": "Custom dates",
}
# A custom window may not be longer than this, nor start before any plausible data (so its
# previous window, for the movement, is a real date too).
MAX_CUSTOM_DAYS = 366 * 10
EARLIEST_START = dt.date(1990, 1, 1)


class WindowError(ValueError):
    """A window that cannot be built from the given parameters; the message is for users."""


@dataclass(frozen=True)
class Window:
    """A window of days. For "since joining", `opening` is None: each row opens on the day
    its ambassador joined."""

    key: str
    opening: dt.date | None
    closing: dt.date

    @property
    def first_day(self) -> dt.date | None:
        """The first day whose flows count."""
        return None if self.opening is None else self.opening + dt.timedelta(days=1)

    @property
    def days(self) -> int | None:
        return None if self.opening is None else (self.closing - self.opening).days

    @property
    def label(self) -> str:
        return WINDOW_LABELS.get(self.key, self.key)

    @property
    def is_per_row(self) -> bool:
        return self.opening is None


def window_for(
    key: str, *, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> Window:
    """The window named `key` ending today, or the custom window from `start` to `end`.

    A custom window includes both its days: from 1 to 31 January opens on 31 December
    (the evening before) and closes on 31 January.
    """
    if key == CUSTOM or start is not None or end is not None:
        if start is None or end is None:
            raise WindowError("A custom window needs both a start and an end date.")
        if end < start:
            raise WindowError("The end date is before the start date.")
        if end > today:
            raise WindowError("The end date is in the future.")
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise WindowError("A custom window may span at most ten years.")
        if start < EARLIEST_START:
            raise WindowError(
                f"The start date is before {EARLIEST_START.year}: no data is that old."
            )
        return Window(CUSTOM, start - dt.timedelta(days=1), end)
    if key in RELATIVE_DAYS:
        return Window(key, today - dt.timedelta(days=RELATIVE_DAYS[key]), today)
    if key == "ytd":
        return Window(key, dt.date(today.year - 1, 12, 31), today)
    if key == JOINED:
        return Window(key, None, today)
    raise WindowError(f"Unknown window {key!r}; use one of {', '.join(WINDOW_KEYS)}.")


def previous_window(window: Window) -> Window | None:
    """The window of the same length just before this one; None for "since joining"."""
    if window.opening is None:
        return None
    length = window.closing - window.opening
    return Window(window.key, window.opening - length, window.opening)


def sample_days(opening: dt.date, closing: dt.date, *, points: int = 16) -> list[dt.date]:
    """Up to `points` days evenly spread from `opening` to `closing`, both included."""
    span = (closing - opening).days
    if span <= 0:
        return [closing]
    count = min(points, span + 1)
    days = {opening + dt.timedelta(days=round(i * span / (count - 1))) for i in range(count)}
    return sorted(days)


# ------------------------------------------------------------------------ account values


@dataclass(frozen=True)
class AccountWindow:
    """One account's raw figures in a window, as the database returns them.

    `opening_date`/`closing_date` are the days of the snapshots nearest inside the window's
    ends that carry a follower count; every figure is None when there was nothing to read.
    """

    account_id: int
    opening_date: dt.date | None = None
    opening_followers: int | None = None
    closing_date: dt.date | None = None
    closing_followers: int | None = None
    engagements: int | None = None
    impressions: int | None = None
    video_views: int | None = None
    posts_published: int | None = None
    sources: frozenset[str] = frozenset()

    @property
    def growth(self) -> int | None:
        """Followers gained between two different snapshots; None with fewer than two."""
        if (
            self.opening_date is None
            or self.closing_date is None
            or self.opening_date >= self.closing_date
            or self.opening_followers is None
            or self.closing_followers is None
        ):
            return None
        return self.closing_followers - self.opening_followers

    @property
    def has_data(self) -> bool:
        return self.closing_followers is not None or any(
            v is not None
            for v in (self.engagements, self.impressions, self.video_views, self.posts_published)
        )


def nearest_inside(
    series: Iterable[tuple[dt.date, int | None]], *, opening: dt.date, closing: dt.date
) -> tuple[tuple[dt.date, int] | None, tuple[dt.date, int] | None]:
    """The (day, value) at or nearest after `opening` and at or nearest before `closing`,
    among the days inside [opening, closing] that have a value. The database does the same
    for every account at once; this is the reference the tests hold it to."""
    inside = sorted((d, v) for d, v in series if v is not None and opening <= d <= closing)
    if not inside:
        return None, None
    return inside[0], inside[-1]


def account_window_from_series(
    account_id: int,
    days: Iterable[dict[str, object]],
    *,
    opening: dt.date,
    closing: dt.date,
) -> AccountWindow:
    """An AccountWindow from an account's daily snapshots (dicts with "date" and figures);
    the pure counterpart of the selector's query, for tests and small callers."""
    rows = [d for d in days if opening <= d["date"] <= closing]  # type: ignore[operator]
    first, last = nearest_inside(
        ((d["date"], d.get("followers")) for d in rows),  # type: ignore[misc]
        opening=opening,
        closing=closing,
    )

    def total(name: str) -> int | None:
        values = [d.get(name) for d in rows if d["date"] > opening]  # type: ignore[operator]
        present = [int(v) for v in values if v is not None]  # type: ignore[call-overload]
        return sum(present) if present else None

    return AccountWindow(
        account_id=account_id,
        opening_date=first[0] if first else None,
        opening_followers=first[1] if first else None,
        closing_date=last[0] if last else None,
        closing_followers=last[1] if last else None,
        engagements=total("engagements"),
        impressions=total("impressions"),
        video_views=total("video_views"),
        posts_published=total("posts_published"),
        sources=frozenset(str(d["source"]) for d in rows if d.get("source")),
    )


# ---------------------------------------------------------------------------- grouping

GROUPINGS = ("ambassador", "account", "department", "cohort", "platform", "entity")
GROUPING_LABELS = {
    "ambassador": "Ambassador",
    "account": "Account",
    "department": "Department",
    "cohort": "Cohort",
    "platform": "Platform",
    "entity": "Entity",
}


@dataclass(frozen=True)
class AccountMeta:
    """Who an account belongs to: what the groupings and filters need, nothing private."""

    account_id: int
    handle: str
    platform: str
    platform_label: str
    ambassador_id: int
    ambassador_name: str
    joined_on: dt.date | None
    department_id: int | None
    department_name: str
    cohort_id: int
    cohort_name: str
    entity_id: int | None
    entity_name: str


@dataclass
class Row:
    """One line of a leaderboard: an account, an ambassador or a group, with its figures.

    Every figure is None when there is no data; `position` is the row's place in the
    deterministic order, `rank` the same for rows with a score and None for the others.
    """

    key: str
    label: str
    grouping: str
    account_ids: tuple[int, ...] = ()
    ambassador_id: int | None = None
    department_id: int | None = None
    department_name: str = ""
    cohort_id: int | None = None
    cohort_name: str = ""
    entity_id: int | None = None
    entity_name: str = ""
    platform: str = ""
    platform_label: str = ""
    joined_on: dt.date | None = None
    members: int = 0
    followers: int | None = None
    opening_followers: int | None = None
    follower_growth: int | None = None
    engagements: int | None = None
    impressions: int | None = None
    video_views: int | None = None
    posts_published: int | None = None
    # Follower counts of the accounts whose engagements / video views were counted.
    engagement_followers: int | None = None
    video_followers: int | None = None
    as_of: dt.date | None = None
    sources: tuple[str, ...] = ()
    score: float | None = None
    components: dict[str, float] = field(default_factory=dict)
    position: int = 0
    rank: int | None = None
    previous_rank: int | None = None
    badges: tuple[str, ...] = ()
    sparkline: tuple[int | None, ...] = ()

    @property
    def has_data(self) -> bool:
        return self.score is not None

    @property
    def growth_percent(self) -> float | None:
        if self.follower_growth is None or not self.opening_followers:
            return None
        return 100.0 * self.follower_growth / self.opening_followers

    @property
    def engagement_rate(self) -> float | None:
        """Engagements per 100 followers over the window."""
        if self.engagements is None or not self.engagement_followers:
            return None
        return 100.0 * self.engagements / self.engagement_followers

    @property
    def engagement_per_post(self) -> float | None:
        if self.engagements is None or not self.posts_published:
            return None
        return self.engagements / self.posts_published

    @property
    def movement(self) -> int | None:
        """Places gained since the previous window (negative: places lost); None if new."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def _add(a: int | None, b: int | None) -> int | None:
    if b is None:
        return a
    return b if a is None else a + b


def _group_key(meta: AccountMeta, grouping: str) -> tuple[str, str]:
    if grouping == "account":
        return str(meta.account_id), f"{meta.platform_label} {meta.handle}"
    if grouping == "ambassador":
        return str(meta.ambassador_id), meta.ambassador_name
    if grouping == "department":
        return str(meta.department_id or 0), meta.department_name or "No department"
    if grouping == "cohort":
        return str(meta.cohort_id), meta.cohort_name
    if grouping == "platform":
        return meta.platform, meta.platform_label
    if grouping == "entity":
        return str(meta.entity_id or 0), meta.entity_name or "No entity"
    raise ValueError(f"Unknown grouping {grouping!r}")


def group_rows(
    accounts: Sequence[AccountMeta], values: dict[int, AccountWindow], *, grouping: str
) -> list[Row]:
    """Add the accounts' figures up per group; an account without values adds nothing."""
    rows: dict[str, Row] = {}
    sources: dict[str, set[str]] = {}
    for meta in accounts:
        key, label = _group_key(meta, grouping)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(key=key, label=label, grouping=grouping)
            sources[key] = set()
            if grouping in ("account", "ambassador"):
                row.ambassador_id = meta.ambassador_id
                row.joined_on = meta.joined_on
                row.department_id, row.department_name = meta.department_id, meta.department_name
                row.cohort_id, row.cohort_name = meta.cohort_id, meta.cohort_name
                row.entity_id, row.entity_name = meta.entity_id, meta.entity_name
            if grouping == "account":
                row.platform, row.platform_label = meta.platform, meta.platform_label
                row.label = meta.handle
            elif grouping == "department":
                row.department_id, row.department_name = meta.department_id, label
            elif grouping == "cohort":
                row.cohort_id, row.cohort_name = meta.cohort_id, label
            elif grouping == "entity":
                row.entity_id, row.entity_name = meta.entity_id, label
            elif grouping == "platform":
                row.platform, row.platform_label = meta.platform, label
        row.account_ids = (*row.account_ids, meta.account_id)
        row.members += 1
        value = values.get(meta.account_id)
        if value is None:
            continue
        sources[key].update(value.sources)
        followers = value.closing_followers
        row.followers = _add(row.followers, followers)
        growth = value.growth
        if growth is not None:
            row.follower_growth = _add(row.follower_growth, growth)
            row.opening_followers = _add(row.opening_followers, value.opening_followers)
        row.engagements = _add(row.engagements, value.engagements)
        row.impressions = _add(row.impressions, value.impressions)
        row.video_views = _add(row.video_views, value.video_views)
        row.posts_published = _add(row.posts_published, value.posts_published)
        if value.engagements is not None and followers is not None:
            row.engagement_followers = _add(row.engagement_followers, followers)
        if value.video_views is not None and followers is not None:
            row.video_followers = _add(row.video_followers, followers)
        if value.closing_date is not None and (row.as_of is None or value.closing_date > row.as_of):
            row.as_of = value.closing_date
    for key, row in rows.items():
        row.sources = tuple(sorted(sources[key]))
    return list(rows.values())


# ----------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Weights:
    """How much each component counts in the composite score (any non-negative numbers;
    only their proportions matter) and the shrinkage strength, in followers."""

    growth_rate: float = 40
    engagement_rate: float = 30
    posts: float = 15
    video_rate: float = 15
    growth: float = 0
    engagements: float = 0
    shrinkage: float = 500

    def items(self) -> list[tuple[str, float]]:
        return [(name, getattr(self, name)) for name in COMPONENTS if getattr(self, name) > 0]


COMPONENTS = ("growth_rate", "engagement_rate", "posts", "video_rate", "growth", "engagements")
COMPONENT_LABELS = {
    "growth_rate": "Follower growth rate (shrunk toward the median)",
    "engagement_rate": "Engagement per follower (shrunk toward the median)",
    "posts": "Posts published",
    "video_rate": "Video views per follower (shrunk toward the median)",
    "growth": "Followers gained",
    "engagements": "Engagements",
}
DEFAULT_WEIGHTS = Weights()


def shrunk_rate(amount: float, base: float, *, prior: float, strength: float) -> float:
    """amount/base pulled toward `prior`, the more the smaller `base` is.

    (amount + strength·prior) / (base + strength): an account with `strength` followers is
    halfway between its own rate and the prior; a large one keeps almost its own rate; a
    tiny one — whose rate is mostly luck — stays near the prior.
    """
    return (amount + strength * prior) / (base + strength)


def _rates(
    rows: Sequence[Row], amount: Callable[[Row], int | None], base: Callable[[Row], int | None]
):
    pairs = {}
    for row in rows:
        a, b = amount(row), base(row)
        if a is not None and b is not None:
            pairs[row.key] = (a, b)
    return pairs


def _shrunk_component(
    rows: Sequence[Row],
    amount: Callable[[Row], int | None],
    base: Callable[[Row], int | None],
    strength: float,
) -> dict[str, float]:
    pairs = _rates(rows, amount, base)
    raw = [a / b for a, b in pairs.values() if b > 0]
    prior = median(raw) if raw else 0.0
    return {
        key: shrunk_rate(a, b, prior=prior, strength=strength)
        for key, (a, b) in pairs.items()
        if b + strength > 0
    }


def component_values(rows: Sequence[Row], weights: Weights) -> dict[str, dict[str, float]]:
    """Each weighted component's value per row key, for the rows that have that data."""
    k = weights.shrinkage
    wanted = {name for name, _ in weights.items()}
    out: dict[str, dict[str, float]] = {}
    if "growth_rate" in wanted:
        out["growth_rate"] = _shrunk_component(
            rows, lambda r: r.follower_growth, lambda r: r.opening_followers, k
        )
    if "engagement_rate" in wanted:
        out["engagement_rate"] = _shrunk_component(
            rows, lambda r: r.engagements, lambda r: r.engagement_followers, k
        )
    if "video_rate" in wanted:
        out["video_rate"] = _shrunk_component(
            rows, lambda r: r.video_views, lambda r: r.video_followers, k
        )
    simple = {"posts": "posts_published", "growth": "follower_growth", "engagements": "engagements"}
    for name, attribute in simple.items():
        if name in wanted:
            out[name] = {
                r.key: float(getattr(r, attribute))
                for r in rows
                if getattr(r, attribute) is not None
            }
    return out


def percentile_ranks(values: dict[str, float]) -> dict[str, float]:
    """Each key's mid-rank percentile in [0, 1]: the share of the others it beats, ties
    counting half. A single value is at 0.5."""
    n = len(values)
    if n == 0:
        return {}
    if n == 1:
        return dict.fromkeys(values, 0.5)
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    ranks: dict[str, float] = {}
    i = 0
    while i < n:
        j = i
        while j + 1 < n and ordered[j + 1][1] == ordered[i][1]:
            j += 1
        # Rows i..j tie: each beats the i rows below and half of the j-i others.
        share = (i + (j - i) / 2) / (n - 1)
        for k in range(i, j + 1):
            ranks[ordered[k][0]] = share
        i = j + 1
    return ranks


def _order_key(row: Row) -> tuple:
    growth = row.components.get("growth_rate")
    return (
        row.score is None,
        -(row.score or 0.0),
        growth is None,
        -(growth or 0.0),
        -(row.followers or 0),
        row.label.casefold(),
        row.key,
    )


def score_rows(rows: Sequence[Row], weights: Weights = DEFAULT_WEIGHTS) -> list[Row]:
    """Score, order and rank the rows (in place), and return them in rank order.

    The score is the weighted mean of the row's percentile ranks in each weighted component
    it has data for (weights of missing components are left out, not counted as zero),
    times 100. Rows without any weighted data get no score and come last. Ties are broken
    by the shrunk growth rate, then the followers, then the label and key, so the same
    data always gives the same order.
    """
    components = component_values(rows, weights)
    percentiles = {name: percentile_ranks(values) for name, values in components.items()}
    for row in rows:
        total = weight_sum = 0.0
        row.components = {}
        for name, weight in weights.items():
            if row.key in components[name]:
                row.components[name] = components[name][row.key]
                total += weight * percentiles[name][row.key]
                weight_sum += weight
        row.score = round(100.0 * total / weight_sum, 6) if weight_sum else None
    ordered = sorted(rows, key=_order_key)
    rank = 0
    for position, row in enumerate(ordered, start=1):
        row.position = position
        if row.score is not None:
            rank += 1
            row.rank = rank
        else:
            row.rank = None
    return ordered


def apply_movement(current: Sequence[Row], previous: Sequence[Row]) -> None:
    """Set each row's rank in the previous window (None when it was not ranked then)."""
    before = {row.key: row.rank for row in previous}
    for row in current:
        row.previous_rank = before.get(row.key)


# ------------------------------------------------------------------------------ badges


@dataclass(frozen=True)
class Badge:
    code: str
    label: str
    description: str


BADGES = {
    b.code: b
    for b in (
        Badge(
            "followers_1k", "1,000 followers", "Reached 1,000 followers on professional accounts."
        ),
        Badge(
            "followers_10k",
            "10,000 followers",
            "Reached 10,000 followers on professional accounts.",
        ),
        Badge(
            "followers_100k",
            "100,000 followers",
            "Reached 100,000 followers on professional accounts.",
        ),
        Badge("year_1", "A year in the program", "An ambassador for at least a year."),
        Badge("year_3", "Three years in the program", "An ambassador for at least three years."),
        Badge("year_5", "Five years in the program", "An ambassador for at least five years."),
        Badge("top_10", "Top 10 %", "In the top tenth of this leaderboard (ten or more ranked)."),
    )
}
FOLLOWER_MILESTONES = (
    (100_000, "followers_100k"),
    (10_000, "followers_10k"),
    (1_000, "followers_1k"),
)
YEAR_MILESTONES = ((5, "year_5"), (3, "year_3"), (1, "year_1"))


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def badges_for(row: Row, *, ranked: int, as_of: dt.date) -> tuple[str, ...]:
    """The badges a row has earned, from its figures only (the highest of each kind)."""
    earned: list[str] = []
    if row.followers is not None:
        earned.extend(next(([c] for m, c in FOLLOWER_MILESTONES if row.followers >= m), []))
    if row.joined_on is not None and row.grouping in ("ambassador", "account"):
        years = _years_between(row.joined_on, as_of)
        earned.extend(next(([c] for n, c in YEAR_MILESTONES if years >= n), []))
    if row.rank is not None and ranked >= 10 and row.rank <= math.ceil(ranked / 10):
        earned.append("top_10")
    return tuple(earned)


def apply_badges(rows: Sequence[Row], *, as_of: dt.date) -> None:
    ranked = sum(1 for row in rows if row.rank is not None)
    for row in rows:
        row.badges = badges_for(row, ranked=ranked, as_of=as_of)


# ---------------------------------------------------------------------------- sparkline


def forward_fill(values: Sequence[int | None]) -> list[int | None]:
    """Carry the last known value over gaps; leading gaps stay None."""
    out: list[int | None] = []
    last: int | None = None
    for value in values:
        if value is not None:
            last = value
        out.append(last)
    return out


def sum_series(series: Iterable[Sequence[int | None]]) -> tuple[int | None, ...]:
    """Point-wise sum of several series of the same length; None where all are None."""
    totals: list[int | None] = []
    for points in zip(*series, strict=True):
        present = [p for p in points if p is not None]
        totals.append(sum(present) if present else None)
    return tuple(totals)


def sparkline_points(
    values: Sequence[int | None], *, width: float = 100, height: float = 24, pad: float = 2
) -> str:
    """SVG polyline points for the known values ('' with fewer than two)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = (high - low) or 1
    last = max(len(values) - 1, 1)
    points = []
    for i, v in known:
        x = pad + (width - 2 * pad) * i / last
        y = height - pad - (height - 2 * pad) * (v - low) / span
        points.append(f"{x:.1f},{y:.1f}")
    return " ".join(points)


def trend_words(values: Sequence[int | None]) -> str:
    """A short text alternative for a sparkline."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return "not enough data for a trend"
    first, last = known[0], known[-1]
    if last > first:
        direction = "up"
    elif last < first:
        direction = "down"
    else:
        direction = "flat"
    return f"followers {direction}, from {first:,} to {last:,}"


# ------------------------------------------------------------------------------- sorting

SORTABLE = {
    "rank": "Rank",
    "label": "Name",
    "score": "Score",
    "followers": "Followers",
    "follower_growth": "Growth",
    "growth_percent": "Growth %",
    "engagements": "Engagements",
    "engagement_rate": "Engagement rate",
    "video_views": "Video views",
    "posts_published": "Posts",
    "movement": "Movement",
}


def sort_rows(rows: Sequence[Row], sort: str) -> list[Row]:
    """Rows in the order a column asks for ("-x" descending); rows without the value last,
    then in rank order, so any order is deterministic."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORTABLE or name == "rank":
        ordered = sorted(rows, key=lambda r: r.position)
        return ordered[::-1] if descending else ordered
    if name == "label":
        ordered = sorted(rows, key=lambda r: (r.label.casefold(), r.position))
        return ordered[::-1] if descending else ordered

    def value(row: Row) -> float | None:
        v = getattr(row, name)
        return None if v is None else float(v)

    present = [r for r in rows if value(r) is not None]
    missing = sorted((r for r in rows if value(r) is None), key=lambda r: r.position)
    present.sort(key=lambda r: (-value(r) if descending else value(r), r.position))  # type: ignore[operator]
    return [*present, *missing]
