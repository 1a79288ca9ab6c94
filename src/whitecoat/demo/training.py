"""The demo's training records, consistent with each ambassador's stage.

People in training have attended some sessions and have others booked; from onboarding on,
every chosen platform's course and the professionalism course are done; active, paused and
alumni ambassadors have acknowledged the current policies (a few have not yet, so the
admins' report has someone to chase) and completed their set-up checklists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from whitecoat.demo.plan import DemoPlan
from whitecoat.metrics.models import SocialAccount
from whitecoat.program.enums import AmbassadorStatus as S
from whitecoat.program.models import Ambassador, PlatformChoice
from whitecoat.training.enums import (
    Attendance,
    ChecklistItemKind,
    CompletionSource,
    SessionKind,
    SessionState,
)
from whitecoat.training.models import (
    ChecklistItem,
    Course,
    ModuleCompletion,
    PolicyAcknowledgement,
    PolicyVersion,
    SessionInvitation,
    TrainingSession,
)

BATCH = 2_000
DONE_STAGES = {S.ONBOARDING, S.ACTIVE, S.PAUSED, S.ALUMNI}
SET_UP_STAGES = {S.ACTIVE, S.PAUSED, S.ALUMNI}
PLACES = ["Social Media Office, Annenberg 3rd floor", "Library seminar room B"]


class _Slots:
    """Hands out one-hour slots on working days so the trainer is never double-booked."""

    def __init__(self) -> None:
        self.taken: set[dt.datetime] = set()

    def near(self, day: dt.date) -> dt.datetime:
        while True:
            if day.weekday() < 5:
                for hour in (9, 10, 11, 14, 15, 16):
                    when = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
                    if when not in self.taken:
                        self.taken.add(when)
                        return when
            day += dt.timedelta(days=1)


def training_create(
    plan: DemoPlan, *, ambassadors: dict[int, Ambassador], users: dict[str, Any]
) -> int:
    """Sessions, completions, acknowledgements and checklists for the demo ambassadors."""
    rng = random.Random(plan.seed * 15485863 + 5)
    admin = users["admin"]
    courses = Course.objects.filter(is_published=True).prefetch_related("modules")
    by_platform = {c.platform: c for c in courses if c.platform}
    everyone = [c for c in courses if not c.platform]
    modules = {c.pk: [m for m in c.modules.all() if m.is_published] for c in courses}
    choices: dict[int, list[PlatformChoice]] = defaultdict(list)
    for choice in PlatformChoice.objects.filter(ambassador__in=list(ambassadors.values())):
        choices[choice.ambassador_id].append(choice)
    accounts = {
        (a.ambassador_id, a.platform): a
        for a in SocialAccount.objects.filter(
            ambassador__in=list(ambassadors.values()), use="professional"
        )
    }
    versions = list(PolicyVersion.objects.filter(published_at__isnull=False))
    current = {}
    for version in sorted(versions, key=lambda v: v.published_at):
        current[version.policy_id] = version

    slots = _Slots()
    sessions: list[TrainingSession] = []
    invited: list[tuple[int, Ambassador, str, dt.date]] = []  # session index, who, attendance
    completions: list[ModuleCompletion] = []
    acknowledgements: list[PolicyAcknowledgement] = []
    checklist: list[ChecklistItem] = []
    now = timezone.now()
    stragglers = 0
    for planned in plan.ambassadors:
        ambassador = ambassadors[planned.key]
        status = planned.status
        if status in {S.NOMINATED, S.INTAKE}:
            continue
        started = (
            ambassador.status_changes.filter(to_status=S.TRAINING)
            .values_list("changed_at", flat=True)
            .first()
        )
        start_day = timezone.localdate(started) if started else plan.today
        platform_courses = [
            by_platform[c.platform] for c in choices[ambassador.pk] if c.platform in by_platform
        ]
        for index, course in enumerate(platform_courses):
            # In training: the first course is behind them, the others are booked.
            attended = status in DONE_STAGES or index == 0
            day = start_day + dt.timedelta(days=3 + 7 * index)
            if not attended:
                day = max(day, plan.today + dt.timedelta(days=2 + index))
            day = min(day, planned.joined_on or day)
            starts = slots.near(day)
            sessions.append(
                TrainingSession(
                    course=course,
                    trainer=admin,
                    kind=SessionKind.ONE_TO_ONE,
                    starts_at=starts,
                    duration_minutes=60,
                    ends_at=starts + dt.timedelta(minutes=60),
                    location=rng.choice(PLACES),
                    state=SessionState.SCHEDULED,
                    created_by=admin,
                )
            )
            state = Attendance.ATTENDED if attended and starts < now else Attendance.PENDING
            invited.append((len(sessions) - 1, ambassador, state, day))
        if status in DONE_STAGES or rng.random() < 0.5:
            for course in everyone:
                completions.extend(
                    ModuleCompletion(
                        ambassador=ambassador,
                        module=module,
                        completed_at=timezone.make_aware(
                            dt.datetime.combine(start_day, dt.time(20, 0))
                        ),
                        source=CompletionSource.SELF,
                        recorded_by=ambassador.person.user or admin,
                    )
                    for module in modules[course.pk]
                )
        if status in SET_UP_STAGES:
            stragglers += 1
            # Every twentieth one has not acknowledged the current policies yet.
            if stragglers % 20:
                acknowledgements.extend(
                    PolicyAcknowledgement(
                        version=version,
                        ambassador=ambassador,
                        user=ambassador.person.user,
                        acknowledged_at=max(version.published_at, now - dt.timedelta(days=1)),
                    )
                    for version in current.values()
                )
        if status in DONE_STAGES:
            for choice in choices[ambassador.pk]:
                account = accounts.get((ambassador.pk, choice.platform))
                for position, item in enumerate(ChecklistItemKind):
                    done = status in SET_UP_STAGES or position < 3
                    checklist.append(
                        ChecklistItem(
                            platform_choice=choice,
                            item=item,
                            is_checked=done,
                            account=account if done else None,
                            changed_at=timezone.make_aware(
                                dt.datetime.combine(planned.joined_on or plan.today, dt.time(12))
                            ),
                            changed_by=admin,
                        )
                    )
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    invitations = SessionInvitation.objects.bulk_create(
        [
            SessionInvitation(
                session=sessions[index],
                ambassador=ambassador,
                attendance=attendance,
                recorded_at=sessions[index].ends_at if attendance == Attendance.ATTENDED else None,
                recorded_by=admin if attendance == Attendance.ATTENDED else None,
            )
            for index, ambassador, attendance, _ in invited
        ],
        batch_size=BATCH,
    )
    for invitation in invitations:
        if invitation.attendance == Attendance.ATTENDED:
            completions.extend(
                ModuleCompletion(
                    ambassador=invitation.ambassador,
                    module=module,
                    completed_at=invitation.session.ends_at,
                    source=CompletionSource.SESSION,
                    session=invitation.session,
                    recorded_by=admin,
                )
                for module in modules[invitation.session.course_id]
            )
    ModuleCompletion.objects.bulk_create(completions, batch_size=BATCH, ignore_conflicts=True)
    PolicyAcknowledgement.objects.bulk_create(acknowledgements, batch_size=BATCH)
    ChecklistItem.objects.bulk_create(checklist, batch_size=BATCH)
    return len(sessions) + len(completions) + len(acknowledgements) + len(checklist)
