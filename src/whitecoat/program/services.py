"""The recruitment pipeline: nominations, their review, the intake and status transitions.

Every change of an ambassador's status goes through `ambassador_transition`, which checks
the allowed moves and the rules, saves, records who/when/from/to/why, and sends the mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.enums import PersonKind, Role
from whitecoat.organizations.models import Cohort, Department, Person
from whitecoat.organizations.roles import user_is_admin
from whitecoat.program.enums import (
    OPEN_NOMINATION_STATES,
    PIPELINE_STATUSES,
    AmbassadorStatus,
    ConsultationState,
    NominationState,
)
from whitecoat.program.models import (
    Ambassador,
    Consultation,
    Nomination,
    PlatformChoice,
    StatusChange,
)
from whitecoat.program.notifications import notify

S = AmbassadorStatus

# Every legal move. Pausing returns to where the person was, so "paused" maps to the
# statuses one can resume to; the rule below narrows it to the one they left.
ALLOWED_MOVES: dict[str, set[str]] = {
    S.NOMINATED: {S.INTAKE},
    S.INTAKE: {S.TRAINING, S.PAUSED},
    S.TRAINING: {S.ONBOARDING, S.PAUSED},
    S.ONBOARDING: {S.ACTIVE, S.TRAINING, S.PAUSED},
    S.ACTIVE: {S.PAUSED, S.ALUMNI},
    S.PAUSED: {S.INTAKE, S.TRAINING, S.ONBOARDING, S.ACTIVE, S.ALUMNI},
    S.ALUMNI: set(),
}


def _admin_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True)
    return [u.email for u in users.filter(groups__name=Role.PROGRAM_ADMIN).distinct() if u.email]


def _chair_emails(ambassador: Ambassador) -> list[str]:
    department = ambassador.person.department
    if department is None:
        return []
    return [u.email for u in department.nominators.filter(is_active=True) if u.email]


def _require_admin(user: Any) -> None:
    if not user_is_admin(user):
        raise WhiteCoatError("Only program admins can do this.", code="forbidden")


def status_before_pause(*, ambassador: Ambassador) -> str | None:
    last_pause = (
        ambassador.status_changes.filter(to_status=S.PAUSED).order_by("-changed_at", "-id").first()
    )
    return last_pause.from_status if last_pause else None


def _check_rules(ambassador: Ambassador, to_status: str) -> None:
    """The rules a move must satisfy beyond being in the table; each says what is missing."""
    current = ambassador.status
    if current == S.PAUSED and to_status != S.ALUMNI:
        previous = status_before_pause(ambassador=ambassador)
        if previous and to_status != previous:
            raise WhiteCoatError(
                f"{ambassador.person.full_name} was paused while {S(previous).label.lower()}; "
                f"resume to {S(previous).label.lower()}.",
                code="resume_elsewhere",
            )
        return
    if to_status == S.TRAINING and current == S.INTAKE and not ambassador.platform_choices.exists():
        raise WhiteCoatError(
            "Choose at least one platform at the intake consultation before training.",
            code="no_platforms",
        )
    if to_status in {S.ONBOARDING, S.ACTIVE} and current in {S.TRAINING, S.ONBOARDING}:
        from whitecoat.training.selectors import ambassador_readiness  # training imports program

        readiness = ambassador_readiness(ambassador=ambassador)
        missing = []
        if readiness.platform_training_missing:
            labels = [Platform(p).label for p in readiness.platform_training_missing]
            missing.append(f"training for {', '.join(labels)}")
        if not readiness.professionalism_done:
            missing.append("the professionalism and policy course")
        if to_status == S.ACTIVE:
            if readiness.policies_unacknowledged:
                missing.append("acknowledgement of " + ", ".join(readiness.policies_unacknowledged))
            if readiness.accounts_set_up < 1:
                missing.append("at least one professional account set up (checklist complete)")
        if missing:
            raise WhiteCoatError(
                f"{ambassador.person.full_name} cannot become {S(to_status).label.lower()} "
                f"yet: missing {'; '.join(missing)}.",
                code="not_ready",
            )


@transaction.atomic
def ambassador_transition(
    *, ambassador: Ambassador, to_status: str, by: Any, reason: str = "", notify_people: bool = True
) -> StatusChange:
    """Program admins move an ambassador to `to_status` if the table and the rules allow it."""
    _require_admin(by)
    ambassador = (
        Ambassador.objects.select_for_update().select_related("person").get(pk=ambassador.pk)
    )
    current = ambassador.status
    if to_status not in S.values:
        raise WhiteCoatError(f"“{to_status}” is not a status.", code="unknown_status")
    if to_status not in ALLOWED_MOVES[current]:
        allowed = ", ".join(S(s).label.lower() for s in sorted(ALLOWED_MOVES[current])) or "none"
        raise WhiteCoatError(
            f"{ambassador.person.full_name} is {S(current).label.lower()} and cannot move to "
            f"{S(to_status).label.lower()} (possible: {allowed}).",
            code="illegal_transition",
        )
    _check_rules(ambassador, to_status)
    now = timezone.now()
    ambassador.status = to_status
    if to_status == S.ACTIVE and ambassador.joined_on is None:
        ambassador.joined_on = timezone.localdate(now)
    ambassador.save(update_fields=["status", "joined_on", "updated_at"])
    change = StatusChange.objects.create(
        ambassador=ambassador,
        from_status=current,
        to_status=to_status,
        changed_at=now,
        changed_by=by,
        reason=reason.strip(),
    )
    if notify_people:
        context = {"ambassador": ambassador, "change": change}
        transaction.on_commit(
            lambda: notify(
                to=[ambassador.person.email, *_chair_emails(ambassador)],
                subject=f"{ambassador.person.full_name}: now {S(to_status).label.lower()}",
                template="status_changed",
                context=context,
            )
        )
    return change


@dataclass(frozen=True)
class NewPerson:
    first_name: str
    last_name: str
    email: str
    kind: str
    title: str = ""
    credentials: str = ""


def _nominee(
    *, person: Person | None, new_person: NewPerson | None, department: Department
) -> Person:
    if (person is None) == (new_person is None):
        raise WhiteCoatError("Choose someone on the roster or enter a new person, not both.")
    if person is not None:
        if person.department_id != department.pk:
            raise WhiteCoatError(f"{person.full_name} is not in {department.name}.")
        return person
    assert new_person is not None
    if Person.objects.filter(email__iexact=new_person.email).exists():
        raise WhiteCoatError(
            f"{new_person.email} is already on the roster: choose that person instead.",
            code="person_exists",
        )
    if new_person.kind not in PersonKind.values:
        raise WhiteCoatError("Choose what kind of person they are.")
    created = Person(department=department, **new_person.__dict__)
    created.full_clean()
    created.save()
    return created


@transaction.atomic
def nomination_submit(
    *,
    by: Any,
    department: Department,
    cohort: Cohort,
    rationale: str,
    suggested_platforms: list[str],
    person: Person | None = None,
    new_person: NewPerson | None = None,
) -> Nomination:
    """A chair (or an admin) proposes someone from one of their departments."""
    if not user_is_admin(by) and not department.nominators.filter(pk=by.pk).exists():
        raise WhiteCoatError(
            f"You can nominate only from your own departments, not {department.name}.",
            code="forbidden",
        )
    if not rationale.strip():
        raise WhiteCoatError("Say why they would make a good ambassador.", code="no_rationale")
    unknown = [p for p in suggested_platforms if p not in Platform.values]
    if unknown:
        raise WhiteCoatError(f"Unknown platform: {', '.join(unknown)}.")
    nominee = _nominee(person=person, new_person=new_person, department=department)
    if Ambassador.objects.filter(
        person=nominee, status__in=[*PIPELINE_STATUSES, S.ACTIVE, S.PAUSED]
    ).exists():
        raise WhiteCoatError(
            f"{nominee.full_name} is already in the program.", code="already_in_program"
        )
    if Nomination.objects.filter(person=nominee, state__in=OPEN_NOMINATION_STATES).exists():
        raise WhiteCoatError(
            f"{nominee.full_name} already has a nomination waiting for review.",
            code="already_nominated",
        )
    today = timezone.localdate()
    ambassador = Ambassador.objects.filter(person=nominee, cohort=cohort).first()
    if ambassador is not None:
        raise WhiteCoatError(f"{nominee.full_name} was already in {cohort.name}.")
    ambassador = Ambassador.objects.create(
        person=nominee, cohort=cohort, status=S.NOMINATED, nominated_on=today, nominated_by=by
    )
    StatusChange.objects.create(
        ambassador=ambassador,
        from_status="",
        to_status=S.NOMINATED,
        changed_at=timezone.now(),
        changed_by=by,
        reason=rationale.strip(),
    )
    nomination = Nomination.objects.create(
        ambassador=ambassador,
        person=nominee,
        cohort=cohort,
        nominated_by=by,
        rationale=rationale.strip(),
        suggested_platforms=sorted(set(suggested_platforms)),
    )
    transaction.on_commit(
        lambda: notify(
            to=[by.email, *_admin_emails()],
            subject=f"Nomination of {nominee.full_name}",
            template="nomination_submitted",
            context={"nomination": nomination},
        )
    )
    return nomination


def _open_nomination(nomination: Nomination) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.state not in OPEN_NOMINATION_STATES:
        raise WhiteCoatError(
            f"This nomination was already {locked.get_state_display().lower()}.",
            code="already_decided",
        )
    return locked


def _decide(nomination: Nomination, *, by: Any, state: str, reason: str) -> Nomination:
    nomination.state = state
    nomination.decision_reason = reason.strip()
    nomination.decided_by = by
    nomination.decided_at = timezone.now()
    nomination.save(
        update_fields=["state", "decision_reason", "decided_by", "decided_at", "updated_at"]
    )
    return nomination


def _mail_nominator(nomination: Nomination, *, subject: str, template: str, nominee: bool) -> None:
    to = [nomination.nominated_by.email]
    if nominee:
        to.append(nomination.person.email)
    transaction.on_commit(
        lambda: notify(
            to=to, subject=subject, template=template, context={"nomination": nomination}
        )
    )


@transaction.atomic
def nomination_accept(*, nomination: Nomination, by: Any, note: str = "") -> Nomination:
    """Accept: the nominee moves to intake, where the platforms are chosen."""
    _require_admin(by)
    nomination = _decide(
        _open_nomination(nomination), by=by, state=NominationState.ACCEPTED, reason=note
    )
    assert nomination.ambassador is not None
    ambassador_transition(
        ambassador=nomination.ambassador,
        to_status=S.INTAKE,
        by=by,
        reason=note or "Nomination accepted",
        notify_people=False,
    )
    _mail_nominator(
        nomination,
        subject=f"{nomination.person.full_name} is joining",
        template="nomination_accepted",
        nominee=True,
    )
    return nomination


@transaction.atomic
def nomination_decline(*, nomination: Nomination, by: Any, reason: str) -> Nomination:
    """Decline with a reason; the nominee leaves the pipeline, the nomination stays on record."""
    _require_admin(by)
    if not reason.strip():
        raise WhiteCoatError("Give the chair a reason for declining.", code="no_reason")
    nomination = _decide(
        _open_nomination(nomination), by=by, state=NominationState.DECLINED, reason=reason
    )
    ambassador = nomination.ambassador
    nomination.ambassador = None
    nomination.save(update_fields=["ambassador", "updated_at"])
    if ambassador is not None and ambassador.status == S.NOMINATED:
        ambassador.delete()
    _mail_nominator(
        nomination,
        subject=f"Nomination of {nomination.person.full_name}",
        template="nomination_declined",
        nominee=False,
    )
    return nomination


@transaction.atomic
def nomination_request_info(*, nomination: Nomination, by: Any, question: str) -> Nomination:
    _require_admin(by)
    if not question.strip():
        raise WhiteCoatError("Write the question for the chair.", code="no_question")
    nomination = _open_nomination(nomination)
    nomination.state = NominationState.MORE_INFO
    nomination.decision_reason = question.strip()
    nomination.decided_by = by
    nomination.save(update_fields=["state", "decision_reason", "decided_by", "updated_at"])
    _mail_nominator(
        nomination,
        subject=f"Question about {nomination.person.full_name}",
        template="nomination_more_info",
        nominee=False,
    )
    return nomination


@transaction.atomic
def nomination_answer(*, nomination: Nomination, by: Any, answer: str) -> Nomination:
    """The chair answers the admins' question; the nomination goes back to the queue."""
    nomination = _open_nomination(nomination)
    if nomination.nominated_by_id != by.pk and not user_is_admin(by):
        raise WhiteCoatError("Only the chair who nominated can answer.", code="forbidden")
    if nomination.state != NominationState.MORE_INFO:
        raise WhiteCoatError("Nobody asked for more information on this nomination.")
    if not answer.strip():
        raise WhiteCoatError("Write your answer.", code="no_answer")
    nomination.rationale = (
        f"{nomination.rationale}\n\nQ: {nomination.decision_reason}\nA: {answer.strip()}"
    )
    nomination.state = NominationState.SUBMITTED
    nomination.decision_reason = ""
    nomination.save(update_fields=["rationale", "state", "decision_reason", "updated_at"])
    transaction.on_commit(
        lambda: notify(
            to=_admin_emails(),
            subject=f"Answer about {nomination.person.full_name}",
            template="nomination_submitted",
            context={"nomination": nomination},
        )
    )
    return nomination


