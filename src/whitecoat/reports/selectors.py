"""Reads for the program reports: results since launch over any range, and the areas
represented against the nationally ranked specialties.

The arithmetic is in `figures.py` (plain Python); this module fetches what it needs.
Performance: the snapshots never come to Python. One query reads, for every professional
account and every point of the range, the follower count of its last snapshot in the
point's bucket (an index seek per account and point); another sums the flows of each
ambassador's accounts over the days they were in the program inside the range (one range
scan per account through the (account, date) index). The roster and the status history
(a few rows per ambassador) are read whole; the content hub's and training's counts come
from their own selectors.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from whitecoat.content.selectors import content_program_metrics
from whitecoat.core.cache import figures_cached, figures_recompute
from whitecoat.core.models import Installation
from whitecoat.metrics.enums import AccountUse, MetricSource
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.organizations.enums import PersonKind, Role
from whitecoat.organizations.models import Cohort, Department
from whitecoat.organizations.roles import user_is_admin, user_roles, user_sees_everything
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador, StatusChange
from whitecoat.reports import figures as F
from whitecoat.reports.enums import RangeKey, RecipientChoice
from whitecoat.reports.figures import (
    Area,
    Audience,
    Level,
    Member,
    ReportRange,
    Specialty,
)
from whitecoat.reports.models import MonthlyReportDelivery, MonthlyReportRun, ReportRecipient
from whitecoat.training.enums import Attendance, SessionState
from whitecoat.training.models import SessionInvitation
from whitecoat.training.selectors import training_program_metrics

STATUS_LABELS = dict(AmbassadorStatus.choices)
KIND_LABELS = dict(PersonKind.choices)
SOURCE_LABELS = dict(MetricSource.choices)
# Ambassadors per query of the flows: keeps the query's parameters under every database's
# limit at consortium scale.
FLOWS_CHUNK = 2_000

# ------------------------------------------------------------------------ who sees what


def user_may_view_reports(*, user: Any) -> bool:
    """Program admins and leadership read the reports. Chairs do not: the reports are the
    whole program's, and a chair's own departments are on their home page."""
    return user_sees_everything(user)


def user_may_manage_reports(*, user: Any) -> bool:
    return user_is_admin(user)


# ------------------------------------------------------------------------------ roster


def program_launch_day() -> dt.date | None:
    """The program's launch: its first cohort's launch, or the first joining if earlier."""
    cohort = Cohort.objects.aggregate(day=Min("launched_on"))["day"]
    joined = Ambassador.objects.aggregate(day=Min("joined_on"))["day"]
    days = [day for day in (cohort, joined) if day is not None]
    return min(days) if days else None


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def report_members() -> list[Member]:
    """Every ambassador with their status history, as `figures.Member`s (two queries)."""
    steps: dict[int, list[F.Step]] = defaultdict(list)
    history = StatusChange.objects.order_by("ambassador_id", "changed_at", "id").values_list(
        "ambassador_id", "to_status", "changed_at"
    )
    for ambassador_id, status, changed_at in history:
        steps[ambassador_id].append((_local_day(changed_at), status))
    rows = Ambassador.objects.order_by("id").values_list(
        "id",
        "status",
        "joined_on",
        "nominated_on",
        "created_at",
        "updated_at",
        "cohort__name",
        "person__kind",
        "person__department_id",
    )
    return [
        F.member_build(
            ambassador_id=aid,
            status=status,
            joined_on=joined,
            entered_on=nominated or _local_day(created),
            last_changed=_local_day(updated),
            steps=steps.get(aid, []),
            cohort=cohort,
            kind=KIND_LABELS.get(kind, kind),
            department_id=department_id,
        )
        for aid, status, joined, nominated, created, updated, cohort, kind, department_id in rows
    ]


def _accounts() -> Any:
    """The accounts a report counts: professional accounts of ambassadors who joined."""
    return SocialAccount.objects.filter(
        ambassador__joined_on__isnull=False, use=AccountUse.PROFESSIONAL
    ).order_by()


def report_accounts() -> dict[int, int]:
    """account id → ambassador id, for every account a report counts."""
    return dict(_accounts().values_list("id", "ambassador_id"))


# ---------------------------------------------------------------------------- snapshots


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _values(rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    """A VALUES list and its parameters (dates adapted for the database)."""
    adapt = connection.ops.adapt_datefield_value
    placeholders = ", ".join("(" + ", ".join(["%s"] * len(row)) + ")" for row in rows)
    params = [adapt(v) if isinstance(v, dt.date) else v for row in rows for v in row]
    return placeholders, params


def report_levels(*, points: Sequence[dt.date]) -> list[Level]:
    """Every counted account's followers at each point: its last snapshot with a follower
    count in the point's bucket (none: no level). One query; an index seek per account
    and point, only for points on or after its ambassador joined."""
    buckets = F.buckets_for(points)
    values, params = _values([(i, low, high) for i, (low, high) in enumerate(buckets)])
    accounts_sql, accounts_params = (
        _accounts().values_list("id", "ambassador_id", "ambassador__joined_on").query
    ).sql_with_params()
    table = connection.ops.quote_name(MetricSnapshot._meta.db_table)
    sql = f"""
        WITH b (point, low, high) AS (VALUES {values}),
        a (id, ambassador_id, joined_on) AS ({accounts_sql})
        SELECT x.account_id, x.ambassador_id, x.point, x.followers FROM (
            SELECT a.id AS account_id, a.ambassador_id AS ambassador_id, b.point AS point,
                   (SELECT s.followers FROM {table} s
                    WHERE s.account_id = a.id AND s.date >= b.low AND s.date <= b.high
                      AND s.followers IS NOT NULL
                    ORDER BY s.date DESC LIMIT 1) AS followers
            FROM a CROSS JOIN b
            WHERE a.joined_on <= b.high
        ) x
        WHERE x.followers IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *accounts_params])
        return [Level(int(a), int(m), int(p), int(f)) for a, m, p, f in cursor.fetchall()]


