"""Reads of the content hub, scoped to what the user may see.

Program admins curate (the queue, every request and kit); ambassadors see their own posts'
consent and uses, the kits open to them and their requests; anyone signed in sees the
amplification requests they made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from whitecoat.content import copywriting
from whitecoat.content.enums import ConsentScope, ItemState, KitState, RequestState
from whitecoat.content.links import Link
from whitecoat.content.models import (
    AmplificationRequest,
    Consent,
    ConsentChange,
    ContentItem,
    ContentUse,
    ItemChange,
    KitClick,
    KitCopy,
    KitLink,
    KitShare,
    RequestChange,
    ShareKit,
)
from whitecoat.content.topics import TOPIC_LABELS
from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.metrics.models import Post, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_is_admin, user_roles, user_sees_everything
from whitecoat.program.models import Ambassador
from whitecoat.program.selectors import ambassador_for_user

try:  # The compliance coach's findings decide what is never suggested.
    from whitecoat.screening.models import Finding
except ImportError:  # pragma: no cover - the screening app is always installed here
    Finding = None  # type: ignore[assignment,misc]

PLATFORM_LABELS = dict(Platform.choices)
# Finding.severity and Finding.state values the hub reads (screening's enums name them).
SEVERITY_BLOCK = "block"
STATE_DISMISSED = "dismissed"

# ----------------------------------------------------------------------------- who may


def user_may_curate(*, user: Any) -> bool:
    return user_is_admin(user)


def user_may_use_hub(*, user: Any) -> bool:
    """The hub's pages beyond requests: program admins and ambassadors."""
    return bool(user_roles(user) & {Role.PROGRAM_ADMIN, Role.AMBASSADOR})


# -------------------------------------------------------------------------- compliance


def _blocking_findings() -> Any:
    if Finding is None:
        return None
    return Finding.objects.filter(severity=SEVERITY_BLOCK).exclude(state=STATE_DISMISSED)


def blocking_post_ids(*, post_ids: Iterable[int]) -> set[int]:
    """Posts with a blocking finding an admin has not dismissed as a false positive."""
    findings = _blocking_findings()
    if findings is None:
        return set()
    return set(
        findings.filter(screening__post_id__in=list(post_ids)).values_list(
            "screening__post_id", flat=True
        )
    )


def item_is_blocked(*, item: ContentItem) -> bool:
    return bool(blocking_post_ids(post_ids=[item.post_id]))


def _blocked_annotation() -> Any:
    findings = _blocking_findings()
    if findings is None:
        return Value(False, output_field=BooleanField())
    return Exists(findings.filter(screening__post_id=OuterRef("post_id")))


# ----------------------------------------------------------------------------- consent


def consent_granted(*, ambassador_id: int, platform: str, post_id: int | None) -> bool:
    """The most specific decision wins: this post's, then the platform's, then the
    ambassador's global one; without any decision the answer is no."""
    rows = Consent.objects.filter(ambassador_id=ambassador_id).filter(
        Q(scope=ConsentScope.ALL)
        | Q(scope=ConsentScope.PLATFORM, platform=platform)
        | Q(scope=ConsentScope.POST, post_id=post_id)
    )
    decided = {row.scope: row.granted for row in rows}
    for scope in (ConsentScope.POST, ConsentScope.PLATFORM, ConsentScope.ALL):
        if scope in decided:
            return decided[scope]
    return False


def consent_annotation(
    ambassador: str = "ambassador_id", platform: str = "platform", post: str = "post_id"
) -> Any:
    """The same rule as `consent_granted`, as an SQL expression over a queryset's rows."""
    base = Consent.objects.filter(ambassador_id=OuterRef(ambassador))
    for_post = base.filter(scope=ConsentScope.POST, post_id=OuterRef(post)).values("granted")[:1]
    for_platform = base.filter(scope=ConsentScope.PLATFORM, platform=OuterRef(platform)).values(
        "granted"
    )[:1]
    for_all = base.filter(scope=ConsentScope.ALL).values("granted")[:1]
    return Coalesce(
        Subquery(for_post),
        Subquery(for_platform),
        Subquery(for_all),
        Value(False),
        output_field=BooleanField(),
    )


