"""Reads of the training app, scoped to what the user may see.

`ambassador_readiness` is the contract the pipeline's transition rules use: it is the only
thing `whitecoat.program` imports from here.

Definitions:
- a course is *done* for an ambassador when every one of its published modules is
  complete (so a course with no published module is done);
- the courses an ambassador must take are the published course(s) for each platform
  chosen at intake, plus the published courses with no platform (professionalism and
  policy). A chosen platform with no published course has nothing to take;
- a policy's *current* version is its latest published one;
- a platform's checklist is *complete* when every required item is checked; the
  "views are my own" item is required only while a current policy version asks for it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.roles import user_is_admin, user_sees_everything
from whitecoat.organizations.selectors import department_ids_nominated_by
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador, PlatformChoice
from whitecoat.program.selectors import ambassador_for_user, ambassador_list
from whitecoat.training.enums import (
    CHECKLIST_HELP,
    Attendance,
    ChecklistItemKind,
    SessionState,
)
from whitecoat.training.invitations import program_zone
from whitecoat.training.models import (
    ChecklistItem,
    Course,
    Module,
    ModuleCompletion,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    SessionInvitation,
    TrainingSession,
)

PLATFORM_ORDER = {value: index for index, value in enumerate(Platform.values)}
# Who the admins expect to have acknowledged the current policies.
ACKNOWLEDGING_STATUSES = [AmbassadorStatus.ONBOARDING, AmbassadorStatus.ACTIVE]


# ------------------------------------------------------------------------ curriculum


def course_list(*, user: Any) -> QuerySet[Course]:
    """Published courses for everyone; admins also see drafts. With published module counts."""
    courses = Course.objects.annotate(
        module_count=Count("modules", filter=Q(modules__is_published=True), distinct=True)
    )
    if not user_is_admin(user):
        courses = courses.filter(is_published=True)
    return courses.order_by("position", "title", "id")


def course_list_with_modules(*, user: Any) -> QuerySet[Course]:
    """The courses the user may read, each with the modules they may read, in order."""
    modules = Module.objects.order_by("position", "id")
    if not user_is_admin(user):
        modules = modules.filter(is_published=True)
    return course_list(user=user).prefetch_related(Prefetch("modules", queryset=modules))


def course_get(*, user: Any, slug: str) -> Course:
    try:
        return course_list(user=user).get(slug=slug)
    except Course.DoesNotExist:
        raise Http404("No such course.") from None


def module_list(*, user: Any, course: Course) -> QuerySet[Module]:
    modules = course.modules.all()
    if not user_is_admin(user):
        modules = modules.filter(is_published=True)
    return modules.order_by("position", "id")


def module_get(*, user: Any, module_id: int) -> Module:
    modules = Module.objects.select_related("course")
    if not user_is_admin(user):
        modules = modules.filter(is_published=True, course__is_published=True)
    try:
        return modules.get(pk=module_id)
    except Module.DoesNotExist:
        raise Http404("No such module.") from None


def module_neighbours(*, user: Any, module: Module) -> tuple[Module | None, Module | None]:
    modules = list(module_list(user=user, course=module.course))
    index = next((i for i, m in enumerate(modules) if m.pk == module.pk), None)
    if index is None:
        return None, None
    before = modules[index - 1] if index > 0 else None
    after = modules[index + 1] if index + 1 < len(modules) else None
    return before, after


def completions_for(*, ambassador: Ambassador | None) -> dict[int, ModuleCompletion]:
    """The ambassador's completions by module id (empty for no ambassador)."""
    if ambassador is None:
        return {}
    return {c.module_id: c for c in ModuleCompletion.objects.filter(ambassador=ambassador)}


