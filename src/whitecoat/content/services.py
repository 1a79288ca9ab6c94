"""The content hub's writes: analysis of arriving posts, consent, the curation queue,
amplification requests and share kits with tracked links.

- `post_analyse` analyses one ambassador post when it arrives (connectors call it, or
  enqueue `post_analyse_task` on commit); `posts_analyse_pending` catches up on posts never
  analysed or analysed with older keyword lists (`manage.py analyse_content`, the demo).
- Each workflow has one transition function with its allowed-moves table, recording who,
  when, from, to and why: `item_transition` (the queue), `amplification_transition`
  (requests) and `kit_transition` (share kits).
- `consent_set` records an ambassador's decision; withdrawing it moves their approved
  items back to shortlisted, so nothing without consent stays one click from use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from whitecoat.content import copywriting, images
from whitecoat.content.enums import (
    ConsentScope,
    ContentKind,
    ItemState,
    KitState,
    RequestKind,
    RequestState,
)
from whitecoat.content.expand import short_link_expand
from whitecoat.content.links import (
    INSTITUTION,
    NEWS,
    RESEARCH,
    VIDEO,
    Link,
    links_in_post,
    short_urls,
    strip_tracking,
)
from whitecoat.content.models import (
    AmplificationRequest,
    Consent,
    ConsentChange,
    ContentItem,
    ContentUse,
    DepartmentKeywords,
    DoiRecord,
    InstitutionDomain,
    ItemChange,
    KitChange,
    KitClick,
    KitCopy,
    KitLink,
    KitShare,
    RecordedRedirect,
    RedirectSource,
    RequestChange,
    ShareKit,
)
from whitecoat.content.notifications import notify
from whitecoat.content.scoring import relevance, usual
from whitecoat.content.selectors import (
    blocking_post_ids,
    consent_granted,
    item_is_blocked,
)
from whitecoat.content.topics import (
    Matcher,
    default_keywords,
    departments_for,
    parse_keywords,
    topics_for,
)
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import AccountUse, Platform, PostKind
from whitecoat.metrics.models import Post, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Department
from whitecoat.organizations.roles import user_is_admin
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador

try:  # The compliance coach screens posts the connectors have not had screened yet.
    from whitecoat.screening.models import PostScreening
    from whitecoat.screening.services import post_screen
except ImportError:  # pragma: no cover - the screening app is always installed here
    PostScreening = None  # type: ignore[assignment,misc]
    post_screen = None  # type: ignore[assignment]

ANALYSER_VERSION = "content-1"
BATCH = 500
USUAL_DAYS = 90

# --------------------------------------------------------------------------- helpers


def _require_admin(user: Any) -> None:
    if not user_is_admin(user):
        raise WhiteCoatError("Only program admins can do this.", code="forbidden")


def _admin_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=Role.PROGRAM_ADMIN)
    return sorted({u.email for u in users if u.email})


def _name(user: Any) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class AnalysisConfig:
    """Everything the analysis of a batch needs from the database, read once."""

    matchers: dict[int, Matcher]
    department_names: dict[int, str]
    ranked: frozenset[int]
    institution_domains: tuple[str, ...]
    redirects: dict[str, str]
    doi_records: dict[str, tuple[str, str]]
    version: str


def analysis_config() -> AnalysisConfig:
    """The keyword lists (edited, or the starter lists), domains and local records."""
    edited = dict(DepartmentKeywords.objects.values_list("department_id", "keywords"))
    matchers: dict[int, Matcher] = {}
    names: dict[int, str] = {}
    ranked: set[int] = set()
    fingerprint = [ANALYSER_VERSION]
    rows = Department.objects.order_by("id").values_list("id", "name", "specialty", "national_rank")
    for pk, name, specialty, rank in rows:
        phrases = parse_keywords(edited[pk]) if pk in edited else default_keywords(name, specialty)
        matchers[pk] = Matcher.build(phrases)
        names[pk] = name
        if rank is not None:
            ranked.add(pk)
        fingerprint.append(f"{pk}:{rank}:{'|'.join(phrases)}")
    domains = tuple(InstitutionDomain.objects.order_by("domain").values_list("domain", flat=True))
    fingerprint.append(",".join(domains))
    return AnalysisConfig(
        matchers=matchers,
        department_names=names,
        ranked=frozenset(ranked),
        institution_domains=domains,
        redirects=dict(RecordedRedirect.objects.values_list("short_url", "target_url")),
        doi_records={
            doi: (title, journal)
            for doi, title, journal in DoiRecord.objects.values_list("doi", "title", "journal")
        },
        version=hashlib.sha1("\n".join(fingerprint).encode()).hexdigest()[:16],
    )


def analysable_posts() -> QuerySet[Post]:
    """Ambassadors' professional posts: the only ones the hub analyses."""
    return Post.objects.filter(
        account__ambassador__isnull=False, account__use=AccountUse.PROFESSIONAL
    )


