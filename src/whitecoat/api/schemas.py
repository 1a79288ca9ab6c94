"""The API's request and response shapes.

Response schemas list their fields explicitly rather than deriving them from the models
(ModelSchema), so a field added to a model never reaches the API unless it is added here:
nothing private leaks by accident. Every attribute they read is loaded by the selectors'
select_related/annotate, so serialising a page costs no extra query.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Q
from ninja import FilterLookup, FilterSchema, Schema

from whitecoat.metrics.enums import AccountUse, ConnectionState, Platform
from whitecoat.organizations.enums import EntityKind, PersonKind, Role
from whitecoat.program.enums import AmbassadorStatus, ConsultationState, NominationState

# ---------------------------------------------------------------------------- errors


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    """A WhiteCoatError: a rule of the program was broken; `code` is stable, `detail` human."""

    detail: str
    code: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# ------------------------------------------------------------------------ references


class Ref(Schema):
    """A related object, by id and name."""

    id: int
    name: str


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


# ------------------------------------------------------------------------- responses


class MeOut(Schema):
    username: str
    role: Role | None
    roles: list[Role]


class EntityOut(Schema):
    id: int
    name: str
    short_name: str
    kind: EntityKind
    parent: Ref | None

    @staticmethod
    def resolve_parent(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.parent)


class DepartmentOut(Schema):
    id: int
    name: str
    entity: Ref
    specialty: str
    national_rank: int | None
    rank_year: int | None

    @staticmethod
    def resolve_entity(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.entity)


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    display_name: str
    email: str
    kind: PersonKind
    credentials: str
    title: str
    department: Ref | None

    @staticmethod
    def resolve_department(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.department)


class CohortOut(Schema):
    id: int
    name: str
    entity: Ref
    launched_on: dt.date
    description: str

    @staticmethod
    def resolve_entity(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.entity)


class AmbassadorOut(Schema):
    id: int
    person: Ref
    department: Ref | None
    cohort: Ref
    status: AmbassadorStatus
    nominated_on: dt.date | None
    joined_on: dt.date | None
    account_count: int

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.display_name}

    @staticmethod
    def resolve_department(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.person.department)

    @staticmethod
    def resolve_cohort(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.cohort)


class AccountOut(Schema):
    """An account and its latest follower count. No credentials or tokens, ever."""

    id: int
    platform: Platform
    handle: str
    profile_url: str
    use: AccountUse
    connection_state: ConnectionState
    connected_at: dt.datetime | None
    opened_on: dt.date | None
    institutional: bool
    ambassador: Ref | None
    unit_department: Ref | None
    unit_entity: Ref | None
    # None when no figure has been collected yet: "no data" is never reported as 0.
    latest_followers: int | None
    latest_date: dt.date | None

    @staticmethod
    def resolve_institutional(obj: Any) -> bool:
        return obj.is_institutional

    @staticmethod
    def resolve_ambassador(obj: Any) -> dict[str, Any] | None:
        if obj.ambassador is None:
            return None
        return {"id": obj.ambassador_id, "name": obj.ambassador.person.display_name}

    @staticmethod
    def resolve_unit_department(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.unit_department)

    @staticmethod
    def resolve_unit_entity(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.unit_entity)


# --------------------------------------------------------------------------- filters
# Entities, departments, people and cohorts: the selectors scope, these filter the result.
# Ambassadors and accounts: the selectors take the filters themselves, so the pages and the
# API filter the same way; their query schemas are plain.


class EntityFilter(FilterSchema):
    kind: EntityKind | None = None


class DepartmentFilter(FilterSchema):
    entity: Annotated[int | None, FilterLookup("entity_id")] = None
    ranked: bool | None = None
    q: Annotated[str | None, FilterLookup(["name__icontains", "specialty__icontains"])] = None

    def filter_ranked(self, value: bool | None) -> Q:
        return Q() if value is None else Q(national_rank__isnull=not value)


class PersonFilter(FilterSchema):
    department: Annotated[int | None, FilterLookup("department_id")] = None
    kind: PersonKind | None = None
    q: str | None = None

    def filter_q(self, value: str | None) -> Q:
        """Every word must match a name or the email, like the pages' search."""
        q = Q()
        for word in (value or "").split():
            q &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return q


class CohortFilter(FilterSchema):
    entity: Annotated[int | None, FilterLookup("entity_id")] = None


class AmbassadorQuery(Schema):
    status: AmbassadorStatus | None = None
    cohort: int | None = None
    department: int | None = None
    entity: int | None = None
    q: str = ""


class AccountQuery(Schema):
    platform: Platform | None = None
    connection_state: ConnectionState | None = None
    institutional: bool | None = None
    ambassador: int | None = None
    department: int | None = None
    q: str = ""


class NominationOut(Schema):
    id: int
    person: Ref
    department: Ref | None
    cohort: Ref
    nominated_by: str
    rationale: str
    suggested_platforms: list[Platform]
    state: NominationState
    decision_reason: str
    ambassador_id: int | None
    ambassador_status: AmbassadorStatus | None
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.display_name}

    @staticmethod
    def resolve_department(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.person.department)

    @staticmethod
    def resolve_cohort(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.cohort)

    @staticmethod
    def resolve_nominated_by(obj: Any) -> str:
        return obj.nominated_by.get_username()

    @staticmethod
    def resolve_ambassador_status(obj: Any) -> str | None:
        return obj.ambassador.status if obj.ambassador else None


class NewPersonIn(Schema):
    first_name: str
    last_name: str
    email: str
    kind: PersonKind
    title: str = ""
    credentials: str = ""


class NominationIn(Schema):
    department: int
    cohort: int
    rationale: str
    suggested_platforms: list[Platform] = []
    person: int | None = None
    new_person: NewPersonIn | None = None


class NoteIn(Schema):
    text: str = ""


class StatusChangeOut(Schema):
    from_status: str
    to_status: AmbassadorStatus
    changed_at: dt.datetime
    changed_by: str | None
    reason: str

    @staticmethod
    def resolve_changed_by(obj: Any) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by else None


class TransitionIn(Schema):
    to_status: AmbassadorStatus
    reason: str = ""


class ConsultationOut(Schema):
    id: int
    topic: str
    details: str
    department: Ref | None
    preferred_times: str
    state: ConsultationState
    scheduled_for: dt.datetime | None
    outcome: str
    requested_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_department(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.department)

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return obj.requested_by.get_username()


class ConsultationIn(Schema):
    topic: str
    details: str = ""
    department: int | None = None
    preferred_times: str = ""