def completed_counts(*, ambassador: Ambassador | None) -> dict[int, int]:
    """How many published modules of each course the ambassador has completed."""
    if ambassador is None:
        return {}
    rows = (
        ModuleCompletion.objects.filter(ambassador=ambassador, module__is_published=True)
        .values("module__course_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["module__course_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class CurriculumRow:
    """A course on the curriculum page, with the viewer's progress if they are an ambassador."""

    course: Course
    done: int | None

    @property
    def total(self) -> int:
        return self.course.module_count

    @property
    def is_done(self) -> bool:
        return self.done is not None and self.done >= self.total


def curriculum(*, user: Any) -> list[CurriculumRow]:
    ambassador = ambassador_for_user(user=user)
    done = completed_counts(ambassador=ambassador)
    return [
        CurriculumRow(course, done.get(course.pk, 0) if ambassador else None)
        for course in course_list(user=user)
    ]


# ---------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class ModuleStatus:
    module: Module
    completion: ModuleCompletion | None

    @property
    def is_complete(self) -> bool:
        return self.completion is not None


@dataclass(frozen=True)
class CourseProgress:
    """One required course and how far the ambassador is through its published modules."""

    course: Course
    modules: list[ModuleStatus]

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def done(self) -> int:
        return sum(1 for status in self.modules if status.is_complete)

    @property
    def is_done(self) -> bool:
        return self.done == self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def audience(self) -> str:
        return self.course.get_platform_display() if self.course.platform else "Everyone"


def _chosen(ambassador: Ambassador) -> list[PlatformChoice]:
    choices = list(PlatformChoice.objects.filter(ambassador=ambassador))
    return sorted(choices, key=lambda c: PLATFORM_ORDER.get(c.platform, 99))


def _progress(ambassador: Ambassador, platforms: list[str]) -> list[CourseProgress]:
    courses = (
        Course.objects.filter(is_published=True)
        .filter(Q(platform__isnull=True) | Q(platform__in=platforms))
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.filter(is_published=True).order_by("position", "id"),
            )
        )
        .order_by("position", "title", "id")
    )
    completions = completions_for(ambassador=ambassador)
    return [
        CourseProgress(
            course=course,
            modules=[ModuleStatus(m, completions.get(m.pk)) for m in course.modules.all()],
        )
        for course in courses
    ]


def training_progress(*, ambassador: Ambassador) -> list[CourseProgress]:
    """The courses the ambassador must take — everyone's first, then their platforms' —
    each with its published modules and which are complete."""
    return _progress(ambassador, [c.platform for c in _chosen(ambassador)])


# ---------------------------------------------------------------------------- policies


def current_policy_versions() -> QuerySet[PolicyVersion]:
    """Each policy's latest published version."""
    latest = (
        PolicyVersion.objects.filter(policy=OuterRef("policy"), published_at__isnull=False)
        .order_by("-published_at", "-id")
        .values("pk")[:1]
    )
    return (
        PolicyVersion.objects.filter(published_at__isnull=False, pk=Subquery(latest))
        .select_related("policy")
        .order_by("policy__title")
    )


def disclaimer_required() -> bool:
    """Whether a current policy asks for “views are my own” in professional bios."""
    return current_policy_versions().filter(asks_disclaimer=True).exists()


@dataclass(frozen=True)
class PolicyStatus:
    version: PolicyVersion
    acknowledgement: PolicyAcknowledgement | None

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledgement is not None


def _policy_statuses(*, ambassador: Ambassador | None, user: Any = None) -> list[PolicyStatus]:
    versions = list(current_policy_versions())
    acknowledgements = PolicyAcknowledgement.objects.filter(version__in=versions)
    if ambassador is not None:
        acknowledgements = acknowledgements.filter(ambassador=ambassador)
    elif user is not None and user.is_authenticated:
        acknowledgements = acknowledgements.filter(ambassador__isnull=True, user=user)
    else:
        acknowledgements = acknowledgements.none()
    by_version = {a.version_id: a for a in acknowledgements}
    return [PolicyStatus(version, by_version.get(version.pk)) for version in versions]


def policy_statuses(*, user: Any) -> list[PolicyStatus]:
    """The current versions, acknowledged or not by the user (as an ambassador if they are)."""
    ambassador = ambassador_for_user(user=user)
    return _policy_statuses(ambassador=ambassador, user=user)


def policies_to_acknowledge(*, user: Any) -> list[PolicyVersion]:
    return [s.version for s in policy_statuses(user=user) if not s.is_acknowledged]


