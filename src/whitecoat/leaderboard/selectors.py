"""Reads for the leaderboard: the snapshots' window values, computed or stored rankings,
an ambassador's charts and the program dashboard.

Performance (see docs/leaderboard.md and benchmarks/bench_leaderboard.py): the database
does the per-account work — one grouped query finds, for every account, the snapshots
nearest inside the window's two ends and sums its flows, then joins back for the follower
counts on those two days; Python only groups, scores and ranks the per-account results
(one small record per account, never the snapshots). The standard windows are stored by
`leaderboard_refresh` (services.py), so a page reads one indexed slice of a stored ranking.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import DateField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from whitecoat.content.selectors import ProgramMetric, content_program_metrics
from whitecoat.leaderboard.enums import Grouping
from whitecoat.leaderboard.models import Ranking, ScoreSettings, Standing
from whitecoat.leaderboard.scoring import (
    BADGES,
    COMPONENT_LABELS,
    JOINED,
    AccountMeta,
    AccountWindow,
    Badge,
    Row,
    Weights,
    Window,
    apply_badges,
    apply_movement,
    forward_fill,
    group_rows,
    previous_window,
    sample_days,
    score_rows,
    sort_rows,
    sparkline_points,
    sum_series,
    trend_words,
    window_for,
)
from whitecoat.metrics.enums import AccountUse, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_roles, user_sees_everything
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador
from whitecoat.program.selectors import ambassador_list
from whitecoat.training.selectors import training_program_metrics

# Current ambassadors are ranked: alumni and people still in the pipeline are not.
RANKED_STATUSES = [AmbassadorStatus.ACTIVE, AmbassadorStatus.PAUSED]
SPARKLINE_POINTS = 16
PLATFORM_LABELS = dict(Platform.choices)
SOURCE_LABELS = dict(MetricSource.choices)

# What the program will measure once its other capabilities exist. Each is shown as
# "not tracked yet" with the capability it waits for — never as a made-up number. Content
# repurposed, institutional posts shared and link clicks come from the content hub
# (`content_program_metrics`), training held and completed from the training records.
PROGRAM_METRICS_TO_COME: list[tuple[str, str, str]] = []

# ------------------------------------------------------------------------ who sees what


def user_may_view_leaderboard(*, user: Any) -> bool:
    """Program members read the leaderboard; a requester with no other role does not."""
    return bool(
        user_roles(user) & {Role.PROGRAM_ADMIN, Role.LEADERSHIP, Role.NOMINATOR, Role.AMBASSADOR}
    )


def user_may_view_dashboard(*, user: Any) -> bool:
    return user_sees_everything(user)


@dataclass(frozen=True)
class Visibility:
    """Which rows' figures and detail pages a user may open."""

    sees_all: bool
    ambassador_ids: frozenset[int]
    figures_public: bool

    def may_open(self, ambassador_id: int | None) -> bool:
        return ambassador_id is not None and (self.sees_all or ambassador_id in self.ambassador_ids)

    def shows_figures(self, row: Any) -> bool:
        """Group rows are never one person's; a person's row shows figures when the program
        publishes them or the user may open that ambassador."""
        if self.figures_public or row.grouping not in ("ambassador", "account"):
            return True
        return self.may_open(row.ambassador_id)


def visibility_for(*, user: Any, settings: ScoreSettings | None = None) -> Visibility:
    settings = settings or ScoreSettings.current()
    if user_sees_everything(user):
        return Visibility(True, frozenset(), True)
    ids = frozenset(ambassador_list(user=user).values_list("id", flat=True))
    return Visibility(False, ids, settings.ambassadors_see_figures)


# ------------------------------------------------------------------------- the raw data


def ranked_accounts(*, platform: str = "") -> QuerySet[SocialAccount]:
    """The accounts a leaderboard counts: current ambassadors' professional accounts."""
    accounts = SocialAccount.objects.filter(
        ambassador__isnull=False,
        use=AccountUse.PROFESSIONAL,
        ambassador__status__in=RANKED_STATUSES,
    )
    if platform:
        accounts = accounts.filter(platform=platform)
    return accounts.order_by()


