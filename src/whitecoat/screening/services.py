"""The compliance coach in the product: drafts, ingested posts, review decisions, coaching.

- `draft_check` screens a draft for "Check my post" and the API, and applies a suggested
  fix. It stores nothing.
- `post_screen` screens one ingested post and stores its verdict and findings (redacted
  excerpts and offsets, never the identifier). **Connectors call it when a post arrives
  or changes** (directly, or `post_screen_task.enqueue(post_id)` on commit);
  `posts_screen_pending` catches up on posts never screened or screened by an older
  engine (`manage.py screen_posts`, and the demo after it loads its posts).
- `finding_decide` is the review's one transition: an admin confirms a finding (the
  ambassador is coached by a stored, e-mailed message to acknowledge) or dismisses it as a
  false positive with a reason; `coaching_acknowledge` records the acknowledgement.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.models import Post
from whitecoat.organizations.roles import user_is_admin
from whitecoat.screening.engine import (
    IDENTIFIER_TYPES,
    RULES_BY_CODE,
    Context,
    ContextError,
    Media,
    Result,
    excerpt,
    screen,
)
from whitecoat.screening.engine import Finding as EngineFinding
from whitecoat.screening.enums import REVIEWED_SEVERITIES, Decision, ReviewState
from whitecoat.screening.fixes import Fix, Segment, fix_find, fixes_for, segments
from whitecoat.screening.models import Coaching, Finding, PostScreening, Review
from whitecoat.screening.notifications import coaching_notify
from whitecoat.screening.selectors import institution_names
from whitecoat.screening.version import rules_version

MAX_TEXT = 20_000
BATCH = 500
MEDIA_KEYS = ("alt_text", "caption", "file_name", "exif_datetime", "exif_gps")

# ------------------------------------------------------------------------------ drafts


@dataclass(frozen=True)
class DraftFinding:
    """A finding of a draft as the page shows it: numbered, with its rule and fixes."""

    number: int
    finding: EngineFinding
    fixes: list[Fix]

    @property
    def rule(self) -> Any:
        return RULES_BY_CODE[self.finding.rule]

    @property
    def severity(self) -> str:
        return "praise" if self.rule.praise else str(self.finding.severity)


@dataclass(frozen=True)
class DraftCheck:
    """What "Check my post" shows: the (possibly fixed) text, its verdict and findings."""

    text: str
    result: Result
    items: list[DraftFinding]
    segments: list[Segment]
    applied: Fix | None = None
    stale_fix: bool = False

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(item.severity for item in self.items)
        return {s: counted.get(s, 0) for s in ("block", "warn", "tip", "praise")}


def draft_context(
    *,
    platform: str = "",
    account: str = "",
    alt_text: str = "",
    caption: str = "",
    paid_partnership_label: bool = False,
    allow: Sequence[str] = (),
) -> Context:
    """The engine's context for a draft; the institution's own names are always allowed."""
    media = (Media(alt_text=alt_text, caption=caption),) if alt_text or caption else ()
    return Context(
        platform=platform,
        account=account,
        media=media,
        paid_partnership_label=paid_partnership_label,
        allow=(*institution_names(), *allow),
    )


def draft_check(*, text: str, context: Context, fix: str = "") -> DraftCheck:
    """Screen a draft and, when `fix` names one of its fixes, apply it and screen again.

    Nothing is stored or logged. A fix that no longer applies (the text changed since the
    page showed it) is not applied: `stale_fix` says so.
    """
    if len(text) > MAX_TEXT:
        raise WhiteCoatError(f"A post can be at most {MAX_TEXT:,} characters.", code="too_long")
    result = screen(text, context)
    applied = None
    stale = False
    if fix:
        applied = fix_find(text, result.findings, fix)
        if applied is None:
            stale = True
        else:
            text = applied.apply(text)
            result = screen(text, context)
    ordered = sorted(result.findings, key=lambda f: RULES_BY_CODE[f.rule].praise)
    items = [
        DraftFinding(number=n, finding=f, fixes=fixes_for(text, f))
        for n, f in enumerate(ordered, start=1)
    ]
    return DraftCheck(
        text=text,
        result=result,
        items=items,
        segments=segments(text, ordered),
        applied=applied,
        stale_fix=stale,
    )


# ------------------------------------------------------------------------ ingested posts


@dataclass(frozen=True)
class ScreeningResult:
    """One post's stored screening and findings; `to_review` counts open block/warn ones."""

    screening: PostScreening
    findings: list[Finding]

    @property
    def verdict(self) -> str:
        return self.screening.verdict

    @property
    def to_review(self) -> int:
        return sum(
            1
            for f in self.findings
            if f.severity in REVIEWED_SEVERITIES and f.state == ReviewState.OPEN
        )