def policy_get(*, user: Any, slug: str) -> Policy:
    try:
        return Policy.objects.get(slug=slug)
    except Policy.DoesNotExist:
        raise Http404("No such policy.") from None


def policy_versions(*, user: Any, policy: Policy) -> QuerySet[PolicyVersion]:
    """A policy's versions, newest first; drafts only for admins."""
    versions = policy.versions.select_related("published_by")
    if not user_is_admin(user):
        versions = versions.filter(published_at__isnull=False)
    return versions.order_by("-published_at", "-id")


def policy_version_get(*, user: Any, version_id: int) -> PolicyVersion:
    versions = PolicyVersion.objects.select_related("policy", "published_by")
    if not user_is_admin(user):
        versions = versions.filter(published_at__isnull=False)
    try:
        return versions.get(pk=version_id)
    except PolicyVersion.DoesNotExist:
        raise Http404("No such policy version.") from None


def policy_version_is_current(*, version: PolicyVersion) -> bool:
    return current_policy_versions().filter(pk=version.pk).exists()


@dataclass(frozen=True)
class AcknowledgementReport:
    """Who, among onboarding and active ambassadors, has acknowledged a version."""

    version: PolicyVersion
    missing: list[Ambassador]
    acknowledged: list[PolicyAcknowledgement]


def policy_acknowledgement_report(*, user: Any, version: PolicyVersion) -> AcknowledgementReport:
    if not user_sees_everything(user):
        raise Http404("No such report.")
    missing = (
        Ambassador.objects.filter(status__in=ACKNOWLEDGING_STATUSES)
        .exclude(policy_acknowledgements__version=version)
        .select_related("person", "person__department", "cohort")
        .order_by("person__last_name", "person__first_name", "id")
    )
    acknowledged = version.acknowledgements.select_related(
        "ambassador__person", "ambassador__person__department", "user"
    ).order_by("-acknowledged_at", "-id")
    return AcknowledgementReport(version, list(missing), list(acknowledged))


def policy_missing_counts(*, versions: list[PolicyVersion]) -> dict[int, int]:
    """For each version, how many onboarding or active ambassadors have not acknowledged it."""
    expected = Ambassador.objects.filter(status__in=ACKNOWLEDGING_STATUSES)
    total = expected.count()
    rows = (
        PolicyAcknowledgement.objects.filter(
            version__in=versions, ambassador__status__in=ACKNOWLEDGING_STATUSES
        )
        .values("version_id")
        .annotate(n=Count("ambassador", distinct=True))
        .order_by()
    )
    done = {row["version_id"]: row["n"] for row in rows}
    return {version.pk: total - done.get(version.pk, 0) for version in versions}


@dataclass(frozen=True)
class PolicyRow:
    policy: Policy
    status: PolicyStatus | None  # None while the policy has no published version
    missing: int | None  # for admins and leadership: who has not acknowledged it yet


def policy_overview(*, user: Any) -> list[PolicyRow]:
    """Every policy with its current version and the user's acknowledgement; policies with
    no published version only for admins."""
    statuses = {s.version.policy_id: s for s in policy_statuses(user=user)}
    missing = (
        policy_missing_counts(versions=[s.version for s in statuses.values()])
        if user_sees_everything(user)
        else {}
    )
    rows = []
    for policy in Policy.objects.order_by("title"):
        status = statuses.get(policy.pk)
        if status is None and not user_is_admin(user):
            continue
        rows.append(PolicyRow(policy, status, missing.get(status.version.pk) if status else None))
    return rows


# --------------------------------------------------------------------------- checklist


@dataclass(frozen=True)
class ChecklistRow:
    kind: ChecklistItemKind
    required: bool
    item: ChecklistItem | None

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def help(self) -> str:
        return CHECKLIST_HELP[self.kind]

    @property
    def checked(self) -> bool:
        return self.item is not None and self.item.is_checked