def account_meta_list(*, platform: str = "") -> list[AccountMeta]:
    """Who each ranked account belongs to, in one query."""
    rows = ranked_accounts(platform=platform).values_list(
        "id",
        "handle",
        "platform",
        "ambassador_id",
        "ambassador__person__first_name",
        "ambassador__person__last_name",
        "ambassador__person__credentials",
        "ambassador__joined_on",
        "ambassador__person__department_id",
        "ambassador__person__department__name",
        "ambassador__cohort_id",
        "ambassador__cohort__name",
        Coalesce("ambassador__person__department__entity_id", "ambassador__cohort__entity_id"),
        Coalesce(
            "ambassador__person__department__entity__name", "ambassador__cohort__entity__name"
        ),
    )
    metas = []
    for row in rows.order_by("id"):
        (aid, handle, platform_, amb, first, last, creds, joined, dep, dep_name) = row[:10]
        name = f"{first} {last}" + (f", {creds}" if creds else "")
        metas.append(
            AccountMeta(
                account_id=aid,
                handle=handle,
                platform=platform_,
                platform_label=PLATFORM_LABELS.get(platform_, platform_),
                ambassador_id=amb,
                ambassador_name=name,
                joined_on=joined,
                department_id=dep,
                department_name=dep_name or "",
                cohort_id=row[10],
                cohort_name=row[11],
                entity_id=row[12],
                entity_name=row[13] or "",
            )
        )
    return metas


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def account_window_values(
    *, window: Window, platform: str = "", account_ids: Collection[int] | None = None
) -> dict[int, AccountWindow]:
    """Every ranked account's figures in the window, in one query.

    The grouped part reads each account's snapshots inside the window once (through the
    (account, date) index) for the first and last day with a follower count and the sums
    of the flows; the two joins then read the follower counts of exactly those two days.
    Accounts without a snapshot in the window are absent: no data, not zero.

    `b CROSS JOIN s` pins SQLite's join order: loop over the accounts and range-scan each
    one's snapshots through the (account, date) index; PostgreSQL treats it as the inner
    join it is and plans freely.
    """
    population = ranked_accounts(platform=platform)
    if account_ids is not None:
        population = population.filter(id__in=list(account_ids))
    opening = (
        F("ambassador__joined_on")
        if window.opening is None
        else Value(window.opening, output_field=DateField())
    )
    bounds_sql, bounds_params = (
        population.annotate(window_opening=opening)
        .values_list("id", "window_opening")
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(MetricSnapshot._meta.db_table)
    flows = ", ".join(
        f"SUM(CASE WHEN s.date > b.opening THEN s.{name} END)"
        for name in ("engagements", "impressions", "video_views", "posts_published")
    )
    sql = f"""
        WITH b (account_id, opening) AS ({bounds_sql}),
        g AS (
            SELECT s.account_id AS account_id,
                   MIN(CASE WHEN s.followers IS NOT NULL THEN s.date END) AS first_day,
                   MAX(CASE WHEN s.followers IS NOT NULL THEN s.date END) AS last_day,
                   {flows},
                   MIN(s.source), MAX(s.source)
            FROM b CROSS JOIN {table} s
            WHERE s.account_id = b.account_id AND s.date >= b.opening AND s.date <= %s
            GROUP BY s.account_id
        )
        SELECT g.*, f.followers, l.followers
        FROM g
        LEFT JOIN {table} f ON f.account_id = g.account_id AND f.date = g.first_day
        LEFT JOIN {table} l ON l.account_id = g.account_id AND l.date = g.last_day
    """
    params = [*bounds_params, connection.ops.adapt_datefield_value(window.closing)]
    values: dict[int, AccountWindow] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            (aid, first, last, eng, imp, vid, posts, src_min, src_max, f_open, f_close) = row
            values[aid] = AccountWindow(
                account_id=aid,
                opening_date=_date(first),
                opening_followers=_int(f_open),
                closing_date=_date(last),
                closing_followers=_int(f_close),
                engagements=_int(eng),
                impressions=_int(imp),
                video_views=_int(vid),
                posts_published=_int(posts),
                sources=frozenset(s for s in (src_min, src_max) if s),
            )
    return values


def sparkline_days(window: Window, metas: Sequence[AccountMeta]) -> list[dt.date]:
    opening = window.opening
    if opening is None:
        joined = [m.joined_on for m in metas if m.joined_on is not None]
        opening = min(joined) if joined else window.closing - dt.timedelta(days=365)
    return sample_days(opening, window.closing, points=SPARKLINE_POINTS)


def account_sparklines(
    *, days: Sequence[dt.date], account_ids: Collection[int] | None = None, platform: str = ""
) -> dict[int, list[int | None]]:
    """Each account's followers on the sample days (gaps carried forward), in one query."""
    population = ranked_accounts(platform=platform)
    if account_ids is not None:
        population = population.filter(id__in=list(account_ids))
    index = {day: i for i, day in enumerate(days)}
    series: dict[int, list[int | None]] = defaultdict(lambda: [None] * len(days))
    rows = MetricSnapshot.objects.filter(
        account_id__in=population.values("id"), date__in=list(days), followers__isnull=False
    ).values_list("account_id", "date", "followers")
    for account_id, day, followers in rows.order_by():
        series[account_id][index[day]] = followers
    return {aid: forward_fill(points) for aid, points in series.items()}


# --------------------------------------------------------------------------- rankings


def rank_accounts(
    *,
    metas: Sequence[AccountMeta],
    values: dict[int, AccountWindow],
    previous: dict[int, AccountWindow] | None,
    grouping: str,
    weights: Weights,
    window: Window,
) -> list[Row]:
    """Group, score, rank, compare with the previous window and award badges (pure)."""
    rows = score_rows(group_rows(metas, values, grouping=grouping), weights)
    if previous is not None:
        before = score_rows(group_rows(metas, previous, grouping=grouping), weights)
        apply_movement(rows, before)
    apply_badges(rows, as_of=window.closing)
    return rows


def ranking_compute(
    *,
    window: Window,
    grouping: str,
    platform: str = "",
    weights: Weights | None = None,
) -> list[Row]:
    """A ranking computed now from the snapshots (custom windows, or before a refresh)."""
    weights = weights or ScoreSettings.current().weights
    metas = account_meta_list(platform=platform)
    values = account_window_values(window=window, platform=platform)
    before = previous_window(window)
    previous = account_window_values(window=before, platform=platform) if before else None
    return rank_accounts(
        metas=metas,
        values=values,
        previous=previous,
        grouping=grouping,
        weights=weights,
        window=window,
    )


def stored_ranking(*, window: Window, grouping: str, platform: str = "") -> Ranking | None:
    if window.key not in {"7d", "30d", "90d", "365d", "ytd", JOINED}:
        return None
    return Ranking.objects.filter(
        window=window.key, grouping=grouping, platform=platform, as_of=window.closing
    ).first()


# ------------------------------------------------------------------------ the page data


@dataclass(frozen=True)
class Filters:
    department_id: int | None = None
    cohort_id: int | None = None
    entity_id: int | None = None
    search: str = ""

    def matches(self, row: Any) -> bool:
        if self.department_id and row.department_id != self.department_id:
            return False
        if self.cohort_id and row.cohort_id != self.cohort_id:
            return False
        if self.entity_id and row.entity_id != self.entity_id:
            return False
        return all(word in row.label.casefold() for word in self.search.casefold().split())

    def q(self) -> Q:
        q = Q()
        if self.department_id:
            q &= Q(department_id=self.department_id)
        if self.cohort_id:
            q &= Q(cohort_id=self.cohort_id)
        if self.entity_id:
            q &= Q(entity_id=self.entity_id)
        for word in self.search.split():
            q &= Q(label__icontains=word)
        return q


@dataclass
class Line:
    """A row as shown to one user: figures hidden where they may not see them."""

    row: Any
    figures: bool
    can_open: bool
    badges: list[Badge]
    points: str
    trend: str

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)

    @property
    def platform_label(self) -> str:
        return PLATFORM_LABELS.get(self.row.platform, self.row.platform)

    @property
    def source_labels(self) -> list[str]:
        return [SOURCE_LABELS.get(s, s) for s in self.row.sources]