@dataclass(frozen=True)
class ConsentOverview:
    everything: bool | None
    platforms: dict[str, bool]
    posts: dict[int, bool]


def consent_overview(*, ambassador: Ambassador) -> ConsentOverview:
    rows = list(Consent.objects.filter(ambassador=ambassador))
    return ConsentOverview(
        everything=next((r.granted for r in rows if r.scope == ConsentScope.ALL), None),
        platforms={r.platform: r.granted for r in rows if r.scope == ConsentScope.PLATFORM},
        posts={r.post_id: r.granted for r in rows if r.scope == ConsentScope.POST},
    )


def consent_history(*, ambassador: Ambassador, limit: int = 20) -> list[ConsentChange]:
    return list(
        ConsentChange.objects.filter(ambassador=ambassador)
        .select_related("post", "changed_by")
        .order_by("-changed_at", "-id")[:limit]
    )


# ---------------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueFilters:
    state: str = ItemState.NEW
    show: str = "suggested"  # suggested | all | blocked | any
    department_id: int | None = None
    platform: str = ""
    kind: str = ""
    consent: str = ""  # "" | "yes" | "no"
    search: str = ""
    sort: str = "score"  # score | newest


def _items() -> QuerySet[ContentItem]:
    return (
        ContentItem.objects.select_related(
            "post", "post__account", "ambassador__person", "ambassador__person__department"
        )
        .prefetch_related("departments")
        .annotate(has_consent=consent_annotation(), is_blocked=_blocked_annotation())
    )


def content_queue(*, user: Any, filters: QueueFilters | None = None) -> QuerySet[ContentItem]:
    """The curation queue: program admins only (everyone else gets nothing)."""
    if not user_may_curate(user=user):
        return ContentItem.objects.none()
    filters = filters or QueueFilters()
    items = _items()
    if filters.state:
        items = items.filter(state=filters.state)
    # suggested: score 50+ and nothing blocking; all: every analysed post but the blocked;
    # blocked: only those the compliance coach holds back; any: everything (one item's page).
    if filters.show == "suggested":
        items = items.filter(suggested=True, is_blocked=False)
    elif filters.show == "blocked":
        items = items.filter(is_blocked=True)
    elif filters.show != "any":
        items = items.filter(is_blocked=False)
    if filters.department_id:
        items = items.filter(departments__id=filters.department_id)
    if filters.platform:
        items = items.filter(platform=filters.platform)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.consent == "yes":
        items = items.filter(has_consent=True)
    elif filters.consent == "no":
        items = items.filter(has_consent=False)
    for word in filters.search.split():
        items = items.filter(
            Q(post__text__icontains=word)
            | Q(ambassador__person__first_name__icontains=word)
            | Q(ambassador__person__last_name__icontains=word)
            | Q(post__account__handle__icontains=word)
        )
    if filters.sort == "newest":
        return items.order_by("-post__published_at", "-id")
    return items.order_by("-score", "-post__published_at", "-id")