@dataclass(frozen=True)
class ChosenPlatform:
    platform: str
    reason: str = ""
    has_existing_account: bool = False


@transaction.atomic
def intake_record(
    *, ambassador: Ambassador, by: Any, choices: list[ChosenPlatform], notes: str = ""
) -> list[PlatformChoice]:
    """The intake consultation: record the chosen platforms, then move on to training."""
    _require_admin(by)
    if ambassador.status != S.INTAKE:
        raise WhiteCoatError(
            f"{ambassador.person.full_name} is {ambassador.get_status_display().lower()}, "
            "not at the intake stage.",
            code="not_intake",
        )
    if not choices:
        raise WhiteCoatError("Choose at least one platform.", code="no_platforms")
    platforms = [choice.platform for choice in choices]
    if len(set(platforms)) != len(platforms) or any(p not in Platform.values for p in platforms):
        raise WhiteCoatError("Choose each platform once, from the supported platforms.")
    ambassador.platform_choices.all().delete()
    created = PlatformChoice.objects.bulk_create(
        PlatformChoice(
            ambassador=ambassador,
            platform=choice.platform,
            reason=choice.reason.strip(),
            has_existing_account=choice.has_existing_account,
            chosen_by=by,
        )
        for choice in choices
    )
    labels = ", ".join(Platform(p).label for p in platforms)
    ambassador_transition(
        ambassador=ambassador,
        to_status=S.TRAINING,
        by=by,
        reason=f"Intake consultation: chose {labels}."
        + (f" {notes.strip()}" if notes.strip() else ""),
    )
    return created


