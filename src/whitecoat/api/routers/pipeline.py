# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.
"""The recruitment pipeline: nominations, their decisions, transitions and consultations."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import (
    ConflictOut,
    ConsultationIn,
    ConsultationOut,
    NominationIn,
    NominationOut,
    NoteIn,
    StatusChangeOut,
    TransitionIn,
)
from whitecoat.organizations.models import Cohort, Department
from whitecoat.organizations.selectors import person_list
from whitecoat.program import services
from whitecoat.program.models import Consultation, Nomination, StatusChange
from whitecoat.program.selectors import (
    ambassador_get,
    consultation_list,
    nomination_get,
    nomination_list,
    status_history,
)

router = Router(tags=["pipeline"])

# Writes answer 409 when a rule refuses (with the rule's message) and 403 when the role may not.
WRITE_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut}


@router.get("/nominations", response={200: list[NominationOut], **LIST_ERRORS})
@paginate(Paginator)
def list_nominations(
    request: HttpRequest, state: str = "", open: bool = False
) -> QuerySet[Nomination]:
    """All nominations for admins and leadership; a chair's own nominations otherwise."""
    return nomination_list(user=request.auth, state=state, open_only=open)


@router.get("/nominations/{nomination_id}", response={200: NominationOut, **DETAIL_ERRORS})
def get_nomination(request: HttpRequest, nomination_id: int) -> Nomination:
    return nomination_get(user=request.auth, nomination_id=nomination_id)


@router.post("/nominations", response={201: NominationOut, **WRITE_ERRORS})
def create_nomination(request: HttpRequest, payload: NominationIn) -> Status:
    """Nominate someone on the roster (`person`) or a new person (`new_person`)."""
    person = None
    if payload.person is not None:
        person = get_object_or_404(person_list(user=request.auth), pk=payload.person)
    new_person = services.NewPerson(**payload.new_person.dict()) if payload.new_person else None
    nomination = services.nomination_submit(
        by=request.auth,
        department=get_object_or_404(Department, pk=payload.department),
        cohort=get_object_or_404(Cohort, pk=payload.cohort),
        rationale=payload.rationale,
        suggested_platforms=list(payload.suggested_platforms),
        person=person,
        new_person=new_person,
    )
    return Status(201, nomination_get(user=request.auth, nomination_id=nomination.pk))


def _decide(request: HttpRequest, nomination_id: int, action: str, text: str) -> Nomination:
    nomination = nomination_get(user=request.auth, nomination_id=nomination_id)
    if action == "accept":
        services.nomination_accept(nomination=nomination, by=request.auth, note=text)
    elif action == "decline":
        services.nomination_decline(nomination=nomination, by=request.auth, reason=text)
    elif action == "request-info":
        services.nomination_request_info(nomination=nomination, by=request.auth, question=text)
    else:
        services.nomination_answer(nomination=nomination, by=request.auth, answer=text)
    return nomination_get(user=request.auth, nomination_id=nomination_id)


@router.post("/nominations/{nomination_id}/accept", response={200: NominationOut, **WRITE_ERRORS})
def accept_nomination(request: HttpRequest, nomination_id: int, payload: NoteIn) -> Nomination:
    """Admins: accept; the nominee moves to intake."""
    return _decide(request, nomination_id, "accept", payload.text)


@router.post("/nominations/{nomination_id}/decline", response={200: NominationOut, **WRITE_ERRORS})
def decline_nomination(request: HttpRequest, nomination_id: int, payload: NoteIn) -> Nomination:
    """Admins: decline with a reason (required), sent to the chair."""
    return _decide(request, nomination_id, "decline", payload.text)


@router.post(
    "/nominations/{nomination_id}/request-info", response={200: NominationOut, **WRITE_ERRORS}
)
def request_nomination_info(
    request: HttpRequest, nomination_id: int, payload: NoteIn
) -> Nomination:
    """Admins: ask the chair a question (required)."""
    return _decide(request, nomination_id, "request-info", payload.text)


@router.post("/nominations/{nomination_id}/answer", response={200: NominationOut, **WRITE_ERRORS})
def answer_nomination(request: HttpRequest, nomination_id: int, payload: NoteIn) -> Nomination:
    """The nominating chair answers the admins' question."""
    return _decide(request, nomination_id, "answer", payload.text)


@router.get(
    "/ambassadors/{ambassador_id}/history", response={200: list[StatusChangeOut], **DETAIL_ERRORS}
)
def ambassador_history(request: HttpRequest, ambassador_id: int) -> QuerySet[StatusChange]:
    """Every status change of one ambassador: who, when, from, to and why."""
    return status_history(ambassador=ambassador_get(user=request.auth, ambassador_id=ambassador_id))


@router.post(
    "/ambassadors/{ambassador_id}/transition",
    response={200: list[StatusChangeOut], **WRITE_ERRORS},
)
def ambassador_transition(
    request: HttpRequest, ambassador_id: int, payload: TransitionIn
) -> QuerySet[StatusChange]:
    """Admins: move an ambassador; 409 with the reason when the move or its rules refuse."""
    ambassador = ambassador_get(user=request.auth, ambassador_id=ambassador_id)
    services.ambassador_transition(
        ambassador=ambassador,
        to_status=payload.to_status,
        by=request.auth,
        reason=payload.reason,
    )
    return status_history(ambassador=ambassador)


@router.get("/consultations", response={200: list[ConsultationOut], **LIST_ERRORS})
@paginate(Paginator)
def list_consultations(request: HttpRequest, open: bool = False) -> QuerySet[Consultation]:
    """All requests for admins and leadership; your own otherwise."""
    return consultation_list(user=request.auth, open_only=open)


@router.post("/consultations", response={201: ConsultationOut, **WRITE_ERRORS})
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status:
    department = (
        get_object_or_404(Department, pk=payload.department) if payload.department else None
    )
    consultation = services.consultation_request(
        by=request.auth,
        topic=payload.topic,
        details=payload.details,
        department=department,
        preferred_times=payload.preferred_times,
    )
    return Status(201, consultation)