def queue_counts(*, user: Any) -> dict[str, int]:
    """Items in each state (new: the suggested ones), and those held back as blocked."""
    if not user_may_curate(user=user):
        return {}
    items = ContentItem.objects.annotate(is_blocked=_blocked_annotation())
    counts = dict(
        items.filter(~Q(state=ItemState.NEW) | Q(suggested=True, is_blocked=False))
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    out = {state.value: counts.get(state.value, 0) for state in ItemState}
    out["blocked"] = items.filter(is_blocked=True).count()
    return out


def item_get(*, user: Any, item_id: int) -> ContentItem:
    """One item for its curators; anything else is a 404."""
    try:
        return content_queue(user=user, filters=QueueFilters(state="", show="any")).get(pk=item_id)
    except ContentItem.DoesNotExist:
        raise Http404("No such item.") from None


def item_links(*, item: ContentItem) -> list[Link]:
    return [Link.from_dict(data) for data in item.links if isinstance(data, dict)]


def item_topics(*, item: ContentItem) -> list[str]:
    return [TOPIC_LABELS.get(key, key) for key in item.topics]


def item_history(*, item: ContentItem) -> list[ItemChange]:
    return list(item.changes.select_related("changed_by").order_by("changed_at", "id"))


def item_uses(*, item: ContentItem) -> list[ContentUse]:
    return list(item.uses.select_related("account", "recorded_by").order_by("used_at", "id"))


def institutional_accounts() -> QuerySet[SocialAccount]:
    return (
        SocialAccount.objects.filter(ambassador__isnull=True)
        .select_related("unit_department", "unit_entity")
        .order_by("platform", "handle")
    )


@dataclass(frozen=True)
class SuggestedCopy:
    platform: str
    label: str
    text: str
    length: int
    limit: int
    accounts: list[SocialAccount]


def item_suggested_copy(
    *, item: ContentItem, accounts: Sequence[SocialAccount] | None = None
) -> list[SuggestedCopy]:
    """Suggested copy for each platform the institution has an account on."""
    accounts = list(accounts if accounts is not None else institutional_accounts())
    by_platform: dict[str, list[SocialAccount]] = {}
    for account in accounts:
        by_platform.setdefault(account.platform, []).append(account)
    links = item_links(item=item)
    research = next((link for link in links if link.is_research), None)
    post = item.post
    link = research.expanded if research is not None else post.url
    person = item.ambassador.person
    out = []
    for platform, platform_accounts in sorted(by_platform.items()):
        text = copywriting.repurpose_copy(
            platform=platform,
            kind=item.kind,
            text=post.text,
            author=person.display_name,
            handle=post.account.handle,
            author_platform=post.account.platform,
            link=link,
            title=research.title if research is not None else "",
        )
        out.append(
            SuggestedCopy(
                platform=platform,
                label=PLATFORM_LABELS.get(platform, platform),
                text=text,
                length=copywriting.length_on(platform, text),
                limit=copywriting.limit_for(platform),
                accounts=platform_accounts,
            )
        )
    return out


def department_keyword_rows() -> list[dict[str, Any]]:
    """Each department with its keyword list (as edited, or the starter list)."""
    from whitecoat.content.models import DepartmentKeywords
    from whitecoat.content.topics import default_keywords, parse_keywords
    from whitecoat.organizations.models import Department

    edited = {k.department_id: k for k in DepartmentKeywords.objects.select_related("updated_by")}
    counts = dict(
        ContentItem.departments.through.objects.values_list("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
        .order_by()
    )
    rows = []
    for department in Department.objects.select_related("entity").order_by("name"):
        record = edited.get(department.pk)
        keywords = (
            parse_keywords(record.keywords)
            if record
            else default_keywords(department.name, department.specialty)
        )
        rows.append(
            {
                "department": department,
                "keywords": keywords,
                "text": "\n".join(keywords),
                "edited": record,
                "tagged": counts.get(department.pk, 0),
            }
        )
    return rows


# ------------------------------------------------------------------- the ambassador's own


def my_items(*, ambassador: Ambassador, used_only: bool = False) -> QuerySet[ContentItem]:
    """The ambassador's analysed posts (their uses loaded), best first."""
    items = (
        ContentItem.objects.filter(ambassador=ambassador)
        .select_related("post", "post__account")
        .prefetch_related(
            Prefetch(
                "uses", queryset=ContentUse.objects.select_related("account").order_by("used_at")
            )
        )
        .annotate(has_consent=consent_annotation())
    )
    if used_only:
        items = items.filter(state=ItemState.USED)
    return items.order_by("-post__published_at", "-id")


def my_posts_for_consent(*, ambassador: Ambassador, limit: int = 20) -> list[ContentItem]:
    """Their most recent analysed posts, with the consent that applies to each."""
    return list(my_items(ambassador=ambassador)[:limit])


def ambassador_platforms(*, ambassador: Ambassador) -> list[str]:
    return sorted(
        set(
            SocialAccount.objects.filter(
                ambassador=ambassador, use=AccountUse.PROFESSIONAL
            ).values_list("platform", flat=True)
        )
    )


@dataclass(frozen=True)
class ContentNumbers:
    repurposed: int
    kits_shared: int
    link_clicks: int


def ambassador_content_numbers(*, ambassador: Ambassador) -> ContentNumbers:
    return ContentNumbers(
        repurposed=ContentItem.objects.filter(ambassador=ambassador, state=ItemState.USED).count(),
        kits_shared=KitShare.objects.filter(ambassador=ambassador).count(),
        link_clicks=KitClick.objects.filter(link__ambassador=ambassador).count(),
    )


# ------------------------------------------------------------------ amplification requests


def request_list(*, user: Any, show: str = "open") -> QuerySet[AmplificationRequest]:
    """Admins and leadership see every request; everyone else their own."""
    requests = AmplificationRequest.objects.select_related(
        "requested_by", "assigned_to", "department"
    )
    if not user_sees_everything(user):
        requests = requests.filter(requested_by_id=user.pk)
    if show == "open":
        requests = requests.filter(state__in=[RequestState.SUBMITTED, RequestState.ACCEPTED])
    elif show in RequestState.values:
        requests = requests.filter(state=show)
    return requests.order_by("-created_at", "-id")


def request_get(*, user: Any, request_id: int) -> AmplificationRequest:
    try:
        return request_list(user=user, show="all").get(pk=request_id)
    except AmplificationRequest.DoesNotExist:
        raise Http404("No such request.") from None


def request_history(*, request: AmplificationRequest) -> list[RequestChange]:
    return list(request.changes.select_related("changed_by").order_by("changed_at", "id"))


# --------------------------------------------------------------------------- share kits


def _kits_for(ambassador: Ambassador) -> QuerySet[ShareKit]:
    today = timezone.localdate()
    return ShareKit.objects.filter(state=KitState.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today),
        Q(department__isnull=True) | Q(department_id=ambassador.person.department_id),
    )


def _count(rows: QuerySet[Any], group: str) -> Any:
    """How many `rows` there are, as a correlated subquery (no join fan-out)."""
    counted = rows.order_by().values(group).annotate(n=Count("id")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def kit_list(*, user: Any, show: str = "open") -> QuerySet[ShareKit]:
    """Admins: every kit (open, drafts or closed ones); ambassadors: the kits open to them."""
    if user_may_curate(user=user):
        kits = ShareKit.objects.all()
        if show in KitState.values:
            kits = kits.filter(state=show)
        return (
            kits.select_related("department", "created_by")
            .annotate(
                link_count=_count(KitLink.objects.filter(kit=OuterRef("pk")), "kit"),
                share_count=_count(KitShare.objects.filter(kit=OuterRef("pk")), "kit"),
                click_count=_count(KitClick.objects.filter(link__kit=OuterRef("pk")), "link__kit"),
            )
            .order_by("-published_at", "-created_at", "-id")
        )
    ambassador = ambassador_for_user(user=user)
    if ambassador is None or not user_may_use_hub(user=user):
        return ShareKit.objects.none()
    mine = KitShare.objects.filter(kit=OuterRef("pk"), ambassador=ambassador)
    return (
        _kits_for(ambassador)
        .select_related("department")
        .annotate(my_shares=_count(mine, "kit"))
        .order_by("-published_at", "-id")
    )


def kit_get(*, user: Any, kit_id: int) -> ShareKit:
    try:
        return kit_list(user=user, show="all").get(pk=kit_id)
    except ShareKit.DoesNotExist:
        raise Http404("No such kit.") from None


@dataclass(frozen=True)
class KitCopyLine:
    platform: str
    label: str
    text: str
    length: int
    limit: int
    shared: bool


def kit_copy_for(
    *, kit: ShareKit, link: KitLink, url: str, platforms: Sequence[str], shared: Iterable[str] = ()
) -> list[KitCopyLine]:
    """The ambassador's copy for each platform of the kit (theirs first), their link in it."""
    variants: dict[str, list[str]] = {}
    for copy in KitCopy.objects.filter(kit=kit).order_by("platform", "position"):
        variants.setdefault(copy.platform, []).append(copy.text)
    shared = set(shared)
    ordered = sorted(variants, key=lambda p: (p not in platforms, PLATFORM_LABELS.get(p, p)))
    lines = []
    for platform in ordered:
        text = copywriting.variant_for(
            variants[platform], seat=link.seat, platform=platform, link=url
        )
        lines.append(
            KitCopyLine(
                platform=platform,
                label=PLATFORM_LABELS.get(platform, platform),
                text=text,
                length=copywriting.length_on(platform, text),
                limit=copywriting.limit_for(platform),
                shared=platform in shared,
            )
        )
    return lines


def kit_copies(*, kit: ShareKit) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for copy in kit.copies.order_by("platform", "position"):
        out.setdefault(copy.platform, []).append(copy.text)
    return out


def kit_my_shares(*, kit: ShareKit, ambassador: Ambassador) -> list[KitShare]:
    return list(KitShare.objects.filter(kit=kit, ambassador=ambassador).order_by("platform"))


@dataclass(frozen=True)
class KitRow:
    ambassador: Ambassador
    token: str
    clicks: int
    shares: list[str]


def kit_stats(*, kit: ShareKit) -> list[KitRow]:
    """Per ambassador: their link, the clicks it got and where they shared the kit."""
    shares: dict[int, list[str]] = {}
    for ambassador_id, platform in KitShare.objects.filter(kit=kit).values_list(
        "ambassador_id", "platform"
    ):
        shares.setdefault(ambassador_id, []).append(PLATFORM_LABELS.get(platform, platform))
    links = (
        KitLink.objects.filter(kit=kit)
        .select_related("ambassador__person")
        .annotate(click_count=Count("clicks"))
        .order_by("-click_count", "ambassador__person__last_name", "id")
    )
    rows = [
        KitRow(
            ambassador=link.ambassador,
            token=link.token,
            clicks=link.click_count,
            shares=sorted(shares.get(link.ambassador_id, [])),
        )
        for link in links
    ]
    return sorted(rows, key=lambda r: (-len(r.shares), -r.clicks, r.ambassador.person.last_name))


def kit_history(*, kit: ShareKit) -> list[Any]:
    return list(kit.changes.select_related("changed_by").order_by("changed_at", "id"))


# ------------------------------------------------------------------- the program metrics


@dataclass(frozen=True)
class ProgramMetric:
    key: str
    label: str
    value: int
    source: str


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def content_program_metrics(*, first_day: dt.date | None, last_day: dt.date) -> list[ProgramMetric]:
    """What the content hub adds to the program dashboard, counted over the window's days
    (from the beginning when `first_day` is None)."""
    end = _day_start(last_day + dt.timedelta(days=1))
    start = _day_start(first_day) if first_day is not None else None

    def within(model: Any, field: str) -> int:
        rows = model.objects.filter(**{f"{field}__lt": end})
        if start is not None:
            rows = rows.filter(**{f"{field}__gte": start})
        return rows.count()

    uses = within(ContentUse, "used_at")
    shares = within(KitShare, "shared_at")
    clicks = within(KitClick, "clicked_at")
    return [
        ProgramMetric(
            "content_repurposed",
            "Content repurposed",
            uses,
            "ambassador posts used by institutional accounts, as admins recorded them",
        ),
        ProgramMetric(
            "institutional_posts_shared",
            "Institutional posts shared",
            shares,
            "share kits ambassadors marked as shared",
        ),
        ProgramMetric(
            "link_clicks",
            "Clicks on ambassadors' links",
            clicks,
            "tracked share-kit links, once per visitor per hour",
        ),
    ]


def post_for_ambassador(*, ambassador: Ambassador, post_id: int) -> Post:
    try:
        return Post.objects.select_related("account").get(
            pk=post_id, account__ambassador=ambassador
        )
    except Post.DoesNotExist:
        raise Http404("No such post.") from None
