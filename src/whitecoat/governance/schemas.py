"""The governance API's shapes. Fields are listed explicitly: nothing private leaks (no
tokens, no file contents)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Schema

from whitecoat.governance.enums import AccountRequestState, RegistryStatus
from whitecoat.metrics.enums import ConnectionState, Platform


class UnitRef(Schema):
    kind: Literal["department", "entity"]
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str
    email: str
    has_left: bool


def _unit(department: Any, entity: Any) -> dict[str, Any] | None:
    if department is not None:
        return {"kind": "department", "id": department.pk, "name": department.name}
    if entity is not None:
        return {"kind": "entity", "id": entity.pk, "name": entity.name}
    return None


def _person(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    left = person.user_id is not None and not person.user.is_active
    return {"id": person.pk, "name": person.full_name, "email": person.email, "has_left": left}


class RegistryEntryOut(Schema):
    """A registered institutional account; figures are None when there is no data."""

    id: int
    account_id: int
    platform: Platform
    handle: str
    profile_url: str
    unit: UnitRef | None
    status: RegistryStatus
    owner: PersonRef | None
    backup_owner: PersonRef | None
    purpose: str
    created_on: dt.date | None
    connection_state: ConnectionState
    latest_followers: int | None
    latest_date: dt.date | None
    last_post_on: dt.date | None
    last_confirmed: dt.date | None
    confirmation_overdue: bool

    @staticmethod
    def resolve_platform(obj: Any) -> str:
        return obj.account.platform

    @staticmethod
    def resolve_handle(obj: Any) -> str:
        return obj.account.handle

    @staticmethod
    def resolve_profile_url(obj: Any) -> str:
        return obj.account.profile_url

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any] | None:
        return _unit(obj.account.unit_department, obj.account.unit_entity)

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return _person(obj.owner)

    @staticmethod
    def resolve_backup_owner(obj: Any) -> dict[str, Any] | None:
        return _person(obj.backup_owner)

    @staticmethod
    def resolve_created_on(obj: Any) -> dt.date | None:
        return obj.account.opened_on

    @staticmethod
    def resolve_connection_state(obj: Any) -> str:
        return obj.account.connection_state

    @staticmethod
    def resolve_last_confirmed(obj: Any) -> dt.date | None:
        return timezone.localdate(obj.last_attested) if obj.last_attested else None

    @staticmethod
    def resolve_confirmation_overdue(obj: Any) -> bool:
        return obj.attestation_overdue


class RegistryQuery(Schema):
    q: str = ""
    entity: int | None = None
    department: int | None = None
    platform: Platform | None = None
    status: RegistryStatus | None = None
    problem: Literal["any", "no_owner", "departed", "no_backup", "overdue"] | None = None


class AuditQuery(Schema):
    start1: dt.date | None = None
    end1: dt.date | None = None
    start2: dt.date | None = None
    end2: dt.date | None = None
    dormant: int | None = None
    small: int | None = None
    entity: int | None = None
    department: int | None = None
    platform: Platform | None = None
    sort: Literal["account", "change", "last_post", "followers"] = "account"
    page: int = 1
    page_size: int = 50


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    days: int
    label: str


class RecommendationOut(Schema):
    kind: str
    reason: str
    merge_into: int | None
    hand_over_to: int | None


class AuditRowOut(Schema):
    entry_id: int
    account: str
    unit: str
    status: RegistryStatus
    owner: str
    owner_problem: str
    followers: int | None
    growth_first: int | None
    growth_second: int | None
    growth_change: float | None
    growth_change_words: str
    posts_per_week_first: float | None
    posts_per_week_second: float | None
    engagement_per_post_first: float | None
    engagement_per_post_second: float | None
    last_post: dt.date | None
    days_since_post: int | None
    dormant: bool | None
    overlaps: bool
    recommendation: RecommendationOut | None


class AuditTotalsOut(Schema):
    accounts: int
    comparable: int
    growth_first: int | None
    growth_second: int | None
    growth_change: float | None
    growth_change_words: str
    posts_per_week_first: float | None
    posts_per_week_second: float | None
    dormant: int
    dormancy_unknown: int
    without_owner: int
    departed_owner: int
    overlapping: int
    recommendations: dict[str, int]


class AuditOut(Schema):
    first: PeriodOut
    second: PeriodOut
    dormancy_days: int
    small: int
    totals: AuditTotalsOut
    count: int
    page: int
    pages: int
    items: list[AuditRowOut]


def period_out(period: Any) -> dict[str, Any]:
    return {"start": period.start, "end": period.end, "days": period.days, "label": period.label}


def audit_row_out(row: Any) -> dict[str, Any]:
    a, rec = row.account, row.recommendation
    return {
        "entry_id": a.entry_id,
        "account": a.label,
        "unit": a.unit_name,
        "status": a.status,
        "owner": a.owner_name,
        "owner_problem": row.owner_problem,
        "followers": row.followers,
        "growth_first": row.growth1.value,
        "growth_second": row.growth2.value,
        "growth_change": row.change.ratio,
        "growth_change_words": row.change.words,
        "posts_per_week_first": row.posts_week1,
        "posts_per_week_second": row.posts_week2,
        "engagement_per_post_first": row.engagement1,
        "engagement_per_post_second": row.engagement2,
        "last_post": a.last_post,
        "days_since_post": row.days_since_post,
        "dormant": row.dormant,
        "overlaps": row.overlap is not None,
        "recommendation": None
        if rec is None
        else {
            "kind": rec.kind,
            "reason": rec.reason,
            "merge_into": rec.merge_into,
            "hand_over_to": rec.hand_over_to,
        },
    }


def audit_totals_out(totals: Any) -> dict[str, Any]:
    return {
        "accounts": totals.accounts,
        "comparable": totals.comparable,
        "growth_first": totals.growth1,
        "growth_second": totals.growth2,
        "growth_change": totals.change.ratio,
        "growth_change_words": totals.change.words,
        "posts_per_week_first": totals.posts_week1,
        "posts_per_week_second": totals.posts_week2,
        "dormant": totals.dormant,
        "dormancy_unknown": totals.dormancy_unknown,
        "without_owner": totals.without_owner,
        "departed_owner": totals.departed_owner,
        "overlapping": totals.overlapping,
        "recommendations": totals.recommendations,
    }


class FreezeOut(Schema):
    id: int
    entity: UnitRef
    include_children: bool
    platform: Platform | None
    message: str
    effective_on: dt.date
    ended_on: dt.date | None
    in_force: bool

    @staticmethod
    def resolve_entity(obj: Any) -> dict[str, Any] | None:
        return _unit(None, obj.entity)

    @staticmethod
    def resolve_platform(obj: Any) -> str | None:
        return obj.platform or None

    @staticmethod
    def resolve_in_force(obj: Any) -> bool:
        today = timezone.localdate()
        return obj.effective_on <= today and (obj.ended_on is None or obj.ended_on > today)


class FreezeIn(Schema):
    entity: int
    message: str
    effective_on: dt.date | None = None
    platform: Platform | None = None
    include_children: bool = True


class FreezeEndIn(Schema):
    reason: str


class AlternativesOut(Schema):
    """Where to go instead of a new account (paths on this server)."""

    nominations: str
    consultations: str
    amplification: str


class AccountRequestOut(Schema):
    id: int
    platform: Platform
    unit: UnitRef | None
    proposed_handle: str
    purpose: str
    owner_name: str
    owner_email: str
    state: AccountRequestState
    answer: str
    freeze: FreezeOut | None
    requested_by: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    alternatives: AlternativesOut | None

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any] | None:
        return _unit(obj.unit_department, obj.unit_entity)

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return obj.requested_by.get_username()

    @staticmethod
    def resolve_alternatives(obj: Any) -> dict[str, str] | None:
        if obj.state != AccountRequestState.FROZEN:
            return None
        return {
            "nominations": reverse("nomination-list"),
            "consultations": reverse("consultation-list"),
            "amplification": reverse("content:request-list"),
        }


class AccountRequestIn(Schema):
    platform: Platform
    purpose: str
    department: int | None = None
    entity: int | None = None
    proposed_handle: str = ""
    owner_name: str = ""
    owner_email: str = ""


class RequestDecisionIn(Schema):
    action: Literal["approve", "decline", "exception", "withdraw"]
    reason: str = ""
