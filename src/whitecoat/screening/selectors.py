"""Reads for the compliance coach: who may use what, the review queue, precision, coaching."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format

from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Entity
from whitecoat.organizations.roles import user_has_role, user_is_admin
from whitecoat.screening.engine import RULES, RULES_BY_CODE, Rule
from whitecoat.screening.enums import REVIEWED_SEVERITIES, Decision, ReviewState
from whitecoat.screening.models import Coaching, Finding, PostScreening, Review

# ------------------------------------------------------------------------- who may do what


def screening_may_check(*, user: Any) -> bool:
    """ "Check my post" and the API: ambassadors and program admins."""
    return user_is_admin(user) or user_has_role(user, Role.AMBASSADOR)


def screening_may_review(*, user: Any) -> bool:
    """The review queue, decisions and per-rule precision: program admins only."""
    return user_is_admin(user)


def coaching_may_view(*, user: Any) -> bool:
    """The coaching page: ambassadors, who see their own messages only."""
    return user_has_role(user, Role.AMBASSADOR)


# ------------------------------------------------------------------------------ drafts


def institution_names() -> tuple[str, ...]:
    """The organisation's own names (entities and their short names): never a finding."""
    names = Entity.objects.values_list("name", "short_name")
    return tuple(sorted({n for pair in names for n in pair if n and n.strip()}))


@dataclass(frozen=True)
class DraftDefaults:
    platform: str
    account: str
    accounts: list[SocialAccount]


def draft_defaults(*, user: Any) -> DraftDefaults:
    """The platform and account kind of the user's first account, professional ones first."""
    accounts = list(
        SocialAccount.objects.filter(ambassador__person__user_id=user.pk).order_by(
            "-use", "platform", "handle"
        )
    )
    # "professional" sorts after "personal": -use puts professional accounts first.
    if not accounts:
        return DraftDefaults(platform="", account=AccountUse.PROFESSIONAL, accounts=[])
    first = accounts[0]
    return DraftDefaults(platform=first.platform, account=first.use, accounts=accounts)


# ------------------------------------------------------------------------ review queue


def _reviewable_findings(
    *, severity: str = "", rule: str = "", state: str = ReviewState.OPEN
) -> QuerySet[Finding]:
    findings = Finding.objects.filter(severity__in=REVIEWED_SEVERITIES)
    if severity:
        findings = findings.filter(severity=severity)
    if rule:
        findings = findings.filter(rule=rule)
    if state:
        findings = findings.filter(state=state)
    return findings


def _with_post(screenings: QuerySet[PostScreening]) -> QuerySet[PostScreening]:
    return screenings.select_related(
        "post__account__ambassador__person__department",
        "post__account__unit_department",
        "post__account__unit_entity",
    )


def review_queue(
    *,
    severity: str = "",
    rule: str = "",
    department_id: int | None = None,
    platform: str = "",
    state: str = ReviewState.OPEN,
) -> QuerySet[PostScreening]:
    """Screened posts with blocking or warning findings that match, newest post first.

    Each screening carries `queue_findings`: its matching findings, with their decision and
    coaching, in the order they appear in the post. `state=""` means any state.
    """
    findings = _reviewable_findings(severity=severity, rule=rule, state=state)
    screenings = PostScreening.objects.filter(Exists(findings.filter(screening_id=OuterRef("pk"))))
    if department_id:
        screenings = screenings.filter(
            Q(post__account__ambassador__person__department_id=department_id)
            | Q(post__account__unit_department_id=department_id)
        )
    if platform:
        screenings = screenings.filter(post__account__platform=platform)
    prefetch = Prefetch(
        "findings",
        queryset=findings.select_related("review__decided_by", "review__coaching").order_by(
            "start", "end", "rule"
        ),
        to_attr="queue_findings",
    )
    return (
        _with_post(screenings)
        .prefetch_related(prefetch)
        .order_by("-post__published_at", "-post_id")
    )


