# No `from __future__ import annotations` here: ninja reads these signatures at runtime.
"""Governance: the institutional account registry, its audit, freezes on new unit accounts
and the requests for them — the same selectors, services and scoping as the pages."""

import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import ConflictOut
from whitecoat.core.errors import WhiteCoatError
from whitecoat.governance import selectors, services
from whitecoat.governance.audit import (
    DORMANCY_DAYS,
    SMALL_FOLLOWERS,
    AuditError,
    default_periods,
    period_make,
)
from whitecoat.governance.enums import AccountRequestState
from whitecoat.governance.models import AccountFreeze, AccountRequest, RegisteredAccount
from whitecoat.governance.schemas import (
    AccountRequestIn,
    AccountRequestOut,
    AuditOut,
    AuditQuery,
    FreezeEndIn,
    FreezeIn,
    FreezeOut,
    RegistryEntryOut,
    RegistryQuery,
    RequestDecisionIn,
    audit_row_out,
    audit_totals_out,
    period_out,
)
from whitecoat.organizations.models import Department, Entity

router = Router(tags=["governance"])

ROLE_LIST_ERRORS: dict[int, Any] = {**LIST_ERRORS, 403: ConflictOut}
WRITE_ERRORS: dict[int, Any] = {**LIST_ERRORS, 403: ConflictOut, 409: ConflictOut}
DETAIL_WRITE_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut}
REQUEST_ACTIONS = {
    "approve": AccountRequestState.APPROVED,
    "decline": AccountRequestState.DECLINED,
    "exception": AccountRequestState.EXCEPTION,
    "withdraw": AccountRequestState.WITHDRAWN,
}


def _forbidden(message: str) -> WhiteCoatError:
    return WhiteCoatError(message, code="forbidden")


