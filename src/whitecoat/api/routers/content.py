# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.
"""The content hub: the curation queue, consent, amplification requests and share kits."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import ConflictOut
from whitecoat.content import selectors, services
from whitecoat.content.enums import ContentKind, ItemState
from whitecoat.content.models import AmplificationRequest, ContentItem, ShareKit
from whitecoat.content.schemas import (
    AmplificationIn,
    AmplificationOut,
    AmplificationTransitionIn,
    ConsentIn,
    ConsentOut,
    ContentItemDetailOut,
    ContentItemOut,
    ContentUseIn,
    ContentUseOut,
    ItemTransitionIn,
    KitDetailOut,
    KitOut,
    KitShareIn,
    KitShareOut,
    MyItemOut,
    ProgramMetricOut,
)
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.models import Department
from whitecoat.organizations.roles import user_sees_everything
from whitecoat.program.selectors import ambassador_for_user

router = Router(tags=["content"])

# Lists and reads that only some roles may make answer 403 to the others.
ROLE_LIST_ERRORS: dict[int, Any] = {**LIST_ERRORS, 403: ConflictOut}
ROLE_DETAIL_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut}
# Writes answer 409 when a rule refuses (with the rule's message) and 403 when the role may not.
WRITE_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut}


def _curators_only(user: Any) -> None:
    if not selectors.user_may_curate(user=user):
        raise WhiteCoatError("The curation queue is for program admins.", code="forbidden")


def _my_ambassador(user: Any) -> Any:
    ambassador = ambassador_for_user(user=user)
    if ambassador is None or not selectors.user_may_use_hub(user=user):
        raise WhiteCoatError("This is for ambassadors.", code="forbidden")
    return ambassador


# ---------------------------------------------------------------------------- the queue


class QueueQuery(Schema):
    state: ItemState | None = ItemState.NEW
    show: str = "suggested"
    department: int | None = None
    platform: Platform | None = None
    kind: ContentKind | None = None
    consent: bool | None = None
    q: str = ""
    sort: str = "score"


@router.get("/content/items", response={200: list[ContentItemOut], **ROLE_LIST_ERRORS})
@paginate(Paginator)
def list_content_items(request: HttpRequest, params: Query[QueueQuery]) -> QuerySet[ContentItem]:
    """The curation queue (program admins): analysed ambassador posts, best score first.

    `state` (default new; empty for any), `show`: suggested (score 50+, never blocked),
    all, or blocked (held back by the compliance coach); filters `department`, `platform`,
    `kind`, `consent` (true/false) and `q`; `sort`: score or newest."""
    _curators_only(request.auth)
    filters = selectors.QueueFilters(
        state=params.state or "",
        show=params.show,
        department_id=params.department,
        platform=params.platform or "",
        kind=params.kind or "",
        consent="" if params.consent is None else ("yes" if params.consent else "no"),
        search=params.q,
        sort=params.sort,
    )
    return selectors.content_queue(user=request.auth, filters=filters)


def _item_detail(request: HttpRequest, item_id: int) -> ContentItem:
    item = selectors.item_get(user=request.auth, item_id=item_id)
    item.detail_uses = selectors.item_uses(item=item)
    item.detail_copy = selectors.item_suggested_copy(item=item)
    return item


@router.get("/content/items/{item_id}", response={200: ContentItemDetailOut, **DETAIL_ERRORS})
def get_content_item(request: HttpRequest, item_id: int) -> ContentItem:
    """One item with its uses and suggested copy for each institutional platform."""
    return _item_detail(request, item_id)


@router.post(
    "/content/items/{item_id}/transition", response={200: ContentItemDetailOut, **WRITE_ERRORS}
)
def transition_content_item(
    request: HttpRequest, item_id: int, payload: ItemTransitionIn
) -> ContentItem:
    """Program admins: shortlist, approve (needs consent and no blocking finding), archive,
    or send back. "used" is reached by recording a use."""
    item = selectors.item_get(user=request.auth, item_id=item_id)
    services.item_transition(
        item=item, to_state=payload.to_state, by=request.auth, reason=payload.reason
    )
    return _item_detail(request, item_id)


@router.post("/content/items/{item_id}/uses", response={201: ContentUseOut, **WRITE_ERRORS})
def record_content_use(request: HttpRequest, item_id: int, payload: ContentUseIn) -> Status:
    """Program admins: an institutional account used an approved item (where, when, copy)."""
    item = selectors.item_get(user=request.auth, item_id=item_id)
    account = get_object_or_404(selectors.institutional_accounts(), pk=payload.account)
    use = services.item_use_record(
        item=item,
        by=request.auth,
        account=account,
        used_at=payload.used_at,
        url=payload.url,
        copy=payload.copy_text,
    )
    return Status(201, use)


# ----------------------------------------------------------------------------- consent


def _consent_out(ambassador: Any) -> dict[str, Any]:
    overview = selectors.consent_overview(ambassador=ambassador)
    return {
        "everything": overview.everything,
        "platforms": overview.platforms,
        "posts": overview.posts,
    }


@router.get("/content/consent", response={200: ConsentOut, **ROLE_LIST_ERRORS})
def get_my_consent(request: HttpRequest) -> dict[str, Any]:
    """The signed-in ambassador's consent decisions (none: no consent)."""
    return _consent_out(_my_ambassador(request.auth))