def review_item_get(*, screening_id: int) -> PostScreening:
    """One screened post with all its reviewed findings, whatever their state (for its card)."""
    try:
        return review_queue(state="").get(pk=screening_id)
    except PostScreening.DoesNotExist:
        raise Http404("No such screening in the review queue.") from None


def finding_get_for_review(*, finding_id: int) -> Finding:
    try:
        return _reviewable_findings(state="").select_related("screening").get(pk=finding_id)
    except Finding.DoesNotExist:
        raise Http404("No such finding to review.") from None


def review_counts() -> dict[str, int]:
    """Blocking and warning findings of ingested posts in each review state, all present."""
    counts = dict(
        _reviewable_findings(state="")
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state.value: counts.get(state.value, 0) for state in ReviewState}


# ------------------------------------------------------------------------ precision


@dataclass(frozen=True)
class RulePrecision:
    """The admins' decisions on one rule's findings; precision is None with no decision."""

    rule: Rule
    confirmed: int
    dismissed: int

    @property
    def decisions(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.decisions if self.decisions else None


def rule_precision() -> list[RulePrecision]:
    """Every rule that can send a finding to review (praise never does), with its decisions."""
    counts = (
        Review.objects.order_by()
        .values("rule")
        .annotate(
            confirmed=Count("id", filter=Q(decision=Decision.CONFIRMED)),
            dismissed=Count("id", filter=Q(decision=Decision.DISMISSED)),
        )
    )
    by_rule = {row["rule"]: row for row in counts}
    return [
        RulePrecision(
            rule=rule,
            confirmed=by_rule.get(rule.code, {}).get("confirmed", 0),
            dismissed=by_rule.get(rule.code, {}).get("dismissed", 0),
        )
        for rule in RULES
        if not rule.praise
    ]


# ------------------------------------------------------------------------- coaching


def coaching_list(*, user: Any) -> QuerySet[Coaching]:
    """The user's own coaching messages, unacknowledged first, newest first."""
    return (
        Coaching.objects.filter(ambassador__person__user_id=user.pk)
        .select_related("review__post__account")
        .order_by("acknowledged_at", "-sent_at", "-id")
    )


def coaching_pending(*, user: Any) -> list[Coaching]:
    """The user's coaching messages still waiting for their acknowledgement."""
    if not user.is_authenticated:
        return []
    return list(coaching_list(user=user).filter(acknowledged_at__isnull=True))


def coaching_get(*, user: Any, coaching_id: int) -> Coaching:
    """One of the user's own coaching messages; anyone else's is a 404."""
    try:
        return coaching_list(user=user).get(pk=coaching_id)
    except Coaching.DoesNotExist:
        raise Http404("No such coaching message.") from None


def coaching_message_default(*, finding: Finding, post: Any) -> str:
    """A first draft of the message to the ambassador, written from the rule (never the post).

    `post` is the finding's post, with its account and ambassador loaded.
    """
    rule = RULES_BY_CODE.get(finding.rule)
    ambassador = post.account.ambassador
    hello = f"Hello {ambassador.person.first_name}," if ambassador else "Hello,"
    platform = (
        Platform(post.account.platform).label if post.account.platform in Platform.values else ""
    )
    when = (
        f" of {date_format(timezone.localtime(post.published_at), 'j F Y')}"
        if post.published_at
        else ""
    )
    if rule is None:
        return f"{hello}\n\nPlease have another look at your {platform} post{when}."
    return (
        f"{hello}\n\n"
        f"Our review of your {platform} post{when} found {rule.title.lower()}. "
        f"{rule.explanation}\n\n"
        f"What to do: {rule.suggestion}\n\n"
        f"The guideline: {rule.guideline}.\n\n"
        f"Please edit or remove the post, and acknowledge this message in {settings.SITE_NAME}. "
        "Reply to the social media team if you have a question."
    )