def _find(model: Any, pk: int | None, what: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise WhiteCoatError(f"There is no {what} {pk}.", code=f"unknown_{what}")
    return found


# ------------------------------------------------------------------------------ registry


@router.get("/governance/registry", response={200: list[RegistryEntryOut], **ROLE_LIST_ERRORS})
@paginate(Paginator)
def list_registry(request: HttpRequest, params: Query[RegistryQuery]) -> QuerySet:
    """The institution's registered accounts with their latest followers, last post and
    yearly confirmation. Program admins and leadership see all of them, nominators their
    departments'; other roles get 403. Filters as on the registry page; `problem` is any,
    no_owner, departed (the owner's login is deactivated), no_backup or overdue."""
    if not selectors.user_may_read_registry(user=request.auth):
        raise _forbidden("The registry is for program admins, leadership and nominators.")
    filters = selectors.RegistryFilters(
        search=params.q,
        entity_id=params.entity,
        department_id=params.department,
        platform=params.platform or "",
        status=params.status or "",
        problem=params.problem or "",
    )
    return selectors.registry_list(user=request.auth, filters=filters)


@router.get("/governance/registry/{entry_id}", response={200: RegistryEntryOut, **DETAIL_ERRORS})
def get_registry_entry(request: HttpRequest, entry_id: int) -> RegisteredAccount:
    """One registered account; outside the caller's scope it does not exist (404)."""
    return selectors.registry_get(user=request.auth, entry_id=entry_id)


# ----------------------------------------------------------------------------- the audit


def _period(start: Any, end: Any, default: Any, field: str) -> Any:
    try:
        return period_make(start or default.start, end or default.end, today=timezone.localdate())
    except AuditError as error:
        raise ValidationError(
            [{"loc": ["query", field], "msg": str(error), "type": "value_error"}]
        ) from None


@router.get("/governance/audit", response={200: AuditOut, **ROLE_LIST_ERRORS})
def get_audit(request: HttpRequest, params: Query[AuditQuery]) -> dict[str, Any]:
    """The audit over two periods, with the page's parameters: `start1`/`end1` and
    `start2`/`end2` (ISO dates, both days included; default: the twelve months before the
    last twelve, and the last twelve), `dormant` (days without a post, default 90), `small`
    (followers, default 1,000), filters `entity`, `department`, `platform`, and `sort`.
    `growth_change` is (second − first) / |first| (−0.52 reads “52 % decrease”); null with
    its words when there is no data or the first growth is 0. Program admins and leadership
    only."""
    if not selectors.user_may_audit(user=request.auth):
        raise _forbidden("The audit is for program admins and leadership.")
    first_default, second_default = default_periods(timezone.localdate())
    first = _period(params.start1, params.end1, first_default, "start1")
    second = _period(params.start2, params.end2, second_default, "start2")
    for name, value in (("dormant", params.dormant), ("small", params.small)):
        if value is not None and value < 1:
            raise ValidationError(
                [{"loc": ["query", name], "msg": "must be 1 or more", "type": "value_error"}]
            )
    page_size = max(1, min(params.page_size, 500))
    result = selectors.audit_run(
        user=request.auth,
        first=first,
        second=second,
        dormancy_days=params.dormant or DORMANCY_DAYS,
        small=params.small or SMALL_FOLLOWERS,
        filters=selectors.AuditFilters(
            entity_id=params.entity,
            department_id=params.department,
            platform=params.platform or "",
        ),
        sort=params.sort,
    )
    count = len(result.rows)
    pages = max(1, math.ceil(count / page_size))
    page = max(1, min(params.page, pages))
    rows = result.rows[(page - 1) * page_size : page * page_size]
    audit = result.audit
    return {
        "first": period_out(audit.first),
        "second": period_out(audit.second),
        "dormancy_days": audit.dormancy_days,
        "small": audit.small,
        "totals": audit_totals_out(audit.totals),
        "count": count,
        "page": page,
        "pages": pages,
        "items": [audit_row_out(row) for row in rows],
    }


# ----------------------------------------------------------------------------- requests


@router.get("/governance/requests", response={200: list[AccountRequestOut], **LIST_ERRORS})
@paginate(Paginator)
def list_account_requests(
    request: HttpRequest, mine: bool = False, state: AccountRequestState | None = None
) -> QuerySet:
    """Requests for new unit accounts: admins and leadership see all (`mine=true`: their
    own), everyone else their own. A request declined by a freeze carries the freeze and
    the `alternatives`: where to join the ambassador program, book a consultation or ask
    for amplification."""
    return selectors.account_request_list(user=request.auth, show=state or "", mine=mine)


@router.post("/governance/requests", response={201: AccountRequestOut, **WRITE_ERRORS})
def create_account_request(request: HttpRequest, payload: AccountRequestIn) -> Status:
    """Anyone signed in asks for a new unit account (a `department` or an `entity`). Under a
    freeze the answer is immediate: state `frozen`, with the freeze's message."""
    department = _find(Department, payload.department, "department")
    entity = _find(Entity, payload.entity, "entity")
    created = services.account_request_submit(
        by=request.auth,
        platform=payload.platform,
        purpose=payload.purpose,
        unit_department=department,
        unit_entity=entity,
        proposed_handle=payload.proposed_handle,
        owner_name=payload.owner_name,
        owner_email=payload.owner_email,
    )
    return Status(201, selectors.account_request_get(user=request.auth, request_id=created.pk))


@router.get("/governance/requests/{request_id}", response={200: AccountRequestOut, **DETAIL_ERRORS})
def get_account_request(request: HttpRequest, request_id: int) -> AccountRequest:
    return selectors.account_request_get(user=request.auth, request_id=request_id)


@router.post(
    "/governance/requests/{request_id}/decision",
    response={200: AccountRequestOut, **DETAIL_WRITE_ERRORS},
)
def decide_account_request(
    request: HttpRequest, request_id: int, payload: RequestDecisionIn
) -> AccountRequest:
    """Admins `approve` or `decline` a waiting request, or grant an `exception` to a freeze
    (a `reason` is required to decline or grant one); the requester may `withdraw`."""
    account_request = selectors.account_request_get(user=request.auth, request_id=request_id)
    services.account_request_transition(
        request=account_request,
        to_state=REQUEST_ACTIONS[payload.action],
        by=request.auth,
        reason=payload.reason,
    )
    return selectors.account_request_get(user=request.auth, request_id=request_id)


# ------------------------------------------------------------------------------ freezes


@router.get("/governance/freezes", response={200: list[FreezeOut], **LIST_ERRORS})
@paginate(Paginator)
def list_freezes(request: HttpRequest, show: str = "current") -> QuerySet:
    """Freezes on new unit accounts: `current` (in force or to come), `ended` or `all`.
    Everyone signed in may read them."""
    return selectors.freeze_list(show=show if show in {"current", "ended", "all"} else "current")


@router.post("/governance/freezes", response={201: FreezeOut, **WRITE_ERRORS})
def create_freeze(request: HttpRequest, payload: FreezeIn) -> Status:
    """Program admins: freeze new unit accounts of an entity (and, with `include_children`,
    everything below it), on one `platform` or all, from `effective_on` (default today)."""
    if not selectors.user_may_manage_registry(user=request.auth):
        raise _forbidden("Only program admins can freeze new accounts.")
    entity = _find(Entity, payload.entity, "entity")
    freeze = services.freeze_create(
        by=request.auth,
        entity=entity,
        message=payload.message,
        effective_on=payload.effective_on or timezone.localdate(),
        platform=payload.platform or "",
        include_children=payload.include_children,
    )
    return Status(201, freeze)


@router.post(
    "/governance/freezes/{freeze_id}/end", response={200: FreezeOut, **DETAIL_WRITE_ERRORS}
)
def end_freeze(request: HttpRequest, freeze_id: int, payload: FreezeEndIn) -> AccountFreeze:
    """Program admins: end a freeze from today, with the reason."""
    freeze = get_object_or_404(AccountFreeze, pk=freeze_id)
    return services.freeze_end(freeze=freeze, by=request.auth, reason=payload.reason)