@dataclass(frozen=True)
class PlatformChecklist:
    """The set-up of one platform chosen at intake, and its professional account if any."""

    choice: PlatformChoice
    account: SocialAccount | None
    rows: list[ChecklistRow]

    @property
    def platform_label(self) -> str:
        return self.choice.get_platform_display()

    @property
    def required_count(self) -> int:
        return sum(1 for row in self.rows if row.required)

    @property
    def done_count(self) -> int:
        return sum(1 for row in self.rows if row.required and row.checked)

    @property
    def is_complete(self) -> bool:
        return self.done_count == self.required_count


def _checklists(
    choices: list[PlatformChoice],
    accounts: list[SocialAccount],
    disclaimer: bool,
) -> list[PlatformChecklist]:
    items: dict[int, dict[str, ChecklistItem]] = defaultdict(dict)
    for item in ChecklistItem.objects.filter(platform_choice__in=choices).select_related(
        "changed_by"
    ):
        items[item.platform_choice_id][item.item] = item
    first_account: dict[str, SocialAccount] = {}
    for account in accounts:
        first_account.setdefault(account.platform, account)
    return [
        PlatformChecklist(
            choice=choice,
            account=first_account.get(choice.platform),
            rows=[
                ChecklistRow(
                    kind=kind,
                    required=disclaimer or kind != ChecklistItemKind.DISCLAIMER,
                    item=items[choice.pk].get(kind.value),
                )
                for kind in ChecklistItemKind
            ],
        )
        for choice in choices
    ]


def _professional_accounts(ambassador: Ambassador) -> list[SocialAccount]:
    return list(
        SocialAccount.objects.filter(ambassador=ambassador, use=AccountUse.PROFESSIONAL).order_by(
            "id"
        )
    )


def ambassador_checklists(*, ambassador: Ambassador) -> list[PlatformChecklist]:
    return _checklists(
        _chosen(ambassador),
        _professional_accounts(ambassador),
        disclaimer_required(),
    )


def platform_choice_get(*, user: Any, choice_id: int) -> PlatformChoice:
    """A platform choice whose checklist the user may see (the ambassador's scope)."""
    visible = ambassador_list(user=user).values("pk")
    try:
        return PlatformChoice.objects.select_related("ambassador__person").get(
            pk=choice_id, ambassador_id__in=visible
        )
    except PlatformChoice.DoesNotExist:
        raise Http404("No such platform.") from None


def checklist_for_choice(*, choice: PlatformChoice) -> PlatformChecklist:
    accounts = [
        a for a in _professional_accounts(choice.ambassador) if a.platform == choice.platform
    ]
    return _checklists([choice], accounts, disclaimer_required())[0]


# --------------------------------------------------------------------------- readiness


@dataclass(frozen=True)
class Readiness:
    """Where an ambassador stands against the pipeline's rules."""

    # Platform values chosen at intake whose course is not done, in Platform order.
    platform_training_missing: list[str]
    # Every published course for everyone (professionalism and policy) is done.
    professionalism_done: bool
    # Titles of the policies whose current version the ambassador has not acknowledged.
    policies_unacknowledged: list[str]
    # Professional accounts of the ambassador whose platform's checklist is complete.
    accounts_set_up: int

    @property
    def ready_for_onboarding(self) -> bool:
        return not self.platform_training_missing and self.professionalism_done

    @property
    def ready_for_active(self) -> bool:
        return (
            self.ready_for_onboarding
            and not self.policies_unacknowledged
            and self.accounts_set_up >= 1
        )


def _readiness(
    choices: list[PlatformChoice],
    progress: list[CourseProgress],
    policies: list[PolicyStatus],
    checklists: list[PlatformChecklist],
    accounts: list[SocialAccount],
) -> Readiness:
    undone_platforms = {p.course.platform for p in progress if p.course.platform and not p.is_done}
    complete_platforms = {c.choice.platform for c in checklists if c.is_complete}
    return Readiness(
        platform_training_missing=[c.platform for c in choices if c.platform in undone_platforms],
        professionalism_done=all(p.is_done for p in progress if p.course.platform is None),
        policies_unacknowledged=[s.version.policy.title for s in policies if not s.is_acknowledged],
        accounts_set_up=sum(1 for a in accounts if a.platform in complete_platforms),
    )


