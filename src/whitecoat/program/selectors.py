"""Reads of ambassadors, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from whitecoat.organizations.models import Person
from whitecoat.organizations.roles import user_sees_everything
from whitecoat.organizations.selectors import department_ids_nominated_by
from whitecoat.program.enums import (
    OPEN_NOMINATION_STATES,
    PIPELINE_STATUSES,
    AmbassadorStatus,
    ConsultationState,
)
from whitecoat.program.models import Ambassador, Consultation, Nomination, StatusChange


def ambassador_list(
    *,
    user: Any,
    search: str = "",
    status: str = "",
    cohort_id: int | None = None,
    department_id: int | None = None,
    entity_id: int | None = None,
) -> QuerySet[Ambassador]:
    """Admins and leadership see all; nominators their departments'; ambassadors themselves."""
    ambassadors = Ambassador.objects.select_related(
        "person", "person__department", "cohort"
    ).annotate(account_count=Count("accounts", distinct=True))
    if not user_sees_everything(user):
        ambassadors = ambassadors.filter(
            Q(person__department_id__in=department_ids_nominated_by(user=user))
            | Q(person__user_id=user.pk)
        )
    if search:
        for word in search.split():
            ambassadors = ambassadors.filter(
                Q(person__first_name__icontains=word)
                | Q(person__last_name__icontains=word)
                | Q(person__email__icontains=word)
                | Q(person__department__name__icontains=word)
            )
    if status:
        ambassadors = ambassadors.filter(status=status)
    if cohort_id:
        ambassadors = ambassadors.filter(cohort_id=cohort_id)
    if department_id:
        ambassadors = ambassadors.filter(person__department_id=department_id)
    if entity_id:
        ambassadors = ambassadors.filter(person__department__entity_id=entity_id)
    return ambassadors.order_by("person__last_name", "person__first_name", "id")


def ambassador_get(*, user: Any, ambassador_id: int) -> Ambassador:
    """One ambassador the user may see; anything else is a 404, so IDs leak nothing."""
    try:
        return ambassador_list(user=user).get(pk=ambassador_id)
    except Ambassador.DoesNotExist:
        raise Http404("No such ambassador.") from None


def ambassador_for_user(*, user: Any) -> Ambassador | None:
    """The signed-in ambassador's own, most recent record."""
    if not user.is_authenticated:
        return None
    return (
        Ambassador.objects.select_related("person", "person__department", "cohort")
        .filter(person__user_id=user.pk)
        .order_by("-cohort__launched_on")
        .first()
    )


def ambassador_status_counts(*, user: Any) -> dict[str, int]:
    """How many visible ambassadors are in each status, every status present."""
    counts = dict(
        ambassador_list(user=user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id", distinct=True))
        .values_list("status", "n")
    )
    return {status.value: counts.get(status.value, 0) for status in AmbassadorStatus}


def ambassador_pipeline(*, user: Any, limit: int = 10) -> dict[str, list[Ambassador]]:
    """The oldest people waiting in each pipeline status: the admins' work queues."""
    queues: dict[str, list[Ambassador]] = {}
    for status in PIPELINE_STATUSES:
        queues[status.value] = list(
            ambassador_list(user=user, status=status).order_by("nominated_on", "id")[:limit]
        )
    return queues


def nomination_list(*, user: Any, state: str = "", open_only: bool = False) -> QuerySet[Nomination]:
    """Admins and leadership see every nomination; a chair sees the ones they made."""
    nominations = Nomination.objects.select_related(
        "person", "person__department", "cohort", "nominated_by", "ambassador"
    )
    if not user_sees_everything(user):
        nominations = nominations.filter(nominated_by_id=user.pk)
    if open_only:
        nominations = nominations.filter(state__in=OPEN_NOMINATION_STATES)
    if state:
        nominations = nominations.filter(state=state)
    return nominations.order_by("-created_at", "-id")


def nomination_get(*, user: Any, nomination_id: int) -> Nomination:
    try:
        return nomination_list(user=user).get(pk=nomination_id)
    except Nomination.DoesNotExist:
        raise Http404("No such nomination.") from None


def consultation_list(*, user: Any, open_only: bool = False) -> QuerySet[Consultation]:
    """Admins and leadership see every request; everyone else their own."""
    consultations = Consultation.objects.select_related("requested_by", "department", "handled_by")
    if not user_sees_everything(user):
        consultations = consultations.filter(requested_by_id=user.pk)
    if open_only:
        consultations = consultations.filter(
            state__in=[ConsultationState.REQUESTED, ConsultationState.SCHEDULED]
        )
    return consultations.order_by("-created_at", "-id")


def consultation_get(*, user: Any, consultation_id: int) -> Consultation:
    try:
        return consultation_list(user=user).get(pk=consultation_id)
    except Consultation.DoesNotExist:
        raise Http404("No such consultation.") from None


def status_history(*, ambassador: Ambassador) -> QuerySet[StatusChange]:
    return ambassador.status_changes.select_related("changed_by").order_by("changed_at", "id")


def nominees_available(*, user: Any, department_ids: list[int]) -> QuerySet[Person]:
    """People of the chair's departments who are not in the program or waiting already."""
    busy = Ambassador.objects.filter(
        status__in=[*PIPELINE_STATUSES, AmbassadorStatus.ACTIVE, AmbassadorStatus.PAUSED]
    ).values("person_id")
    waiting = Nomination.objects.filter(state__in=OPEN_NOMINATION_STATES).values("person_id")
    return (
        Person.objects.filter(department_id__in=department_ids)
        .exclude(pk__in=busy)
        .exclude(pk__in=waiting)
        .select_related("department")
        .order_by("last_name", "first_name")
    )
