"""Reads for governance: the registry, the audit's figures, freezes, account requests,
actions and attestations, each scoped to what the user may see.

Who sees what (docs/governance.md):
- the registry (pages and API): program admins and leadership every entry, nominators the
  entries of their departments; owners see theirs on "My unit accounts";
- the audit and the actions: program admins and leadership;
- freezes: everyone signed in reads them (a requester should know before asking);
- account requests: admins and leadership all of them, everyone else their own.

Performance: the audit asks the database for a handful of grouped results (one row per
account and period), never for the snapshots themselves; see `audit_inputs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Lower, TruncMonth
from django.http import Http404
from django.utils import timezone

from whitecoat.governance.audit import (
    DORMANCY_DAYS,
    SMALL_FOLLOWERS,
    AccountInput,
    Audit,
    Period,
    PeriodFigures,
    audit_compute,
    sort_rows,
)
from whitecoat.governance.enums import (
    AccountRequestState,
    ActionState,
    ImportState,
    OwnerProblem,
    RegistryStatus,
)
from whitecoat.governance.models import (
    ATTESTATION_DAYS,
    AccountAction,
    AccountFreeze,
    AccountRequest,
    AccountRequestChange,
    Attestation,
    GovernanceSettings,
    RegisteredAccount,
    RegistryEvent,
    RegistryImport,
)
from whitecoat.governance.registry_file import FileError, RegistryFile, registry_file_parse
from whitecoat.imports.parsers.base import RowError
from whitecoat.imports.parsers.values import normalise_handle
from whitecoat.metrics.enums import MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Department, Entity, Person
from whitecoat.organizations.roles import user_is_admin, user_roles, user_sees_everything
from whitecoat.organizations.selectors import department_ids_nominated_by
from whitecoat.training.models import PolicyVersion
from whitecoat.training.selectors import current_policy_versions

DEFAULT_POLICY_SLUG = "social-media-usage-procedure"
PLATFORM_LABELS = dict(Platform.choices)
STATUS_LABELS = dict(RegistryStatus.choices)
SOURCE_LABELS = dict(MetricSource.choices)

# ------------------------------------------------------------------------ who may do what


def user_may_manage_registry(*, user: Any) -> bool:
    return user_is_admin(user)


def user_may_read_registry(*, user: Any) -> bool:
    return bool(user_roles(user) & {Role.PROGRAM_ADMIN, Role.LEADERSHIP, Role.NOMINATOR})


def user_may_audit(*, user: Any) -> bool:
    return user_sees_everything(user)


# ------------------------------------------------------------------------------ registry


@dataclass(frozen=True)
class RegistryFilters:
    search: str = ""
    entity_id: int | None = None
    department_id: int | None = None
    platform: str = ""
    status: str = ""
    problem: str = ""


def entity_and_descendants(entity_id: int) -> list[int]:
    """The entity and every entity below it (entities are few: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Entity.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [entity_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def entity_ancestors(entity_id: int) -> list[int]:
    """The entity and every entity above it, nearest first."""
    parents = dict(Entity.objects.values_list("id", "parent_id"))
    chain: list[int] = []
    current: int | None = entity_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def _latest_followers(field: str) -> Subquery:
    rows = MetricSnapshot.objects.filter(account_id=OuterRef("account_id"), followers__isnull=False)
    return Subquery(rows.order_by("-date").values(field)[:1])


def _last_post_at() -> Subquery:
    rows = Post.objects.filter(account_id=OuterRef("account_id"))
    return Subquery(rows.order_by("-published_at").values("published_at")[:1])


def _last_posting_day() -> Subquery:
    rows = MetricSnapshot.objects.filter(account_id=OuterRef("account_id"), posts_published__gt=0)
    return Subquery(rows.order_by("-date").values("date")[:1])


def _last_attested() -> Subquery:
    """When the current owner or backup owner last confirmed the account."""
    rows = Attestation.objects.filter(entry_id=OuterRef("pk")).filter(
        Q(person_id=OuterRef("owner_id")) | Q(person_id=OuterRef("backup_owner_id"))
    )
    return Subquery(rows.order_by("-confirmed_at").values("confirmed_at")[:1])


def _entries() -> QuerySet[RegisteredAccount]:
    return RegisteredAccount.objects.select_related(
        "account",
        "account__unit_department",
        "account__unit_department__entity",
        "account__unit_entity",
        "owner",
        "owner__user",
        "backup_owner",
        "backup_owner__user",
    ).annotate(
        latest_followers=_latest_followers("followers"),
        latest_date=_latest_followers("date"),
        last_post_at=_last_post_at(),
        last_posting_day=_last_posting_day(),
        last_attested=_last_attested(),
    )


def _scoped(entries: QuerySet[RegisteredAccount], user: Any) -> QuerySet[RegisteredAccount]:
    if user_sees_everything(user):
        return entries
    if user_may_read_registry(user=user):
        departments = department_ids_nominated_by(user=user)
        return entries.filter(account__unit_department_id__in=departments)
    return entries.none()


def attestation_cutoff(today: dt.date | None = None) -> dt.datetime:
    """Confirmations before this are overdue: one confirmed on day D is due again on
    D + ATTESTATION_DAYS (the model's `attestation_due_on`) and overdue from that day."""
    today = today or timezone.localdate()
    start = dt.datetime.combine(today - dt.timedelta(days=ATTESTATION_DAYS - 1), dt.time())
    return timezone.make_aware(start)


def _problem_q(problem: str) -> Q:
    departed = Q(owner__user__isnull=False, owner__user__is_active=False)
    overdue = Q(last_attested__isnull=True) | Q(last_attested__lt=attestation_cutoff())
    conditions = {
        OwnerProblem.NO_OWNER: Q(owner__isnull=True),
        OwnerProblem.DEPARTED: departed,
        OwnerProblem.NO_BACKUP: Q(backup_owner__isnull=True),
        OwnerProblem.OVERDUE: overdue & ~Q(status=RegistryStatus.ARCHIVED),
    }
    if problem == OwnerProblem.ANY:
        return (
            Q(owner__isnull=True)
            | departed
            | Q(backup_owner__isnull=True)
            | (overdue & ~Q(status=RegistryStatus.ARCHIVED))
        )
    return conditions.get(problem, Q())  # type: ignore[call-overload]


def registry_list(
    *, user: Any, filters: RegistryFilters | None = None
) -> QuerySet[RegisteredAccount]:
    """Registry entries with their latest followers, last post and last confirmation."""
    filters = filters or RegistryFilters()
    entries = _scoped(_entries(), user)
    for word in filters.search.split():
        entries = entries.filter(
            Q(account__handle__icontains=word)
            | Q(purpose__icontains=word)
            | Q(owner__first_name__icontains=word)
            | Q(owner__last_name__icontains=word)
            | Q(owner__email__icontains=word)
        )
    if filters.entity_id:
        entities = entity_and_descendants(filters.entity_id)
        entries = entries.filter(
            Q(account__unit_entity_id__in=entities)
            | Q(account__unit_department__entity_id__in=entities)
        )
    if filters.department_id:
        entries = entries.filter(account__unit_department_id=filters.department_id)
    if filters.platform:
        entries = entries.filter(account__platform=filters.platform)
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.problem:
        entries = entries.filter(_problem_q(filters.problem))
    return entries.order_by("account__platform", Lower("account__handle"), "id")


def registry_get(*, user: Any, entry_id: int) -> RegisteredAccount:
    try:
        return registry_list(user=user).get(pk=entry_id)
    except RegisteredAccount.DoesNotExist:
        raise Http404("No such registry entry.") from None


def registry_for_account(*, account: SocialAccount) -> RegisteredAccount | None:
    return RegisteredAccount.objects.filter(account=account).first()


def unregistered_unit_accounts() -> QuerySet[SocialAccount]:
    """Institutional accounts not yet in the registry (to register them)."""
    return (
        SocialAccount.objects.filter(ambassador__isnull=True)
        .exclude(Exists(RegisteredAccount.objects.filter(account_id=OuterRef("pk"))))
        .select_related("unit_department", "unit_entity")
        .order_by("platform", Lower("handle"))
    )


def registry_history(*, entry: RegisteredAccount) -> list[RegistryEvent]:
    return list(entry.events.select_related("by", "batch").order_by("-at", "-id"))


def registry_actions(*, entry: RegisteredAccount) -> list[AccountAction]:
    return list(
        entry.actions.select_related("merge_into__account", "hand_over_to", "decided_by")
        .prefetch_related("changes__changed_by")
        .order_by("-created_at", "-id")
    )


def registry_attestations(*, entry: RegisteredAccount) -> list[Attestation]:
    return list(
        entry.attestations.select_related("person", "confirmed_by").order_by("-confirmed_at")[:10]
    )


def registry_last_post(*, entry: RegisteredAccount) -> Post | None:
    return Post.objects.filter(account_id=entry.account_id).order_by("-published_at").first()


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date
    followers: int | None
    posts: int | None
    engagements: int | None
    sources: str


@dataclass(frozen=True)
class Numbers:
    """An account's figures over time: a chart of followers and a table by month."""

    chart: dict[str, Any]
    months: list[MonthFigures]
    first_day: dt.date | None
    last_day: dt.date | None


def registry_numbers(*, entry: RegisteredAccount, months: int = 24) -> Numbers:
    """Followers at each month's end and the month's posts and engagements, from the
    snapshots, in two grouped queries (never every snapshot)."""
    snapshots = MetricSnapshot.objects.filter(account_id=entry.account_id)
    last = snapshots.aggregate(d=Max("date"))["d"]
    if last is None:
        return Numbers({"labels": [], "series": []}, [], None, None)
    first_month = (last.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    window = snapshots.filter(date__gte=first_month)
    grouped = (
        window.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            posts=Sum("posts_published"),
            engagements=Sum("engagements"),
            last_day=Max("date", filter=Q(followers__isnull=False)),
            first_source=Min("source"),
            last_source=Max("source"),
        )
        .order_by("month")
    )
    rows = list(grouped)
    days = [row["last_day"] for row in rows if row["last_day"] is not None]
    followers = dict(window.filter(date__in=days).values_list("date", "followers").order_by())
    table = []
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        sources = {s for s in (row["first_source"], row["last_source"]) if s}
        table.append(
            MonthFigures(
                month=month,
                followers=followers.get(row["last_day"]) if row["last_day"] else None,
                posts=row["posts"],
                engagements=row["engagements"],
                sources=", ".join(sorted(SOURCE_LABELS.get(s, s) for s in sources)),
            )
        )
    chart = {
        "labels": [f"{m.month:%b %Y}" for m in table],
        "series": [{"label": "Followers at the month's end", "data": [m.followers for m in table]}],
    }
    first_day = snapshots.aggregate(d=Min("date"))["d"]
    return Numbers(chart, list(reversed(table)), first_day, last)


# ----------------------------------------------------------------------------- the audit


@dataclass(frozen=True)
class AuditFilters:
    entity_id: int | None = None
    department_id: int | None = None
    platform: str = ""
    include_archived: bool = False


def _adapt(day: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_int(value: Any) -> int | None:
    return None if value is None else int(value)


def period_figures(
    *, population: QuerySet[RegisteredAccount], period: Period
) -> dict[int, PeriodFigures]:
    """Every population account's figures in the period, by account id, in one query.

    The grouped part reads each account's snapshots inside the period once, through the
    (account, date) index: the first and last day with a follower count and the sums of
    posts and engagements; the two joins then read the follower counts of exactly those
    two days. `b CROSS JOIN s` pins SQLite's join order, as in the leaderboard.
    """
    ids_sql, ids_params = population.values_list("account_id").query.sql_with_params()
    table = connection.ops.quote_name(MetricSnapshot._meta.db_table)
    sql = f"""
        WITH b (account_id) AS ({ids_sql}),
        g AS (
            SELECT s.account_id AS account_id,
                   MIN(CASE WHEN s.followers IS NOT NULL THEN s.date END) AS first_day,
                   MAX(CASE WHEN s.followers IS NOT NULL THEN s.date END) AS last_day,
                   SUM(CASE WHEN s.date > %s THEN s.engagements END) AS engagements,
                   SUM(CASE WHEN s.date > %s THEN s.posts_published END) AS posts,
                   COUNT(CASE WHEN s.date > %s THEN s.posts_published END) AS posting_days
            FROM b CROSS JOIN {table} s
            WHERE s.account_id = b.account_id AND s.date >= %s AND s.date <= %s
            GROUP BY s.account_id
        )
        SELECT g.account_id, g.first_day, f.followers, g.last_day, l.followers,
               g.engagements, g.posts, g.posting_days
        FROM g
        LEFT JOIN {table} f ON f.account_id = g.account_id AND f.date = g.first_day
        LEFT JOIN {table} l ON l.account_id = g.account_id AND l.date = g.last_day
    """
    opening = _adapt(period.opening)
    params = [*ids_params, opening, opening, opening, opening, _adapt(period.closing)]
    found: dict[int, PeriodFigures] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for aid, first, f_open, last, f_close, eng, posts, days in cursor.fetchall():
            found[aid] = PeriodFigures(
                opening_date=_as_date(first),
                opening_followers=_as_int(f_open),
                closing_date=_as_date(last),
                closing_followers=_as_int(f_close),
                engagements=_as_int(eng),
                posts=_as_int(posts),
                posting_days=int(days or 0),
            )
    return found


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def audit_population(
    *, user: Any, filters: AuditFilters | None = None
) -> QuerySet[RegisteredAccount]:
    filters = filters or AuditFilters()
    entries = _scoped(RegisteredAccount.objects.all(), user)
    if not filters.include_archived:
        entries = entries.exclude(status=RegistryStatus.ARCHIVED)
    if filters.entity_id:
        entities = entity_and_descendants(filters.entity_id)
        entries = entries.filter(
            Q(account__unit_entity_id__in=entities)
            | Q(account__unit_department__entity_id__in=entities)
        )
    if filters.department_id:
        entries = entries.filter(account__unit_department_id=filters.department_id)
    if filters.platform:
        entries = entries.filter(account__platform=filters.platform)
    return entries.order_by()


def audit_inputs(
    *, population: QuerySet[RegisteredAccount], first: Period, second: Period
) -> list[AccountInput]:
    """What the pure audit needs, in five queries whatever the number of accounts: who the
    accounts are; their figures in each period; their stored posts per period; and their
    last day with a post."""
    meta = list(
        population.values(
            "id",
            "account_id",
            "account__platform",
            "account__handle",
            "account__opened_on",
            "account__unit_department_id",
            "account__unit_department__name",
            "account__unit_entity_id",
            "account__unit_entity__name",
            "status",
            "owner_id",
            "owner__first_name",
            "owner__last_name",
            "owner__user__is_active",
            "backup_owner_id",
            "backup_owner__first_name",
            "backup_owner__last_name",
            "backup_owner__user__is_active",
        ).order_by("id")
    )
    figures1 = period_figures(population=population, period=first)
    figures2 = period_figures(population=population, period=second)
    accounts = population.values("account_id")
    end = _day_start(second.end + dt.timedelta(days=1))
    posts = {
        row["account_id"]: row
        for row in Post.objects.filter(account_id__in=accounts, published_at__lt=end)
        .values("account_id")
        .annotate(
            first_rows=Count(
                "id",
                filter=Q(
                    published_at__gte=_day_start(first.start),
                    published_at__lt=_day_start(first.end + dt.timedelta(days=1)),
                ),
            ),
            second_rows=Count("id", filter=Q(published_at__gte=_day_start(second.start))),
            last=Max("published_at"),
            since=Min("published_at"),
        )
        .order_by()
    }
    posting = {
        row["account_id"]: row
        for row in MetricSnapshot.objects.filter(account_id__in=accounts, date__lte=second.end)
        .values("account_id")
        .annotate(
            last=Max("date", filter=Q(posts_published__gt=0)),
            since=Min("date", filter=Q(posts_published__isnull=False)),
        )
        .order_by()
    }
    inputs = []
    for row in meta:
        aid = row["account_id"]
        stored = posts.get(aid)
        daily = posting.get(aid, {})
        post_last = timezone.localdate(stored["last"]) if stored and stored["last"] else None
        post_since = timezone.localdate(stored["since"]) if stored and stored["since"] else None
        last_post = max((d for d in (post_last, daily.get("last")) if d), default=None)
        since = min((d for d in (post_since, daily.get("since")) if d), default=None)
        f1 = figures1.get(aid, PeriodFigures())
        f2 = figures2.get(aid, PeriodFigures())
        if stored is not None:
            f1 = _with_rows(f1, stored["first_rows"])
            f2 = _with_rows(f2, stored["second_rows"])
        department = row["account__unit_department_id"]
        unit_key = f"d{department}" if department else f"e{row['account__unit_entity_id']}"
        unit_name = row["account__unit_department__name"] or row["account__unit_entity__name"]
        platform = row["account__platform"]
        label = f"{PLATFORM_LABELS.get(platform, platform)} {row['account__handle']}"
        inputs.append(
            AccountInput(
                entry_id=row["id"],
                label=label,
                unit_key=unit_key,
                unit_name=unit_name or "",
                platform=platform,
                platform_label=PLATFORM_LABELS.get(platform, platform),
                status=row["status"],
                status_label=STATUS_LABELS.get(row["status"], row["status"]),
                created_on=row["account__opened_on"],
                owner_id=row["owner_id"],
                owner_name=_name(row, "owner"),
                owner_departed=row["owner__user__is_active"] is False,
                backup_id=row["backup_owner_id"],
                backup_name=_name(row, "backup_owner"),
                backup_departed=row["backup_owner__user__is_active"] is False,
                first=f1,
                second=f2,
                last_post=last_post,
                tracked_since=since,
            )
        )
    return inputs


def _name(row: dict[str, Any], prefix: str) -> str:
    first, last = row[f"{prefix}__first_name"], row[f"{prefix}__last_name"]
    return f"{first} {last}" if first or last else ""


def _with_rows(figures: PeriodFigures, rows: int) -> PeriodFigures:
    return PeriodFigures(
        opening_date=figures.opening_date,
        opening_followers=figures.opening_followers,
        closing_date=figures.closing_date,
        closing_followers=figures.closing_followers,
        engagements=figures.engagements,
        posts=figures.posts,
        posting_days=figures.posting_days,
        post_rows=rows,
    )


@dataclass(frozen=True)
class AuditPage:
    """The audit, its rows in the chosen order, and each account's latest decision."""

    audit: Audit
    rows: list[Any]
    decisions: dict[int, AccountAction]


def audit_run(
    *,
    user: Any,
    first: Period,
    second: Period,
    dormancy_days: int = DORMANCY_DAYS,
    small: int = SMALL_FOLLOWERS,
    filters: AuditFilters | None = None,
    sort: str = "account",
) -> AuditPage:
    """The audit of the accounts the filters select, over the two periods."""
    if not user_may_audit(user=user):
        raise Http404("No audit here.")
    population = audit_population(user=user, filters=filters)
    audit = audit_compute(
        audit_inputs(population=population, first=first, second=second),
        first=first,
        second=second,
        dormancy_days=dormancy_days,
        small=small,
    )
    decisions: dict[int, AccountAction] = {}
    actions = (
        AccountAction.objects.filter(entry_id__in=population.values("id"))
        .select_related("decided_by")
        .order_by("entry_id", "-created_at", "-id")
    )
    for action in actions:
        decisions.setdefault(action.entry_id, action)
    return AuditPage(audit, sort_rows(audit.rows, sort), decisions)


# ------------------------------------------------------------------------------ actions


def action_list(*, user: Any, state: str = ActionState.OPEN, kind: str = "") -> QuerySet:
    if not user_may_audit(user=user):
        return AccountAction.objects.none()
    actions = AccountAction.objects.select_related(
        "entry__account",
        "entry__account__unit_department",
        "entry__account__unit_entity",
        "merge_into__account",
        "hand_over_to",
        "decided_by",
    )
    if state:
        actions = actions.filter(state=state)
    if kind:
        actions = actions.filter(kind=kind)
    return actions.order_by("-created_at", "-id")


def action_get(*, user: Any, action_id: int) -> AccountAction:
    try:
        return action_list(user=user, state="").get(pk=action_id)
    except AccountAction.DoesNotExist:
        raise Http404("No such action.") from None


# ------------------------------------------------------------------------------ freezes


def freeze_list(*, show: str = "current", today: dt.date | None = None) -> QuerySet:
    """Freezes in force or to come ("current"), ended ones ("ended") or all."""
    today = today or timezone.localdate()
    freezes = AccountFreeze.objects.select_related("entity", "created_by", "ended_by")
    current = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    if show == "current":
        freezes = freezes.filter(current)
    elif show == "ended":
        freezes = freezes.exclude(current)
    return freezes.order_by("-effective_on", "-id")


def freeze_get(*, freeze_id: int) -> AccountFreeze:
    try:
        return freeze_list(show="all").get(pk=freeze_id)
    except AccountFreeze.DoesNotExist:
        raise Http404("No such freeze.") from None


def freeze_applying(*, entity_id: int, platform: str, on: dt.date) -> AccountFreeze | None:
    """The freeze that stops a new `platform` account of the entity on day `on`, if any:
    one on the entity itself, or on an entity above it that includes its children."""
    chain = entity_ancestors(entity_id)
    freezes = AccountFreeze.objects.filter(
        Q(entity_id=entity_id) | Q(entity_id__in=chain[1:], include_children=True),
        Q(platform="") | Q(platform=platform),
        effective_on__lte=on,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    return freezes.select_related("entity").order_by("effective_on", "id").first()


# ------------------------------------------------------------------------------ requests


def account_request_list(*, user: Any, show: str = "", mine: bool = False) -> QuerySet:
    """Admins and leadership see every request (or their own with `mine`); others theirs."""
    requests = AccountRequest.objects.select_related(
        "requested_by", "unit_department", "unit_entity", "freeze", "decided_by"
    )
    if mine or not user_sees_everything(user):
        requests = requests.filter(requested_by_id=user.pk)
    if show == "open":
        requests = requests.filter(state=AccountRequestState.SUBMITTED)
    elif show in AccountRequestState.values:
        requests = requests.filter(state=show)
    return requests.order_by("-created_at", "-id")


def account_request_get(*, user: Any, request_id: int) -> AccountRequest:
    try:
        return account_request_list(user=user).get(pk=request_id)
    except AccountRequest.DoesNotExist:
        raise Http404("No such request.") from None


def account_request_history(*, request: AccountRequest) -> list[AccountRequestChange]:
    return list(request.changes.select_related("changed_by").order_by("changed_at", "id"))


def request_nominators(*, request: AccountRequest) -> list[Any]:
    """Who may nominate people of the request's department: the chairs to ask."""
    if request.unit_department_id is None:
        return []
    return list(
        request.unit_department.nominators.filter(is_active=True).order_by(  # type: ignore[union-attr]
            "last_name", "first_name", "username"
        )
    )


# --------------------------------------------------------------------------- attestation


def attestation_policy_version() -> PolicyVersion | None:
    """The current version of the policy owners confirm: the one the admins chose, or the
    social media usage procedure."""
    chosen = GovernanceSettings.current().attestation_policy
    versions = current_policy_versions()
    if chosen is not None:
        return versions.filter(policy=chosen).first()
    return versions.filter(policy__slug=DEFAULT_POLICY_SLUG).first()


def my_registry_entries(*, user: Any) -> QuerySet[RegisteredAccount]:
    """The registry entries the user owns or backs up, through their person record."""
    if not user.is_authenticated:
        return RegisteredAccount.objects.none()
    return (
        _entries()
        .filter(Q(owner__user_id=user.pk) | Q(backup_owner__user_id=user.pk))
        .exclude(status=RegistryStatus.ARCHIVED)
        .order_by("account__platform", Lower("account__handle"), "id")
    )


# ------------------------------------------------------------------------------- imports


def registry_import_list() -> QuerySet[RegistryImport]:
    return RegistryImport.objects.select_related("uploaded_by", "committed_by").defer("content")


def registry_import_get(*, import_id: int) -> RegistryImport:
    try:
        return RegistryImport.objects.select_related("uploaded_by", "committed_by").get(
            pk=import_id
        )
    except RegistryImport.DoesNotExist:
        raise Http404("No such import.") from None


def registry_import_seen_before(*, record: RegistryImport) -> RegistryImport | None:
    return (
        RegistryImport.objects.filter(file_hash=record.file_hash, state=ImportState.COMMITTED)
        .exclude(pk=record.pk)
        .defer("content")
        .order_by("-committed_at")
        .first()
    )


def entries_by_ids(ids: Sequence[int]) -> dict[int, RegisteredAccount]:
    return {
        e.pk: e
        for e in RegisteredAccount.objects.filter(pk__in=list(ids)).select_related("account")
    }


# ------------------------------------------------------------------- the import's plan


@dataclass(frozen=True)
class RowValues:
    """A file row resolved against the database: what committing it writes."""

    platform: str
    handle: str
    department: Any  # Department | None
    entity: Any  # Entity | None
    owner: Any  # Person | None
    backup_owner: Any
    purpose: str
    opened_on: dt.date | None
    status: str | None
    profile_url: str
    # Which of owner, backup_owner, purpose, opened_on, profile_url the file gives.
    given: frozenset[str]


@dataclass(frozen=True)
class PlanRow:
    row: int
    action: str  # "create", "update" or "unchanged"
    label: str
    changes: dict[str, tuple[str, str]]
    values: RowValues
    account: SocialAccount | None
    entry: RegisteredAccount | None


@dataclass
class ImportPlan:
    rows: list[PlanRow]
    errors: list[Any]
    rows_read: int
    notes: list[str]
    columns: frozenset[str]
    file_error: str = ""

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def can_commit(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def registry_import_plan(*, record: RegistryImport) -> ImportPlan:
    """What importing the file would do, row by row, with every error (nothing written)."""
    try:
        parsed = registry_file_parse(bytes(record.content), record.file_name)
    except FileError as error:
        return ImportPlan([], [], 0, [], frozenset(), file_error=str(error))
    return registry_plan(parsed)


def registry_plan(parsed: RegistryFile) -> ImportPlan:
    """The plan of a parsed registry file against the database."""
    departments: dict[str, list[Any]] = {}
    for department in Department.objects.select_related("entity"):
        departments.setdefault(department.name.lower(), []).append(department)
    entities: dict[str, Any] = {}
    for entity in Entity.objects.all():
        entities.setdefault(entity.name.lower(), entity)
        if entity.short_name:
            entities.setdefault(entity.short_name.lower(), entity)
    emails = {e for r in parsed.rows for e in (r.owner_email, r.backup_email) if e}
    people = {
        p.email.lower(): p
        for p in Person.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    }
    candidates = set()
    for r in parsed.rows:
        bare = normalise_handle(r.handle)
        candidates |= {bare, f"@{bare}"}
    existing: dict[tuple[str, str], SocialAccount] = {}
    for account in (
        SocialAccount.objects.annotate(lower_handle=Lower("handle"))
        .filter(lower_handle__in=candidates)
        .select_related(
            "ambassador__person",
            "unit_department",
            "unit_entity",
            "registry_entry__owner",
            "registry_entry__backup_owner",
        )
        .order_by("id")
    ):
        existing.setdefault((account.platform, normalise_handle(account.handle)), account)

    errors = list(parsed.errors)
    rows: list[PlanRow] = []
    for r in parsed.rows:
        problems: list[str] = []
        department = entity = None
        if r.entity is not None:
            entity = entities.get(r.entity.lower())
            if entity is None:
                problems.append(f"no entity is named “{r.entity}”")
        if r.department is not None:
            found = departments.get(r.department.lower(), [])
            if entity is not None:
                found = [d for d in found if d.entity_id == entity.pk]
            if not found:
                where = f" in {entity}" if entity is not None else ""
                problems.append(f"no department is named “{r.department}”{where}")
            elif len(found) > 1:
                problems.append(
                    f"several departments are named “{r.department}”: add an entity column"
                )
            else:
                department, entity = found[0], None
        owner = backup = None
        if r.owner_email:
            owner = people.get(r.owner_email)
            if owner is None:
                problems.append(f"no one in the organisation has the e-mail {r.owner_email}")
        if r.backup_email:
            backup = people.get(r.backup_email)
            if backup is None:
                problems.append(f"no one in the organisation has the e-mail {r.backup_email}")
        account = existing.get(r.key)
        if account is not None and account.ambassador_id is not None:
            problems.append(
                f"{account} is {account.ambassador.person.full_name}'s account, "  # type: ignore[union-attr]
                "not an institutional one"
            )
        entry = getattr(account, "registry_entry", None) if account is not None else None
        given = frozenset(
            name
            for name, column in (
                ("owner", "owner_email"),
                ("backup_owner", "backup_email"),
                ("purpose", "purpose"),
                ("opened_on", "created"),
                ("profile_url", "profile_url"),
            )
            if column in parsed.columns
        )
        values = RowValues(
            platform=r.platform,
            handle=r.handle,
            department=department,
            entity=entity,
            owner=owner,
            backup_owner=backup,
            purpose=r.purpose or "",
            opened_on=r.created,
            status=r.status,
            profile_url=r.profile_url or "",
            given=given,
        )
        owner_after = owner if "owner" in given else (entry.owner if entry else None)
        kept_backup = entry.backup_owner if entry else None
        backup_after = backup if "backup_owner" in given else kept_backup
        if owner_after is not None and owner_after == backup_after:
            problems.append(f"{owner_after.full_name} would be both the owner and the backup owner")
        if problems:
            errors.extend(RowError(r.row, problem) for problem in problems)
            continue
        changes = _row_changes(values, account, entry)
        action = "create" if entry is None else "update" if changes else "unchanged"
        handle = account.handle if account else r.handle
        label = f"{PLATFORM_LABELS.get(r.platform, r.platform)} {handle}"
        rows.append(PlanRow(r.row, action, label, changes, values, account, entry))
    errors.sort(key=lambda e: (e.row, e.message))
    return ImportPlan(rows, errors, parsed.rows_read, parsed.notes, parsed.columns)


def _row_changes(
    values: RowValues, account: SocialAccount | None, entry: RegisteredAccount | None
) -> dict[str, tuple[str, str]]:
    """Field label → (before, after) for what committing the row would change."""
    changes: dict[str, tuple[str, str]] = {}

    def compare(label: str, before: Any, after: Any) -> None:
        if (before or None) != (after or None):
            changes[label] = (_text(before), _text(after))

    unit_after = values.department or values.entity
    unit_before = (account.unit_department or account.unit_entity) if account else None
    compare("Unit", unit_before, unit_after)
    if "opened_on" in values.given:
        compare("Created", account.opened_on if account else None, values.opened_on)
    if "profile_url" in values.given:
        compare("Profile URL", account.profile_url if account else "", values.profile_url)
    if "owner" in values.given:
        compare("Owner", entry.owner if entry else None, values.owner)
    if "backup_owner" in values.given:
        compare("Backup owner", entry.backup_owner if entry else None, values.backup_owner)
    if "purpose" in values.given:
        compare("Purpose", entry.purpose if entry else "", values.purpose)
    status_before = entry.status if entry else None
    status_after = values.status or status_before or RegistryStatus.ACTIVE
    if status_before != status_after:
        labels = dict(RegistryStatus.choices)
        changes["Status"] = (
            labels.get(status_before, "—") if status_before else "—",
            labels[status_after],
        )
    return changes
