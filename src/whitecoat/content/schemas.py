"""The content hub's API shapes. Fields are listed explicitly: nothing private leaks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from whitecoat.content.enums import (
    ConsentScope,
    ContentKind,
    ItemState,
    KitState,
    RequestKind,
    RequestState,
)
from whitecoat.metrics.enums import Platform


class LinkOut(Schema):
    url: str
    expanded: str
    kind: str
    source: str
    identifier: str
    title: str
    journal: str


class ScorePartOut(Schema):
    key: str
    label: str
    points: float
    maximum: float
    detail: str
    known: bool


class AttributionOut(Schema):
    ambassador_id: int
    author: str
    department: str | None
    platform: Platform
    handle: str
    post_url: str
    published_at: dt.datetime


class ContentUseOut(Schema):
    id: int
    account_id: int
    account: str
    platform: Platform
    used_at: dt.datetime
    url: str
    copy_text: str

    @staticmethod
    def resolve_account(obj: Any) -> str:
        return obj.account.handle

    @staticmethod
    def resolve_platform(obj: Any) -> str:
        return obj.account.platform

    @staticmethod
    def resolve_copy_text(obj: Any) -> str:
        return obj.copy


class ContentItemOut(Schema):
    """An analysed ambassador post in the curation queue."""

    id: int
    post_id: int
    state: ItemState
    kind: ContentKind
    score: float
    suggested: bool
    blocked: bool
    consent: bool
    text: str
    attribution: AttributionOut
    departments: list[str]
    topics: list[str]
    links: list[LinkOut]
    score_parts: list[ScorePartOut]
    analysed_at: dt.datetime

    @staticmethod
    def resolve_blocked(obj: Any) -> bool:
        return bool(getattr(obj, "is_blocked", obj.blocked))

    @staticmethod
    def resolve_consent(obj: Any) -> bool:
        return bool(getattr(obj, "has_consent", False))

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return obj.post.text

    @staticmethod
    def resolve_attribution(obj: Any) -> dict[str, Any]:
        person = obj.ambassador.person
        return {
            "ambassador_id": obj.ambassador_id,
            "author": person.display_name,
            "department": person.department.name if person.department else None,
            "platform": obj.post.account.platform,
            "handle": obj.post.account.handle,
            "post_url": obj.post.url,
            "published_at": obj.post.published_at,
        }

    @staticmethod
    def resolve_departments(obj: Any) -> list[str]:
        return [d.name for d in obj.departments.all()]

    @staticmethod
    def resolve_links(obj: Any) -> list[dict[str, Any]]:
        return [link for link in obj.links if isinstance(link, dict)]

    @staticmethod
    def resolve_score_parts(obj: Any) -> list[dict[str, Any]]:
        return [part for part in obj.score_parts if isinstance(part, dict)]


class SuggestedCopyOut(Schema):
    platform: Platform
    text: str
    length: int
    limit: int
    accounts: list[str]


class ContentItemDetailOut(ContentItemOut):
    """The router sets `detail_uses` and `detail_copy` on the item before answering."""

    uses: list[ContentUseOut]
    suggested_copy: list[SuggestedCopyOut]

    @staticmethod
    def resolve_uses(obj: Any) -> list[Any]:
        return list(getattr(obj, "detail_uses", []))

    @staticmethod
    def resolve_suggested_copy(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "platform": copy.platform,
                "text": copy.text,
                "length": copy.length,
                "limit": copy.limit,
                "accounts": [a.handle for a in copy.accounts],
            }
            for copy in getattr(obj, "detail_copy", [])
        ]


class ItemTransitionIn(Schema):
    to_state: ItemState
    reason: str = ""


class ContentUseIn(Schema):
    account: int
    used_at: dt.datetime | None = None
    url: str = ""
    copy_text: str = ""


class ConsentOut(Schema):
    everything: bool | None
    platforms: dict[str, bool]
    posts: dict[int, bool]


class ConsentIn(Schema):
    scope: ConsentScope = ConsentScope.ALL
    platform: Platform | None = None
    post: int | None = None
    # true grants, false withholds or withdraws, null removes this decision.
    granted: bool | None


class MyItemOut(Schema):
    post_id: int
    post_url: str
    platform: Platform
    published_at: dt.datetime
    consent: bool
    used: bool
    uses: list[ContentUseOut]


class AmplificationOut(Schema):
    id: int
    kind: RequestKind
    title: str
    summary: str
    audience: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    links: list[str]
    department: str | None
    state: RequestState
    requested_by: str
    assigned_to: str | None
    outcome: str
    accounts: list[str]
    reach: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_links(obj: Any) -> list[str]:
        return [line for line in obj.links.splitlines() if line.strip()]

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department else None

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return obj.requested_by.get_username()

    @staticmethod
    def resolve_assigned_to(obj: Any) -> str | None:
        return obj.assigned_to.get_username() if obj.assigned_to else None

    @staticmethod
    def resolve_accounts(obj: Any) -> list[str]:
        return [f"{a.platform} {a.handle}" for a in obj.accounts.all()]


class AmplificationIn(Schema):
    kind: RequestKind = RequestKind.STORY
    title: str
    summary: str
    audience: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    links: list[str] = []
    department: int | None = None


class AmplificationTransitionIn(Schema):
    to_state: RequestState
    reason: str = ""
    assigned_to: int | None = None
    outcome: str = ""
    accounts: list[int] = []
    reach: int | None = None


class KitCopyOut(Schema):
    platform: Platform
    text: str
    length: int
    limit: int
    shared: bool


class KitOut(Schema):
    id: int
    title: str
    summary: str
    state: KitState
    department: str | None
    published_at: dt.datetime | None
    closes_on: dt.date | None
    has_image: bool

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department else None

    @staticmethod
    def resolve_has_image(obj: Any) -> bool:
        return bool(obj.image)


class KitDetailOut(KitOut):
    """For an ambassador: their tracked link and their copy. For admins: the kit's link.
    The router sets `for_admin`, `tracked_url` and `lines` on the kit before answering."""

    link: str | None
    tracked_link: str | None
    copy_for_me: list[KitCopyOut]

    @staticmethod
    def resolve_link(obj: Any) -> str | None:
        return obj.link if getattr(obj, "for_admin", False) else None

    @staticmethod
    def resolve_tracked_link(obj: Any) -> str | None:
        return getattr(obj, "tracked_url", None)

    @staticmethod
    def resolve_copy_for_me(obj: Any) -> list[dict[str, Any]]:
        return [line.__dict__ for line in getattr(obj, "lines", [])]


class KitShareIn(Schema):
    platform: Platform
    url: str = ""


class KitShareOut(Schema):
    kit_id: int
    platform: Platform
    shared_at: dt.datetime
    url: str


class ProgramMetricOut(Schema):
    key: str
    label: str
    value: int
    source: str