def posts_pending_analysis(*, reanalyse_all: bool = False) -> QuerySet[Post]:
    """Posts never analysed, or analysed with other keyword lists (all with `reanalyse_all`)."""
    posts = analysable_posts()
    if not reanalyse_all:
        version = analysis_config().version
        posts = posts.filter(
            Q(content_item__isnull=True) | ~Q(content_item__analysis_version=version)
        )
    return posts.order_by("pk")


def _engagements(row: Sequence[int | None]) -> int | None:
    known = [v for v in row if v is not None]
    return sum(known) if known else None


def _usual_engagements(posts: Sequence[Post]) -> dict[int, float | None]:
    """Each post's author's median engagement on that account over the 90 days before it
    (their other posts: the post itself is what is compared)."""
    if not posts:
        return {}
    earliest = min(p.published_at for p in posts) - dt.timedelta(days=USUAL_DAYS)
    history: dict[int, list[tuple[int, dt.datetime, int | None]]] = defaultdict(list)
    rows = Post.objects.filter(
        account_id__in={p.account_id for p in posts}, published_at__gte=earliest
    ).values_list(
        "account_id", "pk", "published_at", "likes", "replies", "reposts", "quotes", "saves"
    )
    for account_id, pk, published, *figures in rows.order_by():
        history[account_id].append((pk, published, _engagements(figures)))
    out: dict[int, float | None] = {}
    for post in posts:
        start = post.published_at - dt.timedelta(days=USUAL_DAYS)
        values = [
            e
            for pk, when, e in history[post.account_id]
            if pk != post.pk and start <= when <= post.published_at and e is not None
        ]
        out[post.pk] = usual(values)
    return out


def _expand_unknown(links: list[Link], config: AnalysisConfig) -> bool:
    """Resolve unknown short links by HEAD request when enabled; True if any was recorded."""
    recorded = False
    for short in short_urls(links):
        target = short_link_expand(short)
        if target:
            RecordedRedirect.objects.update_or_create(
                short_url=short,
                defaults={"target_url": strip_tracking(target), "source": RedirectSource.HEAD},
            )
            config.redirects[short] = target
            recorded = True
    return recorded


def _primary_kind(post: Post, links: Sequence[Link]) -> str:
    kinds = {link.kind for link in links}
    if RESEARCH in kinds:
        return ContentKind.RESEARCH
    if VIDEO in kinds or post.kind == PostKind.VIDEO:
        return ContentKind.VIDEO
    if NEWS in kinds:
        return ContentKind.NEWS
    if INSTITUTION in kinds:
        return ContentKind.INSTITUTION
    return ContentKind.POST


def _tag_text(post: Post, links: Sequence[Link]) -> str:
    parts = [post.text or ""]
    for item in post.media if isinstance(post.media, list) else []:
        if isinstance(item, dict):
            parts += [str(item.get("caption") or ""), str(item.get("alt_text") or "")]
    parts += [link.title for link in links if link.title]
    return "\n".join(parts)


def _screen_missing(posts: Sequence[Post]) -> None:
    if PostScreening is None or post_screen is None:
        return
    screened = set(
        PostScreening.objects.filter(post_id__in=[p.pk for p in posts]).values_list(
            "post_id", flat=True
        )
    )
    for post in posts:
        if post.pk not in screened:
            post_screen(post=post)


def _verdicts(post_ids: Sequence[int]) -> dict[int, str]:
    if PostScreening is None:
        return {}
    return dict(
        PostScreening.objects.filter(post_id__in=post_ids).values_list("post_id", "verdict")
    )