@dataclass
class Flows:
    """What the accounts did over the range, while their ambassador was in the program.
    Each figure is None when no snapshot in the range carries it: no data, not zero."""

    engagements: int | None = None
    impressions: int | None = None
    video_views: int | None = None
    posts_published: int | None = None
    accounts: int = 0
    data_up_to: dt.date | None = None
    sources: list[str] = field(default_factory=list)

    def add(self, other: Flows) -> None:
        for name in ("engagements", "impressions", "video_views", "posts_published"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None:
                setattr(self, name, (mine or 0) + theirs)
        self.accounts += other.accounts
        if other.data_up_to and (self.data_up_to is None or other.data_up_to > self.data_up_to):
            self.data_up_to = other.data_up_to
        self.sources = sorted(set(self.sources) | set(other.sources))


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def report_flows(*, members: Sequence[Member], report_range: ReportRange) -> Flows:
    """Engagements, impressions, video views and posts of the counted accounts, summed
    over the days of the range each ambassador was in the program."""
    windows = []
    for member in members:
        if member.joined_on is None:
            continue
        low = max(report_range.start, member.joined_on)
        high = report_range.end
        if member.left_on is not None:
            high = min(high, member.left_on - F.ONE_DAY)
        if low <= high:
            windows.append((member.ambassador_id, low, high))
    total = Flows()
    table = connection.ops.quote_name(MetricSnapshot._meta.db_table)
    accounts = connection.ops.quote_name(SocialAccount._meta.db_table)
    sources = list(MetricSource.values)
    source_counts = ", ".join("SUM(CASE WHEN s.source = %s THEN 1 ELSE 0 END)" for _ in sources)
    for chunk in _chunks(windows, FLOWS_CHUNK):
        values, params = _values(chunk)
        # `CROSS JOIN` pins SQLite's order: each window's accounts, then a range scan of
        # each account's snapshots through the (account, date) index.
        sql = f"""
            WITH m (ambassador_id, low, high) AS (VALUES {values})
            SELECT SUM(s.engagements), SUM(s.impressions), SUM(s.video_views),
                   SUM(s.posts_published), COUNT(DISTINCT s.account_id), MAX(s.date),
                   {source_counts}
            FROM m
            JOIN {accounts} a ON a.ambassador_id = m.ambassador_id AND a.use = %s
            CROSS JOIN {table} s
            WHERE s.account_id = a.id AND s.date >= m.low AND s.date <= m.high
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *sources, AccountUse.PROFESSIONAL])
            row = cursor.fetchone()
        engagements, impressions, video_views, posts, count, last, *by_source = row
        total.add(
            Flows(
                engagements=None if engagements is None else int(engagements),
                impressions=None if impressions is None else int(impressions),
                video_views=None if video_views is None else int(video_views),
                posts_published=None if posts is None else int(posts),
                accounts=int(count or 0),
                data_up_to=_day(last),
                sources=[s for s, n in zip(sources, by_source, strict=True) if n],
            )
        )
    return total


# ------------------------------------------------------------------------- other records


@dataclass(frozen=True)
class ProgramFigure:
    """A count from the program's own records; None when nothing of its kind had been
    recorded by the end of the range (the capability was not in use: no data)."""

    key: str
    label: str
    value: int | None
    source: str


def _metric(metric: Any) -> tuple[str, str, int, str]:
    """The content hub gives ProgramMetric records, training gives tuples."""
    if isinstance(metric, tuple):
        return metric  # type: ignore[return-value]
    return (metric.key, metric.label, metric.value, metric.source)


def report_program_figures(*, report_range: ReportRange) -> list[ProgramFigure]:
    """Content repurposed, kits shared, link clicks, training held and modules completed,
    from the content hub's and training's own selectors."""
    start, end = report_range.start, report_range.end
    within = [
        *content_program_metrics(first_day=start, last_day=end),
        *training_program_metrics(first_day=start, last_day=end),
    ]
    ever = [
        *content_program_metrics(first_day=None, last_day=end),
        *training_program_metrics(first_day=None, last_day=end),
    ]
    figures = []
    for now, before in zip(within, ever, strict=True):
        key, label, value, source = _metric(now)
        recorded = _metric(before)[2]
        figures.append(ProgramFigure(key, label, value if recorded else None, source))
    return figures


@dataclass(frozen=True)
class AttendanceRate:
    attended: int
    recorded: int

    @property
    def rate(self) -> float | None:
        return F.percent(self.attended, self.recorded)


def report_attendance(*, report_range: ReportRange) -> AttendanceRate:
    """Invitations to sessions held in the range whose attendance was recorded."""
    first = timezone.make_aware(dt.datetime.combine(report_range.start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(report_range.end + F.ONE_DAY, dt.time.min))
    counts = SessionInvitation.objects.filter(
        session__state=SessionState.SCHEDULED,
        session__starts_at__gte=first,
        session__starts_at__lt=after,
    ).aggregate(
        attended=Count("id", filter=Q(attendance=Attendance.ATTENDED)),
        recorded=Count("id", filter=Q(attendance__in=[Attendance.ATTENDED, Attendance.NO_SHOW])),
    )
    return AttendanceRate(attended=counts["attended"], recorded=counts["recorded"])


def _is_demo() -> bool:
    return Installation.objects.filter(singleton=1, demo_loaded_at__isnull=False).exists()


# ------------------------------------------------------------------------ results report


@dataclass
class ResultsReport:
    """Everything the results page, its PDF, its XLSX, the API and the monthly e-mail
    show (`tables.results_tables` writes its figures the one way all of them use)."""

    range: ReportRange
    generated_at: dt.datetime
    launch: dt.date | None
    launch_point: dt.date | None
    originally: int | None
    points: list[dt.date]
    ambassadors: list[int]
    joined: list[int | None]
    left: list[int | None]
    by_cohort: dict[str, list[int]]
    by_kind: dict[str, list[int]]
    by_status: dict[str, list[int]]
    audience: Audience
    flows: Flows
    program: list[ProgramFigure]
    attendance: AttendanceRate
    training_started: int
    training_finished: int
    is_demo: bool

    @property
    def joined_in_range(self) -> int:
        return sum(n for n in self.joined[1:] if n)

    @property
    def left_in_range(self) -> int:
        return sum(n for n in self.left[1:] if n)

    @property
    def training_completion_rate(self) -> float | None:
        return F.percent(self.training_finished, self.training_started)

    def program_value(self, key: str) -> int | None:
        return next((p.value for p in self.program if p.key == key), None)

    @property
    def source_labels(self) -> list[str]:
        return [SOURCE_LABELS.get(s, s) for s in self.flows.sources]

    @property
    def chart_data(self) -> dict[str, Any]:
        """The charts' figures, for the page's script and the PDF's drawings."""

        def series(groups: Mapping[str, list[int]]) -> list[dict[str, Any]]:
            return [{"label": label, "data": data} for label, data in groups.items()]

        return {
            "labels": [F.day_text(day) for day in self.points],
            "ambassadors": [{"label": "Ambassadors in the program", "data": self.ambassadors}],
            "ambassadors_by_cohort": series(self.by_cohort),
            "ambassadors_by_kind": series(self.by_kind),
            "ambassadors_by_status": series(
                {STATUS_LABELS.get(k, k): v for k, v in self.by_status.items()}
            ),
            "audience": [{"label": "Followers", "data": self.audience.totals}],
        }


def results_report(*, report_range: ReportRange, launch: dt.date | None = None) -> ResultsReport:
    """The results of the program over the range (the caller checked the permission);
    cached briefly (whitecoat.core.cache): the page, its exports and the API ask again."""
    return figures_cached(
        key=_results_key(report_range, launch),
        compute=lambda: _results_report(report_range=report_range, launch=launch),
    )


def _results_key(report_range: ReportRange, launch: dt.date | None) -> str:
    return f"results:{report_range.start}:{report_range.end}:{launch}"


def results_report_recompute(*, today: dt.date | None = None) -> ResultsReport:
    """The report the results page opens on (since launch), computed now and kept (after a
    sync or an import), so the first reader does not wait for it."""
    launch = program_launch_day()
    report_range = F.range_for(RangeKey.LAUNCH, today=today or timezone.localdate(), launch=launch)
    return figures_recompute(
        key=_results_key(report_range, launch),
        compute=lambda: _results_report(report_range=report_range, launch=launch),
    )


def _results_report(*, report_range: ReportRange, launch: dt.date | None) -> ResultsReport:
    launch = launch if launch is not None else program_launch_day()
    members = report_members()
    points = F.points_for(report_range)
    launch_point = F.month_last(launch) if launch is not None else None
    joined: list[int | None] = [None]
    left: list[int | None] = [None]
    for before, point in itertools.pairwise(points):
        joined.append(F.joined_between(members, before, point))
        left.append(F.left_between(members, before, point))
    started, finished = F.training_completion(members, report_range.start, report_range.end)
    audience = F.audience_at_points(
        levels=report_levels(points=points),
        accounts=report_accounts(),
        members={m.ambassador_id: m for m in members},
        points=points,
    )
    return ResultsReport(
        range=report_range,
        generated_at=timezone.localtime(),
        launch=launch,
        launch_point=launch_point,
        originally=F.count_in(members, [launch_point])[0] if launch_point else None,
        points=points,
        ambassadors=F.count_in(members, points),
        joined=joined,
        left=left,
        by_cohort=F.count_in_by(members, points, lambda m: m.cohort),
        by_kind=F.count_in_by(members, points, lambda m: m.kind),
        by_status=F.count_statuses(members, points),
        audience=audience,
        flows=report_flows(members=members, report_range=report_range),
        program=report_program_figures(report_range=report_range),
        attendance=report_attendance(report_range=report_range),
        training_started=started,
        training_finished=finished,
        is_demo=_is_demo(),
    )


# -------------------------------------------------------------------------- areas report


@dataclass
class AreasReport:
    range: ReportRange
    generated_at: dt.datetime
    as_of: dt.date
    areas: list[Area]
    represented: list[Area]
    specialties: list[Specialty]
    joined: dict[int | None, int]
    unassigned: Area | None
    is_demo: bool

    @property
    def gaps(self) -> list[Specialty]:
        return [s for s in self.specialties if s.is_gap]

    @property
    def represented_specialties(self) -> int:
        return sum(1 for s in self.specialties if not s.is_gap)

    @property
    def active_total(self) -> int:
        return sum(a.active for a in self.represented)

    @property
    def chart_data(self) -> dict[str, Any]:
        shown = self.represented[:20]
        return {
            "active_by_area": {
                "title": "Active ambassadors",
                "labels": [a.name for a in shown],
                "values": [a.active for a in shown],
            },
            "specialties": {
                "title": "Active ambassadors",
                "labels": [f"#{s.national_rank} {s.name}" for s in self.specialties],
                "values": [s.active for s in self.specialties],
            },
        }


NO_DEPARTMENT = "No department"


def areas_report(*, report_range: ReportRange) -> AreasReport:
    """Departments and service lines with active ambassadors on the range's last day,
    their headcount and audience, and which ranked specialties have none."""
    as_of = report_range.end
    members = report_members()
    active = {m.ambassador_id: m for m in members if m.status_on(as_of) == F.ACTIVE}
    headcount: dict[int | None, int] = defaultdict(int)
    for member in active.values():
        headcount[member.department_id] += 1
    joined: dict[int | None, int] = defaultdict(int)
    for member in members:
        if member.joined_on is not None and report_range.start <= member.joined_on <= as_of:
            joined[member.department_id] += 1
    department_of = {m.ambassador_id: m.department_id for m in members}
    audience: dict[int | None, int] = defaultdict(int)
    measured: dict[int | None, int] = defaultdict(int)
    for level in report_levels(points=[as_of]):
        if level.ambassador_id in active:
            department = department_of[level.ambassador_id]
            audience[department] += level.followers
            measured[department] += 1
    rows = Department.objects.order_by("name", "id").values_list(
        "id", "name", "entity__name", "specialty", "national_rank", "rank_year"
    )
    areas = [
        Area(
            department_id=pk,
            name=name,
            entity=entity,
            specialty=specialty,
            national_rank=rank,
            rank_year=year,
            active=headcount.get(pk, 0),
            audience=audience[pk] if measured.get(pk) else None,
            measured=measured.get(pk, 0),
        )
        for pk, name, entity, specialty, rank, year in rows
    ]
    unassigned = None
    if headcount.get(None):
        unassigned = Area(
            department_id=None,
            name=NO_DEPARTMENT,
            entity="",
            specialty="",
            national_rank=None,
            rank_year=None,
            active=headcount[None],
            audience=audience[None] if measured.get(None) else None,
            measured=measured.get(None, 0),
        )
    represented = F.areas_represented([*areas, *([unassigned] if unassigned else [])])
    return AreasReport(
        range=report_range,
        generated_at=timezone.localtime(),
        as_of=as_of,
        areas=areas,
        represented=represented,
        specialties=F.ranked_specialties(areas),
        joined=dict(joined),
        unassigned=unassigned,
        is_demo=_is_demo(),
    )


# ---------------------------------------------------------------------- the monthly mail


def monthly_runs(*, limit: int = 12) -> list[MonthlyReportRun]:
    return list(MonthlyReportRun.objects.order_by("-month")[:limit])


def delivery_list() -> Any:
    return MonthlyReportDelivery.objects.select_related("user").order_by("-month", "email")


@dataclass(frozen=True)
class RecipientRow:
    """One user the monthly e-mail concerns, whether they receive it, and why (not)."""

    user: Any
    is_leadership: bool
    choice: str | None
    receives: bool
    reason: str


def _recipient_row(user: Any) -> RecipientRow:
    try:
        choice: str | None = user.report_recipient.choice
    except ReportRecipient.DoesNotExist:
        choice = None
    is_leadership = Role.LEADERSHIP in user_roles(user)
    if choice == RecipientChoice.UNSUBSCRIBED:
        return RecipientRow(user, is_leadership, choice, False, "taken off the list by an admin")
    wanted = choice == RecipientChoice.SUBSCRIBED or is_leadership
    why = "added by an admin" if choice == RecipientChoice.SUBSCRIBED else "leadership (default)"
    if not wanted:
        return RecipientRow(user, is_leadership, choice, False, "not on the list")
    if not user.is_active:
        return RecipientRow(user, is_leadership, choice, False, "the account is deactivated")
    if not user.email:
        return RecipientRow(user, is_leadership, choice, False, "no e-mail address")
    if not user_may_view_reports(user=user):
        return RecipientRow(
            user, is_leadership, choice, False, "no longer a program admin or leadership"
        )
    return RecipientRow(user, is_leadership, choice, True, why)


def recipient_rows() -> list[RecipientRow]:
    """Leadership users (who receive the report unless taken off) and every user an admin
    made a choice for, by username (two queries)."""
    users = (
        get_user_model()
        .objects.filter(Q(groups__name=Role.LEADERSHIP) | Q(report_recipient__isnull=False))
        .distinct()
        .select_related("report_recipient")
        .prefetch_related("groups")
        .order_by("username")
    )
    return [_recipient_row(user) for user in users]


def monthly_recipients() -> list[RecipientRow]:
    """The users the monthly report goes to now."""
    return [row for row in recipient_rows() if row.receives]


def recipient_candidates() -> list[Any]:
    """Active program admins and leadership with an e-mail who do not receive it now."""
    receiving = {row.user.pk for row in monthly_recipients()}
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__name__in=[Role.LEADERSHIP, Role.PROGRAM_ADMIN]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )
    return [user for user in users if user.pk not in receiving]