@dataclass
class ScreenSummary:
    screened: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    to_review: int = 0
    rules_version: str = ""
    seconds: float = 0.0


def post_context(*, post: Post, allow: Sequence[str] = ()) -> Context:
    """The account's platform and kind, and what the platform reported about the media."""
    media = []
    for item in post.media if isinstance(post.media, list) else []:
        if isinstance(item, dict):
            media.append({k: item[k] for k in MEDIA_KEYS if item.get(k) not in (None, "")})
    data = {"platform": post.account.platform, "account": post.account.use, "allow": list(allow)}
    try:
        return Context.from_dict({**data, "media": media})
    except ContextError:
        # Media metadata a connector got wrong must not stop the text being screened.
        return Context.from_dict(data)


def _finding_key(post_id: int, rule: str, where: str, start: int, end: int) -> tuple:
    return (post_id, rule, where, start, end)


def _stored_findings(
    text: str, result: Result, screening: PostScreening, decided: dict[tuple, Review]
) -> list[Finding]:
    rows = []
    for f in result.findings:
        has_span = f.where == "text" and f.end > f.start
        review = decided.get(_finding_key(screening.post_id, f.rule, f.where, f.start, f.end))
        rows.append(
            Finding(
                screening=screening,
                rule=f.rule,
                type=f.type,
                severity=str(f.severity),
                start=f.start,
                end=f.end,
                where=f.where,
                excerpt=excerpt(text, f, result.findings) if has_span else "",
                message=f.message,
                state=review.decision if review is not None else ReviewState.OPEN,
            )
        )
    return rows


def _screen_posts(posts: Sequence[Post], *, allow: Sequence[str]) -> list[ScreeningResult]:
    """Screen a batch of posts and store the results, replacing any earlier screening.

    Admins' decisions survive: a decided finding that the new screening finds again (same
    rule, same place) keeps its state and its Review; one it no longer finds leaves its
    Review without a finding (still counted in the rule's precision).
    """
    version = rules_version()
    now = timezone.now()
    ids = [post.pk for post in posts]
    with transaction.atomic():
        existing = {s.post_id: s for s in PostScreening.objects.filter(post_id__in=ids)}
        decided = {
            _finding_key(
                r.post_id, r.finding.rule, r.finding.where, r.finding.start, r.finding.end
            ): r
            for r in Review.objects.filter(finding__screening__post_id__in=ids).select_related(
                "finding"
            )
        }
        Finding.objects.filter(screening__post_id__in=ids).delete()
        results: list[tuple[PostScreening, Result, Post]] = []
        new, updated = [], []
        for post in posts:
            result = screen(post.text, post_context(post=post, allow=allow))
            screening = existing.get(post.pk)
            if screening is None:
                screening = PostScreening(post=post)
                new.append(screening)
            else:
                updated.append(screening)
            screening.verdict = result.verdict
            screening.rules_version = version
            screening.screened_at = now
            results.append((screening, result, post))
        PostScreening.objects.bulk_create(new)
        PostScreening.objects.bulk_update(updated, ["verdict", "rules_version", "screened_at"])
        per_post = [
            (screening, _stored_findings(post.text, result, screening, decided))
            for screening, result, post in results
        ]
        Finding.objects.bulk_create([f for _, rows in per_post for f in rows])
        carried = []
        for screening, rows in per_post:
            for row in rows:
                key = _finding_key(screening.post_id, row.rule, row.where, row.start, row.end)
                review = decided.get(key)
                if review is not None:
                    review.finding = row
                    carried.append(review)
        Review.objects.bulk_update(carried, ["finding"])
    return [ScreeningResult(screening=s, findings=rows) for s, rows in per_post]


def post_screen(*, post: Post) -> ScreeningResult:
    """Screen one post and store the result (idempotent: it replaces earlier findings).

    Connectors call this when a post arrives or its text changes.
    """
    post = Post.objects.select_related("account").get(pk=post.pk)
    return _screen_posts([post], allow=institution_names())[0]


def posts_pending(*, rescreen_all: bool = False) -> QuerySet[Post]:
    """Posts never screened, or screened by an older engine (every post with `rescreen_all`)."""
    posts = Post.objects.all()
    if not rescreen_all:
        posts = posts.filter(
            Q(screening__isnull=True) | ~Q(screening__rules_version=rules_version())
        )
    return posts.order_by("pk")