@router.post("/content/consent", response={200: ConsentOut, **WRITE_ERRORS})
def set_my_consent(request: HttpRequest, payload: ConsentIn) -> dict[str, Any]:
    """Grant (true), withhold or withdraw (false) consent for all posts, one platform or one
    post; null removes that decision. Approved items without consent leave "use"."""
    ambassador = _my_ambassador(request.auth)
    post = None
    if payload.scope == "post":
        post = selectors.post_for_ambassador(ambassador=ambassador, post_id=payload.post or 0)
    services.consent_set(
        ambassador=ambassador,
        by=request.auth,
        granted=payload.granted,
        scope=payload.scope,
        platform=payload.platform or "",
        post=post,
    )
    return _consent_out(ambassador)


@router.get("/content/mine", response={200: list[MyItemOut], **ROLE_LIST_ERRORS})
@paginate(Paginator)
def list_my_posts(request: HttpRequest, used: bool = False) -> list[dict[str, Any]]:
    """The signed-in ambassador's analysed posts: consent, and where the institution used
    them (`used=true` for those only)."""
    ambassador = _my_ambassador(request.auth)
    return [
        {
            "post_id": item.post_id,
            "post_url": item.post.url,
            "platform": item.platform,
            "published_at": item.post.published_at,
            "consent": item.has_consent,
            "used": item.state == ItemState.USED,
            "uses": list(item.uses.all()),
        }
        for item in selectors.my_items(ambassador=ambassador, used_only=used)
    ]


# ------------------------------------------------------------------ amplification requests


@router.get(
    "/content/amplification-requests", response={200: list[AmplificationOut], **LIST_ERRORS}
)
@paginate(Paginator)
def list_amplification_requests(
    request: HttpRequest, show: str = "open"
) -> QuerySet[AmplificationRequest]:
    """Admins and leadership: every request; anyone else: their own. `show`: open, all, or
    a state."""
    return selectors.request_list(user=request.auth, show=show).prefetch_related("accounts")


@router.get(
    "/content/amplification-requests/{request_id}",
    response={200: AmplificationOut, **DETAIL_ERRORS},
)
def get_amplification_request(request: HttpRequest, request_id: int) -> AmplificationRequest:
    return selectors.request_get(user=request.auth, request_id=request_id)


@router.post("/content/amplification-requests", response={201: AmplificationOut, **WRITE_ERRORS})
def create_amplification_request(request: HttpRequest, payload: AmplificationIn) -> Status:
    """Anyone signed in: ask the social media team to get the word out."""
    department = (
        get_object_or_404(Department, pk=payload.department) if payload.department else None
    )
    created = services.amplification_request_submit(
        by=request.auth,
        kind=payload.kind,
        title=payload.title,
        summary=payload.summary,
        audience=payload.audience,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        links="\n".join(payload.links),
        department=department,
    )
    return Status(201, selectors.request_get(user=request.auth, request_id=created.pk))