@transaction.atomic
def consultation_request(
    *,
    by: Any,
    topic: str,
    details: str = "",
    department: Department | None = None,
    preferred_times: str = "",
) -> Consultation:
    if not topic.strip():
        raise WhiteCoatError("Say what the consultation is about.", code="no_topic")
    consultation = Consultation.objects.create(
        requested_by=by,
        topic=topic.strip(),
        details=details.strip(),
        department=department,
        preferred_times=preferred_times.strip(),
    )
    transaction.on_commit(
        lambda: notify(
            to=[by.email, *_admin_emails()],
            subject=f"Consultation request: {consultation.topic}",
            template="consultation_requested",
            context={"consultation": consultation},
        )
    )
    return consultation


def _open_consultation(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.state in {ConsultationState.CLOSED, ConsultationState.CANCELLED}:
        raise WhiteCoatError(f"This consultation is already {locked.get_state_display().lower()}.")
    return locked


@transaction.atomic
def consultation_schedule(
    *, consultation: Consultation, by: Any, when: dt.datetime
) -> Consultation:
    _require_admin(by)
    consultation = _open_consultation(consultation)
    consultation.state = ConsultationState.SCHEDULED
    consultation.scheduled_for = when
    consultation.handled_by = by
    consultation.save(update_fields=["state", "scheduled_for", "handled_by", "updated_at"])
    transaction.on_commit(
        lambda: notify(
            to=[consultation.requested_by.email, by.email],
            subject=f"Consultation scheduled: {consultation.topic}",
            template="consultation_scheduled",
            context={"consultation": consultation},
        )
    )
    return consultation


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, by: Any, outcome: str, cancelled: bool = False
) -> Consultation:
    """Close with what came of it, or cancel; the requester may cancel their own."""
    consultation = _open_consultation(consultation)
    if not user_is_admin(by) and not (cancelled and consultation.requested_by_id == by.pk):
        raise WhiteCoatError("Only program admins can close a consultation.", code="forbidden")
    if not cancelled and not outcome.strip():
        raise WhiteCoatError("Write what came of the consultation.", code="no_outcome")
    consultation.state = ConsultationState.CANCELLED if cancelled else ConsultationState.CLOSED
    consultation.outcome = outcome.strip()
    consultation.handled_by = consultation.handled_by or by
    consultation.save(update_fields=["state", "outcome", "handled_by", "updated_at"])
    transaction.on_commit(
        lambda: notify(
            to=[consultation.requested_by.email],
            subject=f"Consultation {consultation.get_state_display().lower()}: "
            f"{consultation.topic}",
            template="consultation_closed",
            context={"consultation": consultation},
        )
    )
    return consultation