def ambassador_readiness(*, ambassador: Ambassador) -> Readiness:
    """What the pipeline's rules need: training done, policies acknowledged, accounts set up."""
    choices = _chosen(ambassador)
    accounts = _professional_accounts(ambassador)
    policies = _policy_statuses(ambassador=ambassador)
    disclaimer = any(s.version.asks_disclaimer for s in policies)
    return _readiness(
        choices,
        _progress(ambassador, [c.platform for c in choices]),
        policies,
        _checklists(choices, accounts, disclaimer),
        accounts,
    )


# ---------------------------------------------------------------------------- sessions


def _visible_sessions(user: Any) -> Q:
    if user_sees_everything(user):
        return Q()
    invitations = SessionInvitation.objects.filter(
        Q(session__state=SessionState.CANCELLED) | ~Q(attendance=Attendance.CANCELLED)
    ).filter(
        Q(ambassador__person__department_id__in=department_ids_nominated_by(user=user))
        | Q(ambassador__person__user_id=user.pk)
    )
    return Q(pk__in=invitations.values("session_id")) | Q(trainer_id=user.pk)


def session_list(
    *,
    user: Any,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    upcoming: bool | None = None,
) -> QuerySet[TrainingSession]:
    """Admins and leadership see every session; chairs their departments' ambassadors';
    ambassadors their own; trainers the ones they give."""
    sessions = (
        TrainingSession.objects.filter(_visible_sessions(user))
        .select_related("course", "trainer", "trainer__person")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=SessionInvitation.objects.select_related("ambassador__person").order_by(
                    "ambassador__person__last_name", "ambassador__person__first_name", "id"
                ),
            )
        )
    )
    if start is not None:
        sessions = sessions.filter(ends_at__gt=start)
    if end is not None:
        sessions = sessions.filter(starts_at__lt=end)
    now = timezone.now()
    if upcoming is True:
        sessions = sessions.filter(ends_at__gt=now).order_by("starts_at", "id")
    elif upcoming is False:
        sessions = sessions.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        sessions = sessions.order_by("starts_at", "id")
    return sessions


def session_get(*, user: Any, session_id: int) -> TrainingSession:
    try:
        return session_list(user=user).get(pk=session_id)
    except TrainingSession.DoesNotExist:
        raise Http404("No such session.") from None


def invitation_for(*, session: TrainingSession, user: Any) -> SessionInvitation | None:
    """The user's own invitation to the session, from the prefetched invitations."""
    return next(
        (i for i in session.invitations.all() if i.ambassador.person.user_id == user.pk), None
    )


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    sessions: list[TrainingSession]
    in_period: bool
    is_today: bool


@dataclass(frozen=True)
class CalendarPeriod:
    view: str  # "week" or "month"
    title: str
    start: dt.date
    end: dt.date  # inclusive
    weeks: list[list[CalendarDay]]
    previous: dt.date
    next: dt.date
    today: dt.date
    weekdays: list[str] = field(
        default_factory=lambda: list(calendar.day_name)  # Monday first
    )

    @property
    def session_count(self) -> int:
        return sum(len(day.sessions) for week in self.weeks for day in week)