@dataclass
class Leaderboard:
    window: Window
    grouping: str
    platform: str
    sort: str
    stored: bool
    computed_at: dt.datetime | None
    total: int
    ranked: int
    count: int
    page: int
    page_size: int
    lines: list[Line]
    weights: Weights
    visibility: Visibility
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _line(row: Any, visibility: Visibility) -> Line:
    sparkline = list(row.sparkline or [])
    return Line(
        row=row,
        figures=visibility.shows_figures(row),
        can_open=row.grouping in ("ambassador", "account")
        and visibility.may_open(row.ambassador_id),
        badges=[BADGES[code] for code in row.badges if code in BADGES],
        points=sparkline_points(sparkline),
        trend=trend_words(sparkline),
    )


STORED_SORT_FIELDS = {
    "rank": "position",
    "label": "label",
    "score": "score",
    "followers": "followers",
    "follower_growth": "follower_growth",
    "growth_percent": "growth_percent",
    "engagements": "engagements",
    "engagement_rate": "engagement_rate",
    "video_views": "video_views",
    "posts_published": "posts_published",
    "movement": "movement",
}


def _stored_order(sort: str) -> list[Any]:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    column = STORED_SORT_FIELDS.get(name, "position")
    if column == "position":
        return ["-position" if descending else "position"]
    expression = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return [expression, "position"]