def posts_screen_pending(
    *,
    limit: int | None = None,
    rescreen_all: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScreenSummary:
    """Screen the pending posts in batches; `progress(done, total)` after each batch."""
    started = time.perf_counter()
    summary = ScreenSummary(rules_version=rules_version())
    pending = posts_pending(rescreen_all=rescreen_all)
    total = pending.count()
    if limit is not None:
        total = min(total, limit)
    allow = institution_names()
    last_pk = 0
    while summary.screened < total:
        size = min(BATCH, total - summary.screened)
        batch = list(pending.filter(pk__gt=last_pk).select_related("account")[:size])
        if not batch:
            break
        last_pk = batch[-1].pk
        for result in _screen_posts(batch, allow=allow):
            summary.verdicts[result.verdict] += 1
            summary.to_review += result.to_review
        summary.screened += len(batch)
        if progress is not None:
            progress(summary.screened, total)
    summary.seconds = time.perf_counter() - started
    return summary


# ------------------------------------------------------------------------ the review

# The review's allowed moves: a finding is decided once.
ALLOWED_REVIEW_MOVES: dict[str, set[str]] = {
    ReviewState.OPEN: {Decision.CONFIRMED, Decision.DISMISSED},
    ReviewState.CONFIRMED: set(),
    ReviewState.DISMISSED: set(),
}


def _refuse_quoting(*, post: Post, findings: Iterable[Finding], text: str) -> None:
    """Refuse a message or reason that quotes an identifier found in the post."""
    lowered = text.lower()
    for finding in findings:
        if finding.type not in IDENTIFIER_TYPES or finding.where != "text":
            continue
        found = post.text[finding.start : finding.end].strip()
        if len(found) >= 3 and found.lower() in lowered:
            raise WhiteCoatError(
                f"Your text quotes what the coach found ({finding.type}). Describe it instead "
                "(“the patient's name”, “the phone number”): nothing identifying is stored.",
                code="quotes_identifier",
            )


@transaction.atomic
def finding_decide(
    *, finding: Finding, decision: str, by: Any, text: str = "", coaching_url: str = ""
) -> Review:
    """Confirm or dismiss a blocking or warning finding of an ingested post.

    Confirm: `text` is the message to the ambassador, stored as a Coaching to acknowledge
    and e-mailed to them (`coaching_url` links their Coaching page). Posts of institutional
    accounts have no one to coach; the text is then an optional note. Dismiss: `text` is
    the reason, required. Records who and when; a finding is decided once.
    """
    if not user_is_admin(by):
        raise WhiteCoatError("Only program admins review findings.", code="forbidden")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if decision not in Decision.values:
        raise WhiteCoatError(f"“{decision}” is not a decision.", code="unknown_decision")
    if finding.severity not in REVIEWED_SEVERITIES:
        raise WhiteCoatError("Only blocking and warning findings are reviewed.", code="tip")
    if decision not in ALLOWED_REVIEW_MOVES[finding.state]:
        raise WhiteCoatError(
            f"This finding is already decided ({ReviewState(finding.state).label.lower()}).",
            code="already_decided",
        )
    screening = PostScreening.objects.select_related("post__account__ambassador__person").get(
        pk=finding.screening_id
    )
    post = screening.post
    ambassador = post.account.ambassador
    text = text.strip()
    if decision == Decision.DISMISSED and not text:
        raise WhiteCoatError("Say why this is a false positive.", code="reason_required")
    if decision == Decision.CONFIRMED and ambassador is not None and not text:
        raise WhiteCoatError("Write the message to the ambassador.", code="message_required")
    _refuse_quoting(post=post, findings=screening.findings.all(), text=text)
    now = timezone.now()
    coaching = decision == Decision.CONFIRMED and ambassador is not None
    review = Review.objects.create(
        post=post,
        finding=finding,
        rule=finding.rule,
        severity=finding.severity,
        excerpt=finding.excerpt,
        decision=decision,
        reason="" if coaching else text,
        decided_by=by,
        decided_at=now,
        rules_version=screening.rules_version,
    )
    finding.state = decision
    finding.save(update_fields=["state"])
    if coaching:
        assert ambassador is not None
        created = Coaching.objects.create(
            review=review, ambassador=ambassador, message=text, sent_at=now
        )
        transaction.on_commit(lambda: coaching_notify(coaching=created, url=coaching_url))
    return review


def coaching_acknowledge(*, coaching: Coaching, by: Any) -> Coaching:
    """The ambassador acknowledges a coaching message (once; only the ambassador can)."""
    coaching = Coaching.objects.select_related("ambassador__person").get(pk=coaching.pk)
    if coaching.ambassador.person.user_id != getattr(by, "pk", None):
        raise WhiteCoatError("Only the ambassador coached can acknowledge.", code="forbidden")
    now = timezone.now()
    # A conditional UPDATE: two clicks (or two tabs) acknowledge once.
    updated = Coaching.objects.filter(pk=coaching.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    if not updated:
        raise WhiteCoatError("You have already acknowledged this.", code="already_acknowledged")
    coaching.acknowledged_at = now
    return coaching