def session_calendar(*, user: Any, view: str, day: dt.date) -> CalendarPeriod:
    """A week (Monday to Sunday) or a month grid of the sessions the user may see."""
    zone = program_zone()
    today = timezone.localdate(timezone.now(), zone)
    if view == "month":
        first = day.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        grid_start = first - dt.timedelta(days=first.weekday())
        grid_end = last + dt.timedelta(days=6 - last.weekday())
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = last + dt.timedelta(days=1)
        title = f"{first:%B %Y}"
        period = (first, last)
    else:
        view = "week"
        grid_start = day - dt.timedelta(days=day.weekday())
        grid_end = grid_start + dt.timedelta(days=6)
        previous = grid_start - dt.timedelta(days=7)
        following = grid_start + dt.timedelta(days=7)
        title = f"Week of {grid_start:%a} {grid_start.day} {grid_start:%B %Y}"
        period = (grid_start, grid_end)
    start = dt.datetime.combine(grid_start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(grid_end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    by_day: dict[dt.date, list[TrainingSession]] = defaultdict(list)
    for session in session_list(user=user).filter(starts_at__gte=start, starts_at__lt=end):
        by_day[session.starts_at.astimezone(zone).date()].append(session)
    days = []
    current = grid_start
    while current <= grid_end:
        days.append(
            CalendarDay(
                date=current,
                sessions=by_day.get(current, []),
                in_period=period[0] <= current <= period[1],
                is_today=current == today,
            )
        )
        current += dt.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    return CalendarPeriod(
        view=view,
        title=title,
        start=period[0],
        end=period[1],
        weeks=weeks,
        previous=previous,
        next=following,
        today=today,
    )


# --------------------------------------------------------------- the ambassador's page


@dataclass(frozen=True)
class TrainingOverview:
    """Everything `training/_ambassador_training.html` shows about one ambassador."""

    ambassador: Ambassador
    progress: list[CourseProgress]
    platforms_without_course: list[str]
    upcoming: list[SessionInvitation]
    policies: list[PolicyStatus]
    checklists: list[PlatformChecklist]
    readiness: Readiness
    can_check: bool  # the viewer may tick checklist items (admin or the ambassador)
    can_acknowledge: bool  # the viewer may acknowledge policies here (the ambassador)
    disclaimer_required: bool

    @property
    def missing_platform_labels(self) -> list[str]:
        return [Platform(p).label for p in self.readiness.platform_training_missing]


def ambassador_training_overview(*, ambassador: Ambassador, user: Any) -> TrainingOverview:
    """The ambassador's training for their page. The caller has already checked that `user`
    may see this ambassador (e.g. with program.selectors.ambassador_get)."""
    choices = _chosen(ambassador)
    platforms = [c.platform for c in choices]
    progress = _progress(ambassador, platforms)
    accounts = _professional_accounts(ambassador)
    policies = _policy_statuses(ambassador=ambassador)
    disclaimer = any(s.version.asks_disclaimer for s in policies)
    checklists = _checklists(choices, accounts, disclaimer)
    with_course = {p.course.platform for p in progress}
    upcoming = list(
        SessionInvitation.objects.filter(
            ambassador=ambassador,
            session__state=SessionState.SCHEDULED,
            session__ends_at__gt=timezone.now(),
        )
        .exclude(attendance=Attendance.CANCELLED)
        .select_related("session__course", "session__trainer", "session__trainer__person")
        .order_by("session__starts_at")
    )
    is_self = user.is_authenticated and ambassador.person.user_id == user.pk
    return TrainingOverview(
        ambassador=ambassador,
        progress=progress,
        platforms_without_course=[
            c.get_platform_display() for c in choices if c.platform not in with_course
        ],
        upcoming=upcoming,
        policies=policies,
        checklists=checklists,
        readiness=_readiness(choices, progress, policies, checklists, accounts),
        can_check=is_self or user_is_admin(user),
        can_acknowledge=is_self,
        disclaimer_required=disclaimer,
    )


def training_program_metrics(
    *, first_day: dt.date | None, last_day: dt.date
) -> list[tuple[str, str, int, str]]:
    """(key, label, value, where it comes from) of the training held over the window's days
    (from the beginning when `first_day` is None), for the program dashboard."""
    end = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    sessions = TrainingSession.objects.filter(
        ends_at__lt=end,
        state=SessionState.SCHEDULED,
        invitations__attendance=Attendance.ATTENDED,
    )
    completions = ModuleCompletion.objects.filter(completed_at__lt=end)
    if first_day is not None:
        start = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
        sessions = sessions.filter(starts_at__gte=start)
        completions = completions.filter(completed_at__gte=start)
    return [
        (
            "training_sessions_held",
            "Training sessions held",
            sessions.distinct().count(),
            "sessions with attendance recorded",
        ),
        (
            "modules_completed",
            "Training modules completed",
            completions.count(),
            "modules completed in sessions or by self-study",
        ),
    ]