@router.post(
    "/content/amplification-requests/{request_id}/transition",
    response={200: AmplificationOut, **WRITE_ERRORS},
)
def transition_amplification_request(
    request: HttpRequest, request_id: int, payload: AmplificationTransitionIn
) -> AmplificationRequest:
    """Admins accept (assigning an admin), decline (reason required) or complete (outcome:
    accounts that posted it, reach); the requester may withdraw."""
    amplification = selectors.request_get(user=request.auth, request_id=request_id)
    assignee = (
        get_object_or_404(get_user_model(), pk=payload.assigned_to) if payload.assigned_to else None
    )
    accounts = list(selectors.institutional_accounts().filter(pk__in=payload.accounts))
    if len(accounts) != len(set(payload.accounts)):
        raise WhiteCoatError("Choose the institution's accounts.", code="not_institutional")
    services.amplification_transition(
        request=amplification,
        to_state=payload.to_state,
        by=request.auth,
        reason=payload.reason,
        assigned_to=assignee,
        outcome=payload.outcome,
        accounts=accounts,
        reach=payload.reach,
    )
    return selectors.request_get(user=request.auth, request_id=request_id)


# --------------------------------------------------------------------------- share kits


@router.get("/content/kits", response={200: list[KitOut], **ROLE_LIST_ERRORS})
@paginate(Paginator)
def list_kits(request: HttpRequest, show: str = "open") -> QuerySet[ShareKit]:
    """Admins: every kit (`show`: open, draft, closed or all); ambassadors: the kits open
    to them."""
    if not selectors.user_may_use_hub(user=request.auth):
        raise WhiteCoatError("Share kits are for admins and ambassadors.", code="forbidden")
    return selectors.kit_list(user=request.auth, show=show)


@router.get("/content/kits/{kit_id}", response={200: KitDetailOut, **ROLE_DETAIL_ERRORS})
def get_kit(request: HttpRequest, kit_id: int) -> ShareKit:
    """A kit. For an ambassador, with their tracked link and their copy for each platform
    (their link is handed out on the first read)."""
    kit = selectors.kit_get(user=request.auth, kit_id=kit_id)
    if selectors.user_may_curate(user=request.auth):
        kit.for_admin = True
        return kit
    ambassador = _my_ambassador(request.auth)
    link = services.kit_link_for(kit=kit, ambassador=ambassador)
    kit.tracked_url = request.build_absolute_uri(reverse("content:kit-redirect", args=[link.token]))
    shares = selectors.kit_my_shares(kit=kit, ambassador=ambassador)
    kit.lines = selectors.kit_copy_for(
        kit=kit,
        link=link,
        url=kit.tracked_url,
        platforms=selectors.ambassador_platforms(ambassador=ambassador),
        shared=[s.platform for s in shares],
    )
    return kit


@router.post("/content/kits/{kit_id}/shares", response={201: KitShareOut, **WRITE_ERRORS})
def share_kit(request: HttpRequest, kit_id: int, payload: KitShareIn) -> Status:
    """The signed-in ambassador shared the kit on a platform (`url`: their post, optional)."""
    kit = selectors.kit_get(user=request.auth, kit_id=kit_id)
    ambassador = _my_ambassador(request.auth)
    share = services.kit_share_mark(
        kit=kit, ambassador=ambassador, by=request.auth, platform=payload.platform, url=payload.url
    )
    return Status(201, share)


# ---------------------------------------------------------------------- program metrics


@router.get("/content/metrics", response={200: list[ProgramMetricOut], **ROLE_LIST_ERRORS})
def get_content_metrics(
    request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None
) -> list[Any]:
    """Content repurposed, institutional posts shared and link clicks between `start` and
    `end` (both included; from the beginning, up to today, by default). Admins and
    leadership."""
    if not user_sees_everything(request.auth):
        raise WhiteCoatError("The program metrics are for admins and leadership.", code="forbidden")
    return selectors.content_program_metrics(first_day=start, last_day=end or timezone.localdate())