def _top_chart(lines: Sequence[Line], window: Window) -> dict[str, Any]:
    """The chart beside the table: the shown rows' scores, top ten first."""
    shown = [line for line in lines if line.score is not None][:10]
    return {
        "title": f"Score, {window.label.lower()}",
        "labels": [line.label for line in shown],
        "values": [round(line.score, 1) for line in shown],
    }


def leaderboard_for_window(
    *,
    user: Any,
    window: Window,
    grouping: str = Grouping.AMBASSADOR,
    platform: str = "",
    filters: Filters | None = None,
    sort: str = "rank",
    page: int = 1,
    page_size: int = 25,
    everything: bool = False,
) -> Leaderboard:
    """One page of a leaderboard (or every row, with `everything`, for the exports).

    Reads the stored ranking when `leaderboard_refresh` has made one for this window's
    end, and computes it from the snapshots otherwise; both give the same rows. Ranks are
    program-wide: the filters choose which rows to show, not who they are ranked against
    (the platform does: it chooses which accounts count).
    """
    filters = filters or Filters()
    settings = ScoreSettings.current()
    visibility = visibility_for(user=user, settings=settings)
    page = max(1, page)
    ranking = stored_ranking(window=window, grouping=grouping, platform=platform)
    if ranking is not None:
        standings = Standing.objects.filter(ranking=ranking).filter(filters.q())
        count = standings.count()
        ordered = standings.order_by(*_stored_order(sort))
        if everything:
            rows: list[Any] = list(ordered.iterator(chunk_size=2000))
        else:
            page = min(page, max(1, -(-count // page_size)))
            rows = list(ordered[(page - 1) * page_size : page * page_size])
        for standing in rows:
            standing.grouping = grouping
        total, ranked, computed_at = ranking.total, ranking.ranked, ranking.computed_at
    else:
        all_rows = ranking_compute(
            window=window, grouping=grouping, platform=platform, weights=settings.weights
        )
        total, ranked, computed_at = len(all_rows), sum(r.rank is not None for r in all_rows), None
        chosen = sort_rows([r for r in all_rows if filters.matches(r)], sort)
        count = len(chosen)
        if everything:
            rows = chosen
        else:
            page = min(page, max(1, -(-count // page_size)))
            rows = chosen[(page - 1) * page_size : page * page_size]
        _attach_sparklines(rows, window=window, platform=platform)
    lines = [_line(row, visibility) for row in rows]
    return Leaderboard(
        window=window,
        grouping=grouping,
        platform=platform,
        sort=sort,
        stored=ranking is not None,
        computed_at=computed_at,
        total=total,
        ranked=ranked,
        count=count,
        page=page,
        page_size=page_size,
        lines=lines,
        weights=settings.weights,
        visibility=visibility,
        chart=_top_chart(lines, window),
    )


def _attach_sparklines(rows: Sequence[Row], *, window: Window, platform: str) -> None:
    """Sparklines for the rows about to be shown only, in one query."""
    if not rows:
        return
    account_ids = {aid for row in rows for aid in row.account_ids}
    metas = (
        account_meta_list(platform=platform) if window.opening is None else []
    )  # only "since joining" needs the joining days
    days = sparkline_days(window, metas)
    series = account_sparklines(days=days, account_ids=account_ids, platform=platform)
    empty = [None] * len(days)
    for row in rows:
        row.sparkline = sum_series(series.get(aid, empty) for aid in row.account_ids)


# ------------------------------------------------------------------ an ambassador's charts


@dataclass
class AmbassadorCharts:
    """What `leaderboard/_ambassador_charts.html` shows; see the partial's header."""

    ambassador_id: int
    first_day: dt.date
    last_day: dt.date
    accounts: list[dict[str, Any]]
    chart_data: dict[str, Any]
    table: list[dict[str, Any]]
    rank: Any | None
    ranked: int | None
    history: list[dict[str, Any]]
    has_video: bool


def _weeks(first: dt.date, last: dt.date) -> list[dt.date]:
    """Week-ending days from `first` to `last`, the last one being `last`."""
    ends = []
    day = last
    while day >= first:
        ends.append(day)
        day -= dt.timedelta(days=7)
    return ends[::-1]


def ambassador_charts(
    *, user: Any, ambassador: Ambassador, today: dt.date | None = None, days: int = 365
) -> AmbassadorCharts:
    """Weekly followers, engagements and video views of an ambassador's professional
    accounts over the last year, and their 30-day rank with its monthly history.

    `ambassador` must come from a permission-aware fetch (`ambassador_get`); three or
    four queries whatever the number of accounts.
    """
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    accounts = list(
        SocialAccount.objects.filter(ambassador=ambassador, use=AccountUse.PROFESSIONAL)
        .order_by("platform", "handle", "id")
        .values("id", "platform", "handle")
    )
    weeks = _weeks(first, today)
    week_of: dict[dt.date, int] = {}
    for i, end in enumerate(weeks):
        for back in range(7):
            week_of[end - dt.timedelta(days=back)] = i
    per_account: dict[int, dict[str, list[int | None]]] = {
        a["id"]: {
            "followers": [None] * len(weeks),
            "engagements": [None] * len(weeks),
            "video_views": [None] * len(weeks),
        }
        for a in accounts
    }
    snapshots = MetricSnapshot.objects.filter(
        account_id__in=[a["id"] for a in accounts], date__gte=first, date__lte=today
    ).values_list("account_id", "date", "followers", "engagements", "video_views")
    for account_id, day, followers, engagements, video_views in snapshots.order_by(
        "account_id", "date"
    ):
        i = week_of.get(day)
        if i is None:
            continue
        series = per_account[account_id]
        if followers is not None:
            series["followers"][i] = followers  # the week's last day with a count
        for name, value in (("engagements", engagements), ("video_views", video_views)):
            if value is not None:
                series[name][i] = (series[name][i] or 0) + value
    labels = [end.isoformat() for end in weeks]
    datasets: dict[str, list[dict[str, Any]]] = {
        "followers": [],
        "engagements": [],
        "video_views": [],
    }
    described = []
    for account in accounts:
        name = (
            f"{PLATFORM_LABELS.get(account['platform'], account['platform'])} {account['handle']}"
        )
        series = per_account[account["id"]]
        described.append({"id": account["id"], "name": name})
        for metric in datasets:
            if any(v is not None for v in series[metric]):
                datasets[metric].append({"label": name, "data": series[metric]})
    has_video = bool(datasets["video_views"])
    # A text alternative: one line per month (every fourth week), summed over accounts.
    table = []
    for i in range(len(weeks) - 1, -1, -4):
        table.append(
            {
                "week": weeks[i],
                **{
                    metric: sum_series([[per_account[a["id"]][metric][i]] for a in accounts])[0]
                    if accounts
                    else None
                    for metric in ("followers", "engagements", "video_views")
                },
            }
        )
    table.reverse()
    history = list(
        Standing.objects.filter(
            ambassador_id=ambassador.pk,
            ranking__window="30d",
            ranking__grouping=Grouping.AMBASSADOR,
            ranking__platform="",
            ranking__as_of__lte=today,
        )
        .order_by("ranking__as_of")
        .values("ranking__as_of", "rank", "ranking__ranked", "score")
    )
    points = [
        {"as_of": h["ranking__as_of"], "rank": h["rank"], "ranked": h["ranking__ranked"]}
        for h in history
    ]
    rank = ranked = None
    if points and points[-1]["as_of"] == today:
        rank, ranked = points[-1]["rank"], points[-1]["ranked"]
    else:
        window = window_for("30d", today=today)
        stored = stored_ranking(window=window, grouping=Grouping.AMBASSADOR)
        if stored is not None:
            # Today's ranking is stored and this ambassador is not in it (not active now):
            # no need to rank the whole program again on every view of their page.
            ranked = stored.ranked
        else:
            rows = ranking_compute(window=window, grouping=Grouping.AMBASSADOR)
            mine = next((r for r in rows if r.ambassador_id == ambassador.pk), None)
            rank = mine.rank if mine else None
            ranked = sum(r.rank is not None for r in rows)
        points.append({"as_of": today, "rank": rank, "ranked": ranked})
    chart_data = {
        "labels": labels,
        "followers": datasets["followers"],
        "engagements": datasets["engagements"],
        "video_views": datasets["video_views"],
        "rank_history": {
            "labels": [p["as_of"].isoformat() for p in points],
            "values": [p["rank"] for p in points],
        },
    }
    return AmbassadorCharts(
        ambassador_id=ambassador.pk,
        first_day=first,
        last_day=today,
        accounts=described,
        chart_data=chart_data,
        table=table,
        rank=rank,
        ranked=ranked,
        history=points,
        has_video=has_video,
    )


# ----------------------------------------------------------------- the program dashboard


@dataclass
class ProgramDashboard:
    window: Window
    totals: dict[str, Any]
    by_grouping: dict[str, list[Any]]
    chart_data: dict[str, Any]
    to_come: list[tuple[str, str, str]]
    stored: bool
    content: list[ProgramMetric] = field(default_factory=list)


def _month_ends(today: dt.date, months: int) -> list[dt.date]:
    ends = []
    year, month = today.year, today.month
    for _ in range(months):
        first_of_month = dt.date(year, month, 1)
        ends.append(first_of_month - dt.timedelta(days=1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(ends)


def _grouped_rows(*, window: Window, groupings: Sequence[str]) -> tuple[dict[str, list[Any]], bool]:
    stored = {
        r.grouping: r
        for r in Ranking.objects.filter(
            window=window.key, platform="", as_of=window.closing, grouping__in=groupings
        )
    }
    if window.key != "custom" and all(g in stored for g in groupings):
        out: dict[str, list[Any]] = {}
        standings = Standing.objects.filter(ranking__in=stored.values()).select_related("ranking")
        for standing in standings.order_by("ranking_id", "position"):
            standing.grouping = standing.ranking.grouping
            out.setdefault(standing.grouping, []).append(standing)
        return {g: out.get(g, []) for g in groupings}, True
    weights = ScoreSettings.current().weights
    metas = account_meta_list()
    values = account_window_values(window=window)
    before = previous_window(window)
    previous = account_window_values(window=before) if before else None
    return {
        g: rank_accounts(
            metas=metas,
            values=values,
            previous=previous,
            grouping=g,
            weights=weights,
            window=window,
        )
        for g in groupings
    }, False


def program_dashboard(*, user: Any, window: Window, months: int = 24) -> ProgramDashboard:
    """Totals and growth of the whole program, and by cohort, department and platform."""
    by_grouping, stored = _grouped_rows(
        window=window, groupings=[Grouping.PLATFORM, Grouping.COHORT, Grouping.DEPARTMENT]
    )
    platforms = by_grouping[Grouping.PLATFORM]

    def total(name: str) -> int | None:
        present = [getattr(r, name) for r in platforms if getattr(r, name) is not None]
        return sum(present) if present else None

    growth, opening = total("follower_growth"), total("opening_followers")
    totals = {
        "ambassadors": Ambassador.objects.filter(status__in=RANKED_STATUSES).count(),
        "accounts": sum(r.members for r in platforms),
        "followers": total("followers"),
        "follower_growth": growth,
        "growth_percent": 100.0 * growth / opening if growth is not None and opening else None,
        "engagements": total("engagements"),
        "video_views": total("video_views"),
        "posts_published": total("posts_published"),
        "as_of": max((r.as_of for r in platforms if r.as_of), default=None),
    }
    ends = _month_ends(timezone.localdate(), months)
    monthly = (
        MetricSnapshot.objects.filter(
            account_id__in=ranked_accounts().values("id"), date__in=ends, followers__isnull=False
        )
        .values("date", "account__platform")
        .annotate(followers=Sum("followers"))
        .order_by()
    )
    by_platform: dict[str, list[int | None]] = defaultdict(lambda: [None] * len(ends))
    position = {end: i for i, end in enumerate(ends)}
    for item in monthly:
        by_platform[item["account__platform"]][position[_date(item["date"])]] = item["followers"]
    joined = list(
        Ambassador.objects.filter(joined_on__isnull=False).values_list("joined_on", flat=True)
    )
    growing = sorted(
        (r for r in by_grouping[Grouping.DEPARTMENT] if r.follower_growth is not None),
        key=lambda r: (-r.follower_growth, r.position),
    )[:15]
    chart_data = {
        "months": [end.isoformat() for end in ends],
        "followers_by_platform": [
            {"label": PLATFORM_LABELS.get(p, p), "data": data}
            for p, data in sorted(by_platform.items())
        ],
        "ambassadors_joined": [sum(1 for d in joined if d <= end) for end in ends],
        "growth_by_department": {
            "labels": [r.label for r in growing],
            "values": [r.follower_growth for r in growing],
        },
    }
    return ProgramDashboard(
        window=window,
        totals=totals,
        by_grouping=by_grouping,
        chart_data=chart_data,
        to_come=PROGRAM_METRICS_TO_COME,
        stored=stored,
        content=[
            *content_program_metrics(first_day=window.first_day, last_day=window.closing),
            *(
                ProgramMetric(*metric)
                for metric in training_program_metrics(
                    first_day=window.first_day, last_day=window.closing
                )
            ),
        ],
    )


def score_explanation(weights: Weights) -> list[tuple[str, float]]:
    """The weighted components and their share of the score, in percent."""
    items = weights.items()
    total = sum(w for _, w in items) or 1
    return [(COMPONENT_LABELS[name], round(100 * w / total, 1)) for name, w in items]