def _analyse_batch(
    posts: Sequence[Post], *, config: AnalysisConfig, now: dt.datetime
) -> list[ContentItem]:
    _screen_missing(posts)
    ids = [p.pk for p in posts]
    verdicts = _verdicts(ids)
    blocking = blocking_post_ids(post_ids=ids)
    usual_of = _usual_engagements(posts)
    existing = {item.post_id: item for item in ContentItem.objects.filter(post_id__in=ids)}
    new: list[ContentItem] = []
    changed: list[ContentItem] = []
    tags_of: dict[int, list[int]] = {}
    for post in posts:
        links = links_in_post(
            text=post.text,
            links=post.links if isinstance(post.links, list) else [],
            institution_domains=config.institution_domains,
            redirects=config.redirects,
            doi_records=config.doi_records,
        )
        if short_urls(links) and _expand_unknown(links, config):
            links = links_in_post(
                text=post.text,
                links=post.links if isinstance(post.links, list) else [],
                institution_domains=config.institution_domains,
                redirects=config.redirects,
                doi_records=config.doi_records,
            )
        research = [link for link in links if link.kind == RESEARCH]
        tags = departments_for(_tag_text(post, links), config.matchers)
        topics = topics_for(post.text or "", has_research_link=bool(research))
        names = [config.department_names[t.department_id] for t in tags]
        ranked = [
            config.department_names[t.department_id]
            for t in tags
            if t.department_id in config.ranked
        ]
        kind = _primary_kind(post, links)
        score = relevance(
            ranked_departments=ranked,
            departments=names,
            topics=topics,
            research=[link.identifier or link.host for link in research],
            research_resolved=any(link.title for link in research)
            or any(not link.doi and link.identifier for link in research),
            engagements=post.engagements,
            usual_engagements=usual_of.get(post.pk),
            video=kind == ContentKind.VIDEO or any(link.kind == VIDEO for link in links),
            age_days=(now - post.published_at).total_seconds() / 86400,
            verdict=verdicts.get(post.pk),
            blocking=post.pk in blocking,
        )
        item = existing.get(post.pk) or ContentItem(post=post, state=ItemState.NEW)
        item.ambassador_id = post.account.ambassador_id
        item.platform = post.account.platform
        item.kind = kind
        item.score = score.total
        item.score_parts = score.parts_as_dicts()
        item.blocked = score.blocked
        item.suggested = score.suggested
        item.verdict = verdicts.get(post.pk, "")
        item.links = [link.as_dict() for link in links]
        item.topics = topics
        item.department_matches = {str(t.department_id): list(t.matched) for t in tags}
        item.analysed_at = now
        item.analysis_version = config.version
        (changed if item.pk else new).append(item)
        tags_of[post.pk] = [t.department_id for t in tags]
    with transaction.atomic():
        ContentItem.objects.bulk_create(new, batch_size=BATCH)
        ContentItem.objects.bulk_update(
            changed,
            [
                "ambassador",
                "platform",
                "kind",
                "score",
                "score_parts",
                "blocked",
                "suggested",
                "verdict",
                "links",
                "topics",
                "department_matches",
                "analysed_at",
                "analysis_version",
                "updated_at",
            ],
            batch_size=BATCH,
        )
        items = [*new, *changed]
        through = ContentItem.departments.through
        through.objects.filter(contentitem_id__in=[i.pk for i in changed]).delete()
        through.objects.bulk_create(
            [
                through(contentitem_id=item.pk, department_id=department_id)
                for item in items
                for department_id in tags_of[item.post_id]
            ],
            batch_size=BATCH,
        )
    return items


def post_analyse(*, post: Post) -> ContentItem | None:
    """Analyse one arriving post (idempotent; its queue state is kept). Connectors call it,
    or enqueue `post_analyse_task` on commit. Institutional and personal posts are skipped."""
    post = analysable_posts().select_related("account").filter(pk=post.pk).first()
    if post is None:
        return None
    return _analyse_batch([post], config=analysis_config(), now=timezone.now())[0]


