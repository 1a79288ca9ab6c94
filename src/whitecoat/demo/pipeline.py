"""The demo's pipeline records: nominations, status histories, intake choices, consultations.

Derived from the plan's ambassadors (their status and dates), so they stay consistent with
the roster and the figures; the choices of text are seeded like everything else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from django.utils import timezone

from whitecoat.demo.plan import DemoPlan
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.program.enums import AmbassadorStatus as S
from whitecoat.program.enums import ConsultationState, NominationState
from whitecoat.program.models import (
    Ambassador,
    Consultation,
    Nomination,
    PlatformChoice,
    StatusChange,
)

RATIONALES = [
    "Already explains our research to patients at every clinic visit; would do it well online.",
    "Gives the residents' favourite grand rounds; a natural teacher.",
    "Leads our patient-education work and wants to counter misinformation about treatment.",
    "Publishes often and would like to reach journalists and policymakers.",
    "Active at national meetings; would share conference takeaways for colleagues who miss them.",
    "Champions our trainees and would amplify their work.",
]
PIPELINE_ORDER = [S.NOMINATED, S.INTAKE, S.TRAINING, S.ONBOARDING, S.ACTIVE]
# Days after the nomination at which each next stage began, when the plan has no date for it.
STAGE_OFFSETS = {S.INTAKE: 4, S.TRAINING: 12, S.ONBOARDING: 30}
BATCH = 2_000


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _timeline(
    status: str, nominated: dt.date, joined: dt.date | None, changed: dt.date | None, today: dt.date
) -> list[tuple[str, str, dt.date]]:
    """(from, to, day) of every change that led to `status`."""
    reached = S.ACTIVE if status in {S.ACTIVE, S.PAUSED, S.ALUMNI} else S(status)
    steps: list[tuple[str, str, dt.date]] = [("", S.NOMINATED, nominated)]
    last = nominated
    for previous, stage in itertools.pairwise(PIPELINE_ORDER):
        if PIPELINE_ORDER.index(stage) > PIPELINE_ORDER.index(reached):
            break
        if stage == S.ACTIVE and joined is not None:
            day = joined
        else:
            day = nominated + dt.timedelta(days=STAGE_OFFSETS.get(stage, 40))
        # Keep the history in order and never in the future, whatever the plan's dates.
        day = min(max(day, last), today)
        if joined is not None and stage != S.ACTIVE:
            day = min(day, joined)
        steps.append((previous, stage, day))
        last = day
    if status in {S.PAUSED, S.ALUMNI}:
        steps.append((S.ACTIVE, status, min(max(changed or last, last), today)))
    return steps


def pipeline_create(
    plan: DemoPlan, *, ambassadors: dict[int, Ambassador], users: dict[str, Any]
) -> int:
    """Write the pipeline records of every demo ambassador; returns how many rows."""
    rng = random.Random(plan.seed * 7919 + 3)
    admin = users["admin"]
    platforms_by_ambassador: dict[int, list[str]] = {}
    for account in SocialAccount.objects.filter(
        ambassador__in=list(ambassadors.values()), use="professional"
    ).values("ambassador_id", "platform"):
        platforms_by_ambassador.setdefault(account["ambassador_id"], []).append(account["platform"])

    nominations, changes, choices = [], [], []
    still_nominated = [a for a in plan.ambassadors if a.status == S.NOMINATED]
    asked = still_nominated[0].key if still_nominated else None
    for planned in plan.ambassadors:
        ambassador = ambassadors[planned.key]
        by = users.get(planned.nominated_by or "", admin)
        platforms = sorted(set(platforms_by_ambassador.get(ambassador.pk, []))) or ["linkedin"]
        labels = [Platform(p).label for p in platforms]
        open_state = (
            NominationState.MORE_INFO if planned.key == asked else NominationState.SUBMITTED
        )
        state = open_state if planned.status == S.NOMINATED else NominationState.ACCEPTED
        decided = planned.nominated_on + dt.timedelta(days=3)
        nominations.append(
            Nomination(
                ambassador=ambassador,
                person=ambassador.person,
                cohort=ambassador.cohort,
                nominated_by=by,
                rationale=rng.choice(RATIONALES),
                suggested_platforms=platforms,
                state=state,
                decision_reason=(
                    "Which platform does she already use professionally?"
                    if state == NominationState.MORE_INFO
                    else ""
                ),
                decided_by=admin if state != NominationState.SUBMITTED else None,
                decided_at=_at(min(decided, plan.today))
                if state == NominationState.ACCEPTED
                else None,
            )
        )
        for previous, stage, day in _timeline(
            planned.status, planned.nominated_on, planned.joined_on, planned.changed_on, plan.today
        ):
            reason = {
                S.NOMINATED: "Nominated by the department chair.",
                S.INTAKE: "Nomination accepted.",
                S.TRAINING: f"Intake consultation: chose {', '.join(labels)}.",
                S.ONBOARDING: "Training complete.",
                S.ACTIVE: "Accounts set up and connected.",
                S.PAUSED: "On leave.",
                S.ALUMNI: "Left the institution.",
            }[stage]
            changes.append(
                StatusChange(
                    ambassador=ambassador,
                    from_status=previous,
                    to_status=stage,
                    changed_at=_at(day),
                    changed_by=by if stage == S.NOMINATED else admin,
                    reason=reason,
                )
            )
        if planned.status not in {S.NOMINATED, S.INTAKE}:
            choices.extend(
                PlatformChoice(
                    ambassador=ambassador,
                    platform=platform,
                    reason="Chosen at the intake consultation.",
                    has_existing_account=rng.random() < 0.4,
                    chosen_by=admin,
                )
                for platform in platforms
            )
    Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    PlatformChoice.objects.bulk_create(choices, batch_size=BATCH)
    consultations = _consultations_create(plan, users=users)
    return len(nominations) + len(changes) + len(choices) + consultations


def _consultations_create(plan: DemoPlan, *, users: dict[str, Any]) -> int:
    requester, chair, admin = users["requester"], users["chair"], users["admin"]
    soon = _at(plan.today + dt.timedelta(days=5), 14)
    rows = [
        Consultation(
            requested_by=requester,
            topic="Should our lab have its own Instagram account?",
            details="We post lab news and would like to recruit study participants.",
            preferred_times="Tuesday or Thursday mornings",
            state=ConsultationState.SCHEDULED,
            scheduled_for=soon,
            handled_by=admin,
        ),
        Consultation(
            requested_by=requester,
            topic="Getting the word out about our community health fair",
            preferred_times="Any afternoon",
            state=ConsultationState.CLOSED,
            handled_by=admin,
            outcome="Shared from the main accounts; advised two physicians to post from theirs.",
        ),
        Consultation(
            requested_by=chair,
            topic="Training for our new fellows",
            details="Six fellows start in July; a group session on LinkedIn would help.",
            preferred_times="Wednesdays after 4 pm",
        ),
    ]
    Consultation.objects.bulk_create(rows)
    return len(rows)