@dataclass
class AnalyseSummary:
    analysed: int = 0
    suggested: int = 0
    blocked: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def posts_analyse_pending(
    *,
    reanalyse_all: bool = False,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> AnalyseSummary:
    """Analyse the pending posts in batches; `progress(done, total)` after each batch."""
    started = time.perf_counter()
    summary = AnalyseSummary()
    config = analysis_config()
    now = now or timezone.now()
    pending = posts_pending_analysis(reanalyse_all=reanalyse_all)
    total = pending.count() if limit is None else min(pending.count(), limit)
    last_pk = 0
    while summary.analysed < total:
        size = min(BATCH, total - summary.analysed)
        batch = list(pending.filter(pk__gt=last_pk).select_related("account")[:size])
        if not batch:
            break
        last_pk = batch[-1].pk
        for item in _analyse_batch(batch, config=config, now=now):
            summary.suggested += item.suggested
            summary.blocked += item.blocked
            summary.kinds[item.kind] += 1
        summary.analysed += len(batch)
        if progress is not None:
            progress(summary.analysed, total)
    summary.seconds = time.perf_counter() - started
    return summary


def department_keywords_update(
    *, department: Department, by: Any, keywords: str
) -> DepartmentKeywords:
    """Replace a department's keyword list; the posts are re-tagged by the next analysis
    (enqueued on commit)."""
    _require_admin(by)
    phrases = parse_keywords(keywords)
    if not phrases:
        raise WhiteCoatError("Give at least one keyword or phrase.", code="no_keywords")
    if any(len(p.rstrip("*")) < 2 for p in phrases):
        raise WhiteCoatError("Each keyword needs at least two characters.", code="short_keyword")
    record, _ = DepartmentKeywords.objects.update_or_create(
        department=department, defaults={"keywords": "\n".join(phrases), "updated_by": by}
    )
    _reanalyse_on_commit()
    return record


def department_keywords_reset(*, department: Department, by: Any) -> None:
    """Go back to the starter list for the department."""
    _require_admin(by)
    DepartmentKeywords.objects.filter(department=department).delete()
    _reanalyse_on_commit()


def _reanalyse_on_commit() -> None:
    from whitecoat.content.tasks import posts_analyse_pending_task  # tasks import services

    transaction.on_commit(posts_analyse_pending_task.enqueue)


# ----------------------------------------------------------------------------- consent


def _own_ambassador(ambassador: Ambassador, by: Any) -> None:
    if by is None or ambassador.person.user_id != by.pk:
        raise WhiteCoatError(
            "Only the ambassador can decide about repurposing their posts.", code="forbidden"
        )


@transaction.atomic
def consent_set(
    *,
    ambassador: Ambassador,
    by: Any,
    granted: bool | None,
    scope: str = ConsentScope.ALL,
    platform: str = "",
    post: Post | None = None,
) -> Consent | None:
    """Grant (True) or withhold (False) consent for all posts, one platform or one post;
    None removes that decision so the broader one applies. Recorded with who and when;
    approved items that lose consent go back to shortlisted."""
    _own_ambassador(ambassador, by)
    if scope not in ConsentScope.values:
        raise WhiteCoatError("Choose all posts, a platform or a post.", code="bad_scope")
    if scope == ConsentScope.PLATFORM and platform not in Platform.values:
        raise WhiteCoatError("Choose a platform.", code="bad_platform")
    if scope == ConsentScope.POST and (post is None or post.account.ambassador_id != ambassador.pk):
        raise WhiteCoatError("That post is not yours.", code="not_yours")
    lookup: dict[str, Any] = {"ambassador": ambassador, "scope": scope}
    if scope == ConsentScope.PLATFORM:
        lookup["platform"] = platform
    if scope == ConsentScope.POST:
        lookup["post"] = post
    ConsentChange.objects.create(
        ambassador=ambassador,
        scope=scope,
        platform=platform if scope == ConsentScope.PLATFORM else "",
        post=post if scope == ConsentScope.POST else None,
        granted=granted,
        changed_at=timezone.now(),
        changed_by=by,
    )
    consent = None
    if granted is None:
        Consent.objects.filter(**lookup).delete()
    else:
        consent, _ = Consent.objects.update_or_create(
            **lookup, defaults={"granted": granted, "decided_by": by}
        )
    _withdraw_from_use(ambassador=ambassador, by=by)
    return consent


def _withdraw_from_use(*, ambassador: Ambassador, by: Any) -> int:
    """Approved items of the ambassador without consent now go back to shortlisted."""
    moved = 0
    approved = ContentItem.objects.filter(ambassador=ambassador, state=ItemState.APPROVED)
    for item in approved.select_related("post"):
        if not consent_granted(
            ambassador_id=ambassador.pk, platform=item.platform, post_id=item.post_id
        ):
            _move(item, ItemState.SHORTLISTED, by=by, reason="Consent withdrawn by the ambassador.")
            moved += 1
    return moved


# ---------------------------------------------------------------------------- the queue

IS = ItemState
ITEM_MOVES: dict[str, set[str]] = {
    IS.NEW: {IS.SHORTLISTED, IS.ARCHIVED},
    IS.SHORTLISTED: {IS.APPROVED, IS.NEW, IS.ARCHIVED},
    IS.APPROVED: {IS.USED, IS.SHORTLISTED, IS.ARCHIVED},
    IS.USED: set(),
    IS.ARCHIVED: {IS.NEW},
}
# Moves that put an item within reach of use: they need consent and no blocking finding.
NEEDS_CONSENT = {IS.APPROVED, IS.USED}


def _move(item: ContentItem, to_state: str, *, by: Any, reason: str) -> ItemChange:
    change = ItemChange.objects.create(
        item=item,
        from_state=item.state,
        to_state=to_state,
        changed_at=timezone.now(),
        changed_by=by,
        reason=reason.strip(),
    )
    item.state = to_state
    item.state_changed_at = change.changed_at
    item.save(update_fields=["state", "state_changed_at", "updated_at"])
    return change


def _check_usable(item: ContentItem, to_state: str) -> None:
    if item_is_blocked(item=item):
        raise WhiteCoatError(
            "The compliance coach found a blocking problem in this post: it cannot be used.",
            code="blocked",
        )
    if not consent_granted(
        ambassador_id=item.ambassador_id, platform=item.platform, post_id=item.post_id
    ):
        raise WhiteCoatError(
            f"{item.ambassador.person.full_name} has not consented to repurposing this post, "
            f"so it cannot be {ItemState(to_state).label.lower()}.",
            code="no_consent",
        )


@transaction.atomic
def item_transition(*, item: ContentItem, to_state: str, by: Any, reason: str = "") -> ItemChange:
    """Program admins move an item through the queue if the table and the rules allow."""
    _require_admin(by)
    item = (
        ContentItem.objects.select_for_update().select_related("ambassador__person").get(pk=item.pk)
    )
    if to_state not in ItemState.values:
        raise WhiteCoatError(f"“{to_state}” is not a queue state.", code="unknown_state")
    if to_state == IS.USED:
        raise WhiteCoatError(
            "Record where and when it was used instead: that marks it used.", code="record_use"
        )
    if to_state not in ITEM_MOVES[item.state]:
        allowed = ", ".join(ItemState(s).label.lower() for s in sorted(ITEM_MOVES[item.state]))
        raise WhiteCoatError(
            f"This item is {item.get_state_display().lower()} and cannot become "
            f"{ItemState(to_state).label.lower()} (possible: {allowed or 'none'}).",
            code="illegal_transition",
        )
    if to_state in NEEDS_CONSENT:
        _check_usable(item, to_state)
    return _move(item, to_state, by=by, reason=reason)


@dataclass
class BulkOutcome:
    moved: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def items_bulk_transition(
    *, items: Iterable[ContentItem], to_state: str, by: Any, reason: str = ""
) -> BulkOutcome:
    """Move several items; each is checked on its own and a refusal does not stop the rest."""
    _require_admin(by)
    outcome = BulkOutcome()
    for item in items:
        try:
            item_transition(item=item, to_state=to_state, by=by, reason=reason)
        except WhiteCoatError as error:
            outcome.refused.append((item.pk, error.message))
        else:
            outcome.moved += 1
    return outcome


@transaction.atomic
def item_use_record(
    *,
    item: ContentItem,
    by: Any,
    account: SocialAccount,
    used_at: dt.datetime | None = None,
    url: str = "",
    copy: str = "",
) -> ContentUse:
    """Record that an institutional account used an approved item: where, when, the copy.
    The first use marks the item used."""
    _require_admin(by)
    item = (
        ContentItem.objects.select_for_update().select_related("ambassador__person").get(pk=item.pk)
    )
    if item.state not in {IS.APPROVED, IS.USED}:
        raise WhiteCoatError("Approve the item before recording its use.", code="not_approved")
    if not account.is_institutional:
        raise WhiteCoatError("Choose one of the institution's accounts.", code="not_institutional")
    _check_usable(item, IS.USED)
    if url:
        _check_url(url)
    if ContentUse.objects.filter(item=item, account=account).exists():
        raise WhiteCoatError(f"Its use on {account} is already recorded.", code="already_used")
    use = ContentUse.objects.create(
        item=item,
        account=account,
        used_at=used_at or timezone.now(),
        url=url.strip(),
        copy=copy.strip(),
        recorded_by=by,
    )
    if item.state == IS.APPROVED:
        _move(item, IS.USED, by=by, reason=f"Used on {account}.")
    return use


def _check_url(url: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url.strip())
    except ValidationError:
        raise WhiteCoatError(f"“{url}” is not a web address.", code="bad_url") from None


# ------------------------------------------------------------------ amplification requests

R = RequestState
REQUEST_MOVES: dict[str, set[str]] = {
    R.SUBMITTED: {R.ACCEPTED, R.DECLINED, R.WITHDRAWN},
    R.ACCEPTED: {R.COMPLETED, R.DECLINED, R.WITHDRAWN},
    R.COMPLETED: set(),
    R.DECLINED: set(),
    R.WITHDRAWN: set(),
}


@transaction.atomic
def amplification_request_submit(
    *,
    by: Any,
    title: str,
    summary: str,
    kind: str = RequestKind.STORY,
    audience: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    links: str = "",
    department: Department | None = None,
) -> AmplificationRequest:
    """Anyone signed in asks the social media team to get the word out."""
    if by is None or not by.is_authenticated:
        raise WhiteCoatError("Sign in to ask for amplification.", code="forbidden")
    if not title.strip() or not summary.strip():
        raise WhiteCoatError("Say what it is and why it matters.", code="incomplete")
    if kind not in RequestKind.values:
        raise WhiteCoatError("Choose what kind of thing it is.", code="bad_kind")
    if starts_on and ends_on and ends_on < starts_on:
        raise WhiteCoatError("The end date is before the start date.", code="bad_dates")
    lines = [line.strip() for line in links.splitlines() if line.strip()]
    for line in lines:
        _check_url(line)
    request = AmplificationRequest.objects.create(
        requested_by=by,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        audience=audience.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        links="\n".join(lines),
        department=department,
    )
    RequestChange.objects.create(
        request=request,
        from_state="",
        to_state=R.SUBMITTED,
        changed_at=timezone.now(),
        changed_by=by,
    )
    transaction.on_commit(
        lambda: notify(
            to=[by.email, *_admin_emails()],
            subject=f"Amplification request: {request.title}",
            template="request_submitted",
            context={"request": request},
        )
    )
    return request


@transaction.atomic
def amplification_transition(
    *,
    request: AmplificationRequest,
    to_state: str,
    by: Any,
    reason: str = "",
    assigned_to: Any = None,
    outcome: str = "",
    accounts: Sequence[SocialAccount] = (),
    reach: int | None = None,
) -> RequestChange:
    """Admins accept (assigning someone), decline (with a reason) or complete (with the
    outcome: which accounts posted it, reach if known); the requester may withdraw."""
    request = AmplificationRequest.objects.select_for_update().get(pk=request.pk)
    current = request.state
    if to_state not in R.values:
        raise WhiteCoatError(f"“{to_state}” is not a request state.", code="unknown_state")
    if to_state == R.WITHDRAWN:
        if by.pk != request.requested_by_id and not user_is_admin(by):
            raise WhiteCoatError("Only the requester can withdraw it.", code="forbidden")
    else:
        _require_admin(by)
    if to_state not in REQUEST_MOVES[current]:
        raise WhiteCoatError(
            f"This request is {request.get_state_display().lower()} and cannot become "
            f"{R(to_state).label.lower()}.",
            code="illegal_transition",
        )
    fields = ["state", "updated_at"]
    if to_state == R.ACCEPTED:
        assignee = assigned_to or by
        if not user_is_admin(assignee):
            raise WhiteCoatError("Assign it to a program admin.", code="bad_assignee")
        request.assigned_to = assignee
        fields.append("assigned_to")
    if to_state == R.DECLINED and not reason.strip():
        raise WhiteCoatError("Tell the requester why it is declined.", code="no_reason")
    if to_state == R.COMPLETED:
        if not outcome.strip() and not accounts:
            raise WhiteCoatError(
                "Record the outcome: which accounts posted it, or what happened.",
                code="no_outcome",
            )
        if any(not account.is_institutional for account in accounts):
            raise WhiteCoatError("Choose the institution's accounts.", code="not_institutional")
        if reach is not None and reach < 0:
            raise WhiteCoatError("Reach cannot be negative.", code="bad_reach")
        request.outcome = outcome.strip()
        request.reach = reach
        fields += ["outcome", "reach"]
    if to_state == R.DECLINED:
        request.outcome = reason.strip()
        fields.append("outcome")
    request.state = to_state
    request.save(update_fields=fields)
    if to_state == R.COMPLETED:
        request.accounts.set(accounts)
    change = RequestChange.objects.create(
        request=request,
        from_state=current,
        to_state=to_state,
        changed_at=timezone.now(),
        changed_by=by,
        reason=reason.strip(),
    )
    requester = request.requested_by
    transaction.on_commit(
        lambda: notify(
            to=[requester.email],
            subject=f"Your request “{request.title}”: {R(to_state).label.lower()}",
            template="request_changed",
            context={"request": request, "change": change},
        )
    )
    return change


@transaction.atomic
def amplification_assign(
    *, request: AmplificationRequest, by: Any, assigned_to: Any
) -> RequestChange:
    """Hand an open request to another admin (recorded in its history)."""
    _require_admin(by)
    request = AmplificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state not in {R.SUBMITTED, R.ACCEPTED}:
        raise WhiteCoatError("This request is closed.", code="closed")
    if not user_is_admin(assigned_to):
        raise WhiteCoatError("Assign it to a program admin.", code="bad_assignee")
    request.assigned_to = assigned_to
    request.save(update_fields=["assigned_to", "updated_at"])
    return RequestChange.objects.create(
        request=request,
        from_state=request.state,
        to_state=request.state,
        changed_at=timezone.now(),
        changed_by=by,
        reason=f"Assigned to {_name(assigned_to)}.",
    )


# --------------------------------------------------------------------------- share kits


@dataclass(frozen=True)
class KitInput:
    title: str
    link: str
    summary: str = ""
    campaign: str = ""
    department: Department | None = None
    closes_on: dt.date | None = None
    image_alt: str = ""
    # platform → its variants, in order.
    copies: dict[str, list[str]] = field(default_factory=dict)


# What a tracked link looks like, for the length checks when the caller does not know the
# site's address: https:// + a 40-character host + /k/ + the token.
DEFAULT_LINK_LENGTH = len("https://") + 40 + len("/k/") + 10


def kit_image_check(*, image: UploadedFile) -> str:
    """The image's kind ("png", …) when it is an image we accept, else a WhiteCoatError."""
    if image.size is not None and image.size > images.MAX_BYTES:
        # In tenths of a MB rounded up, so a file just over the limit does not read as it.
        tenths = -(-image.size * 10 // 1_048_576)
        raise WhiteCoatError(
            f"The image is {tenths // 10}.{tenths % 10} MB; the limit is "
            f"{images.MAX_BYTES // 1_048_576} MB.",
            code="image_too_large",
        )
    image.seek(0)
    kind = images.image_kind(image.read(16))
    image.seek(0)
    if kind is None:
        raise WhiteCoatError("Upload a PNG, JPEG, GIF or WebP image.", code="image_type")
    image.name = f"image{images.EXTENSIONS[kind]}"
    return kind


def _kit_validate(data: KitInput, *, link_length: int) -> str:
    if not data.title.strip():
        raise WhiteCoatError("Give the kit a title.", code="no_title")
    _check_url(data.link)
    unknown = [p for p in data.copies if p not in Platform.values]
    if unknown:
        raise WhiteCoatError(f"Unknown platform: {', '.join(unknown)}.", code="bad_platform")
    problems = []
    for platform, variants in data.copies.items():
        for too_long in copywriting.check_variants(platform, variants, link_length=link_length):
            problems.append(
                f"{Platform(platform).label} variant {too_long.variant} is {too_long.length} "
                f"characters with the link; the limit is {too_long.limit}"
            )
    if problems:
        raise WhiteCoatError("; ".join(problems) + ".", code="copy_too_long")
    campaign = slugify(data.campaign or data.title)[:80]
    if not campaign:
        raise WhiteCoatError("Give the campaign a name made of letters or digits.", code="campaign")
    return campaign


def _kit_copies_save(kit: ShareKit, copies: dict[str, list[str]]) -> None:
    kit.copies.all().delete()
    KitCopy.objects.bulk_create(
        [
            KitCopy(kit=kit, platform=platform, position=position, text=text)
            for platform, variants in copies.items()
            for position, text in enumerate(variants, start=1)
            if text.strip()
        ]
    )


@transaction.atomic
def kit_create(
    *,
    by: Any,
    data: KitInput,
    image: UploadedFile | None = None,
    link_length: int = DEFAULT_LINK_LENGTH,
) -> ShareKit:
    """Admins prepare a kit (a draft until it is opened to ambassadors)."""
    _require_admin(by)
    campaign = _kit_validate(data, link_length=link_length)
    if image is not None:
        kit_image_check(image=image)
    kit = ShareKit(
        title=data.title.strip(),
        summary=data.summary.strip(),
        link=data.link.strip(),
        campaign=campaign,
        department=data.department,
        closes_on=data.closes_on,
        image_alt=data.image_alt.strip(),
        created_by=by,
    )
    if image is not None:
        kit.image = image
    kit.save()
    _kit_copies_save(kit, data.copies)
    return kit


@transaction.atomic
def kit_update(
    *,
    kit: ShareKit,
    by: Any,
    data: KitInput,
    image: UploadedFile | None = None,
    remove_image: bool = False,
    link_length: int = DEFAULT_LINK_LENGTH,
) -> ShareKit:
    _require_admin(by)
    campaign = _kit_validate(data, link_length=link_length)
    if image is not None:
        kit_image_check(image=image)
    if (image is not None or remove_image) and kit.image:
        kit.image.delete(save=False)
    kit.title = data.title.strip()
    kit.summary = data.summary.strip()
    kit.link = data.link.strip()
    kit.campaign = campaign
    kit.department = data.department
    kit.closes_on = data.closes_on
    kit.image_alt = data.image_alt.strip()
    if image is not None:
        kit.image = image
    elif remove_image:
        kit.image = ""
    kit.save()
    _kit_copies_save(kit, data.copies)
    return kit


K = KitState
KIT_MOVES: dict[str, set[str]] = {K.DRAFT: {K.OPEN}, K.OPEN: {K.CLOSED}, K.CLOSED: {K.OPEN}}


@transaction.atomic
def kit_transition(*, kit: ShareKit, to_state: str, by: Any, reason: str = "") -> KitChange:
    """Open a kit to ambassadors (handing out their tracked links), close it, reopen it.
    Links of a closed kit keep working: posts already out there still lead somewhere."""
    _require_admin(by)
    kit = ShareKit.objects.select_for_update().get(pk=kit.pk)
    current = kit.state
    if to_state not in K.values or to_state not in KIT_MOVES[current]:
        raise WhiteCoatError(
            f"This kit is {kit.get_state_display().lower()} and cannot move to “{to_state}”.",
            code="illegal_transition",
        )
    if to_state == K.OPEN and not kit.copies.exists():
        raise WhiteCoatError(
            "Write the suggested copy for at least one platform first.", code="no_copy"
        )
    now = timezone.now()
    kit.state = to_state
    if to_state == K.OPEN and kit.published_at is None:
        kit.published_at = now
    kit.save(update_fields=["state", "published_at", "updated_at"])
    change = KitChange.objects.create(
        kit=kit, from_state=current, to_state=to_state, changed_at=now, changed_by=by, reason=reason
    )
    if to_state == K.OPEN:
        kit_links_issue(kit=kit)
    return change


def _kit_ambassadors(kit: ShareKit) -> QuerySet[Ambassador]:
    ambassadors = Ambassador.objects.filter(status=AmbassadorStatus.ACTIVE)
    if kit.department_id:
        ambassadors = ambassadors.filter(person__department_id=kit.department_id)
    return ambassadors.order_by("person__last_name", "person__first_name", "id")


def _next_seat(kit: ShareKit) -> int:
    highest = kit.links.aggregate(m=Max("seat"))["m"]
    return 0 if highest is None else highest + 1


def kit_links_issue(*, kit: ShareKit) -> int:
    """A tracked link for every active ambassador the kit is for who has none yet."""
    have = set(kit.links.values_list("ambassador_id", flat=True))
    seat = _next_seat(kit)
    rows = []
    for ambassador_id in _kit_ambassadors(kit).values_list("id", flat=True):
        if ambassador_id not in have:
            rows.append(KitLink(kit=kit, ambassador_id=ambassador_id, seat=seat))
            seat += 1
    KitLink.objects.bulk_create(rows)
    return len(rows)


def kit_link_for(*, kit: ShareKit, ambassador: Ambassador) -> KitLink:
    """The ambassador's tracked link for the kit, handed out now if they have none yet."""
    for _ in range(3):
        link = KitLink.objects.filter(kit=kit, ambassador=ambassador).first()
        if link is not None:
            return link
        seat = _next_seat(kit)
        try:
            with transaction.atomic():
                return KitLink.objects.create(kit=kit, ambassador=ambassador, seat=seat)
        except IntegrityError:
            continue  # someone took the seat or the link at the same moment: try again
    raise WhiteCoatError("Could not hand out a link; try again.", code="busy")


def _kit_open_for(kit: ShareKit, ambassador: Ambassador) -> None:
    today = timezone.localdate()
    if kit.state != K.OPEN or (kit.closes_on is not None and kit.closes_on < today):
        raise WhiteCoatError("This kit is closed.", code="kit_closed")
    if kit.department_id and ambassador.person.department_id != kit.department_id:
        raise WhiteCoatError("This kit is for another department.", code="forbidden")


@transaction.atomic
def kit_share_mark(
    *, kit: ShareKit, ambassador: Ambassador, by: Any, platform: str, url: str = ""
) -> KitShare:
    """The ambassador says they shared the kit on a platform (and where, if they like)."""
    _own_ambassador(ambassador, by)
    kit = ShareKit.objects.get(pk=kit.pk)
    _kit_open_for(kit, ambassador)
    if platform not in Platform.values:
        raise WhiteCoatError("Choose the platform you shared it on.", code="bad_platform")
    if url:
        _check_url(url)
    share, _ = KitShare.objects.update_or_create(
        kit=kit,
        ambassador=ambassador,
        platform=platform,
        defaults={"shared_at": timezone.now(), "url": url.strip()},
    )
    return share


def kit_share_unmark(*, kit: ShareKit, ambassador: Ambassador, by: Any, platform: str) -> int:
    _own_ambassador(ambassador, by)
    deleted, _ = KitShare.objects.filter(kit=kit, ambassador=ambassador, platform=platform).delete()
    return deleted


def kit_link_follow(
    *,
    token: str,
    ip: str,
    user_agent: str,
    count: bool = True,
    now: dt.datetime | None = None,
) -> str | None:
    """Where a tracked link leads (the kit's own link with UTM parameters), counting the
    click once per visitor per hour when `count`; None for anything that is not a kit
    link. The destination always comes from the database, never from the request."""
    link = (
        KitLink.objects.select_related("kit")
        .filter(token=token, kit__state__in=[K.OPEN, K.CLOSED])
        .first()
    )
    if link is None:
        return None
    if count:
        now = now or timezone.now()
        hour = copywriting.hour_of(now)
        visitor = copywriting.visitor_key(
            secret=settings.SECRET_KEY, ip=ip, user_agent=user_agent, hour=hour
        )
        KitClick.objects.bulk_create(
            [KitClick(link=link, visitor=visitor, hour=hour, clicked_at=now)],
            ignore_conflicts=True,
        )
    return copywriting.with_utm(link.kit.link, campaign=link.kit.campaign, content=link.token)
