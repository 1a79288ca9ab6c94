"""The audit's arithmetic: periods, follower growth and its change, posting frequency,
engagement, dormancy, overlap and the recommendations. Plain Python, no Django imports, so
it is tested alone on hand-built series (docs/governance.md explains it to admins).

Conventions, the leaderboard's (whitecoat.leaderboard.scoring):

- A period runs from its first to its last day, both included. Followers are read from the
  snapshot on the evening before the first day (the *opening*) or the nearest one after it,
  and from the snapshot on the last day or the nearest one before it, always inside the
  period. Flows (posts, engagements) are added up over the period's days.
- Missing data is None, never 0, and is shown as "no data".
- Growth of growth: (growth in the second period - growth in the first) / |growth in the
  first|, shown as "52 % decrease" or "12 % increase"; when the first period's growth is 0
  there is no percentage, and the words say so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# How many days without a post make an account dormant, unless the page says otherwise.
DORMANCY_DAYS = 90
# An account with fewer followers than this at the end of the second period is "small".
SMALL_FOLLOWERS = 1_000
# A period may not be longer than this.
MAX_PERIOD_DAYS = 366 * 5

KEEP, MERGE, ARCHIVE, HAND_OVER = "keep", "merge", "archive", "hand_over"
KIND_LABELS = {KEEP: "Keep", MERGE: "Merge", ARCHIVE: "Archive", HAND_OVER: "Hand over"}
ARCHIVED = "archived"

NO_DATA = "no data"
ZERO_BASE = "no growth in the first period"


class AuditError(ValueError):
    """Periods or settings the audit cannot use; the message is for the user."""


def day_label(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%b %Y}"


def number(value: int | float) -> str:
    return f"{value:,.0f}" if isinstance(value, float) else f"{value:,}"


# ------------------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def opening(self) -> dt.date:
        """The evening before the first day: the day the followers are counted from."""
        return self.start - dt.timedelta(days=1)

    @property
    def closing(self) -> dt.date:
        return self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{day_label(self.start)} – {day_label(self.end)}"


def period_make(start: dt.date, end: dt.date, *, today: dt.date) -> Period:
    if end < start:
        raise AuditError("The period ends before it starts.")
    if end > today:
        raise AuditError("A period cannot end in the future.")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise AuditError("A period may span at most five years.")
    return Period(start, end)


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def default_periods(today: dt.date) -> tuple[Period, Period]:
    """The last twelve months, and the twelve months before them."""
    second = Period(year_before(today) + dt.timedelta(days=1), today)
    first_end = second.start - dt.timedelta(days=1)
    first = Period(year_before(first_end) + dt.timedelta(days=1), first_end)
    return first, second


# ---------------------------------------------------------------------- one account


@dataclass(frozen=True)
class PeriodFigures:
    """One account's raw figures in one period, as the database returns them.

    `opening_*`/`closing_*`: the snapshots nearest inside the period's ends that carry a
    follower count. `posts` sums the daily posts published over the `posting_days` days
    that have that figure; `post_rows` counts the stored posts published in the period
    (None when the account has no stored posts at all). None means no data, never 0.
    """

    opening_date: dt.date | None = None
    opening_followers: int | None = None
    closing_date: dt.date | None = None
    closing_followers: int | None = None
    engagements: int | None = None
    posts: int | None = None
    posting_days: int = 0
    post_rows: int | None = None


@dataclass(frozen=True)
class Day:
    """One snapshot, for the pure reference computation below."""

    date: dt.date
    followers: int | None = None
    posts_published: int | None = None
    engagements: int | None = None


def figures_from_series(
    days: Iterable[Day], period: Period, *, post_dates: Iterable[dt.date] | None = None
) -> PeriodFigures:
    """What the database computes for one account, from its snapshots in Python: the
    reference the selector's query is held to in the tests."""
    inside = [d for d in days if period.opening <= d.date <= period.closing]
    levels = sorted((d.date, d.followers) for d in inside if d.followers is not None)
    flows = [d for d in inside if d.date > period.opening]
    posts = [d.posts_published for d in flows if d.posts_published is not None]
    engagements = [d.engagements for d in flows if d.engagements is not None]
    rows = None
    if post_dates is not None:
        rows = sum(1 for day in post_dates if period.start <= day <= period.end)
    return PeriodFigures(
        opening_date=levels[0][0] if levels else None,
        opening_followers=levels[0][1] if levels else None,
        closing_date=levels[-1][0] if levels else None,
        closing_followers=levels[-1][1] if levels else None,
        engagements=sum(engagements) if engagements else None,
        posts=sum(posts) if posts else None,
        posting_days=len(posts),
        post_rows=rows,
    )


@dataclass(frozen=True)
class Growth:
    """Followers gained in a period (None: no data) and a note on how it was counted."""

    value: int | None
    note: str = ""


def period_growth(figures: PeriodFigures, period: Period, *, created_on: dt.date | None) -> Growth:
    """Closing minus opening followers. An account created during the period had no
    followers before its creation day, so it counts from 0 on that day."""
    if created_on is not None and created_on > period.end:
        return Growth(None, "created after this period")
    if figures.closing_followers is None or figures.closing_date is None:
        return Growth(None, "no follower figures in this period")
    created_inside = (
        created_on is not None
        and created_on > period.opening
        and (figures.opening_date is None or created_on < figures.opening_date)
    )
    if created_inside:
        assert created_on is not None
        return Growth(
            figures.closing_followers,
            f"created {day_label(created_on)}: counted from 0 followers that day",
        )
    if (
        figures.opening_date is None
        or figures.opening_followers is None
        or figures.opening_date >= figures.closing_date
    ):
        return Growth(None, "only one day with follower figures in this period")
    note = ""
    if figures.opening_date > period.opening:
        note = f"figures from {day_label(figures.opening_date)}"
    if figures.closing_date < period.closing:
        note = (note + "; " if note else "figures ") + f"until {day_label(figures.closing_date)}"
    return Growth(figures.closing_followers - figures.opening_followers, note)


@dataclass(frozen=True)
class Change:
    """How follower growth changed from the first period to the second.

    `ratio` is (second - first) / |first|: -0.52 is a 52 % decrease. None with `reason`
    NO_DATA when either growth is unknown, or ZERO_BASE when the first growth is 0 and the
    second is not (no percentage of nothing)."""

    ratio: float | None
    reason: str = ""

    @property
    def words(self) -> str:
        return change_words(self)


def growth_change(first: int | None, second: int | None) -> Change:
    if first is None or second is None:
        return Change(None, NO_DATA)
    if first == 0:
        return Change(0.0) if second == 0 else Change(None, ZERO_BASE)
    return Change((second - first) / abs(first))


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def change_words(change: Change) -> str:
    """'52 % decrease', '12 % increase', 'no change', 'no data' or the zero-base words."""
    if change.ratio is None:
        return change.reason or NO_DATA
    percent = change.ratio * 100
    if percent == 0:
        return "no change"
    direction = "increase" if percent > 0 else "decrease"
    rounded = _round_half_up(abs(percent))
    if rounded == 0:
        return f"less than 1 % {direction}"
    return f"{rounded:,} % {direction}"


def posts_per_week(
    figures: PeriodFigures, period: Period, *, created_on: dt.date | None
) -> float | None:
    """Posts a week: from the daily figures over the days that have them, else from the
    stored posts over the period's days since the account was created."""
    if figures.posts is not None and figures.posting_days > 0:
        return figures.posts / figures.posting_days * 7
    if figures.post_rows is None:
        return None
    first = period.start if created_on is None else max(period.start, created_on)
    days = (period.end - first).days + 1
    if days <= 0:
        return None
    return figures.post_rows / days * 7


def engagement_rate(figures: PeriodFigures) -> float | None:
    """Engagements per post, as a percentage of the followers at the period's end."""
    if figures.engagements is None or not figures.posts or not figures.closing_followers:
        return None
    return 100.0 * figures.engagements / figures.posts / figures.closing_followers


def days_since(day: dt.date | None, as_of: dt.date) -> int | None:
    return None if day is None else (as_of - day).days


def dormancy(
    *, last_post: dt.date | None, as_of: dt.date, days: int, tracked_since: dt.date | None
) -> bool | None:
    """True when the account has not posted in the last `days` days before `as_of`.

    A post exactly `days` days ago is outside those days (with 90: a post 90 days ago is
    dormant, 89 days ago is not). Without any post on record, the account is dormant when
    its posting has been tracked for at least `days` days, and unknown (None) otherwise.
    """
    if days < 1:
        raise AuditError("Dormancy needs at least one day.")
    if last_post is not None and last_post <= as_of:
        return (as_of - last_post).days >= days
    if tracked_since is None or (as_of - tracked_since).days < days:
        return None  # not watched long enough to tell
    return True


# ------------------------------------------------------------------------------ overlap


@dataclass(frozen=True)
class OverlapMember:
    entry_id: int
    unit_key: str
    platform: str
    followers: int | None
    archived: bool = False


@dataclass(frozen=True)
class Overlap:
    """A small account beside others of its unit on its platform: merge it into the
    largest of them."""

    into: int
    accounts: int  # accounts of the unit on the platform (not archived)
    small: int  # how many of them are small


def overlaps(members: Sequence[OverlapMember], *, small: int) -> dict[int, Overlap]:
    """Small accounts that share a unit and a platform with another account.

    A unit with several accounts on one platform, at least one of them small (fewer than
    `small` followers at the end of the second period), overlaps: each small account other
    than the largest is to be merged into the largest. Accounts without follower figures
    are not judged small; archived accounts are left out.
    """
    groups: dict[tuple[str, str], list[OverlapMember]] = defaultdict(list)
    for member in members:
        if not member.archived:
            groups[(member.unit_key, member.platform)].append(member)
    found: dict[int, Overlap] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        smalls = [m for m in group if m.followers is not None and m.followers < small]
        if not smalls:
            continue
        largest = max(
            group, key=lambda m: (m.followers if m.followers is not None else -1, -m.entry_id)
        )
        for member in smalls:
            if member.entry_id != largest.entry_id:
                found[member.entry_id] = Overlap(largest.entry_id, len(group), len(smalls))
    return found


# ------------------------------------------------------------------------ the audit


@dataclass(frozen=True)
class AccountInput:
    """Everything the audit needs about one registered account."""

    entry_id: int
    label: str
    unit_key: str
    unit_name: str
    platform: str
    platform_label: str
    status: str
    status_label: str
    created_on: dt.date | None
    owner_id: int | None
    owner_name: str
    owner_departed: bool
    backup_id: int | None
    backup_name: str
    backup_departed: bool
    first: PeriodFigures
    second: PeriodFigures
    last_post: dt.date | None
    tracked_since: dt.date | None


@dataclass(frozen=True)
class Recommendation:
    kind: str
    reason: str
    merge_into: int | None = None
    merge_into_label: str = ""
    hand_over_to: int | None = None
    hand_over_to_name: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class AccountAudit:
    account: AccountInput
    growth1: Growth
    growth2: Growth
    change: Change
    posts_week1: float | None
    posts_week2: float | None
    engagement1: float | None
    engagement2: float | None
    followers: int | None  # at the end of the second period
    days_since_post: int | None
    dormant: bool | None
    overlap: Overlap | None
    owner_problem: str  # "", "no owner" or "owner has left"
    recommendation: Recommendation | None


@dataclass(frozen=True)
class Totals:
    accounts: int
    comparable: int  # accounts with follower growth in both periods
    growth1: int | None  # over the comparable accounts
    growth2: int | None
    change: Change
    posts_week1: float | None  # every account with posting figures in that period
    posts_week2: float | None
    dormant: int
    dormancy_unknown: int
    without_owner: int
    departed_owner: int
    overlapping: int
    recommendations: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Audit:
    first: Period
    second: Period
    dormancy_days: int
    small: int
    rows: list[AccountAudit]
    totals: Totals


def owner_problem(account: AccountInput) -> str:
    if account.owner_id is None:
        return "no owner"
    if account.owner_departed:
        return "owner has left"
    return ""


def recommend(
    account: AccountInput,
    *,
    dormant: bool | None,
    days_since_post: int | None,
    dormancy_days: int,
    overlap: Overlap | None,
    labels: dict[int, str],
    small: int,
) -> Recommendation | None:
    """One recommendation per account, the first rule that applies:

    1. archived accounts get none;
    2. dormant (no post in N days) → archive;
    3. a small account overlapping a larger one of its unit on its platform → merge;
    4. no owner, or an owner who has left → hand over (to the backup owner when there is
       one who has not left; otherwise the admin chooses someone when accepting);
    5. otherwise keep.
    """
    if account.status == ARCHIVED:
        return None
    if dormant:
        if days_since_post is not None and account.last_post is not None:
            reason = (
                f"No post in {number(days_since_post)} days (the last on "
                f"{day_label(account.last_post)}); dormant after {dormancy_days}."
            )
        else:
            reason = f"No post on record, and posting has been tracked {dormancy_days}+ days."
        return Recommendation(ARCHIVE, reason)
    if overlap is not None:
        into = labels.get(overlap.into, "the largest account")
        return Recommendation(
            MERGE,
            f"{overlap.accounts} accounts of {account.unit_name} on {account.platform_label}, "
            f"{overlap.small} of them with fewer than {number(small)} followers; "
            f"{into} is the largest.",
            merge_into=overlap.into,
            merge_into_label=into,
        )
    problem = owner_problem(account)
    if problem:
        who = (
            "It has no owner"
            if account.owner_id is None
            else f"Its owner, {account.owner_name}, has left"
        )
        if account.backup_id is not None and not account.backup_departed:
            return Recommendation(
                HAND_OVER,
                f"{who}; the backup owner, {account.backup_name}, can take it over.",
                hand_over_to=account.backup_id,
                hand_over_to_name=account.backup_name,
            )
        return Recommendation(HAND_OVER, f"{who} and no backup owner who can take it over.")
    if dormant is None:
        return Recommendation(
            KEEP, "Owned and not overlapping; no posting data yet to judge dormancy."
        )
    return Recommendation(KEEP, "Posting, owned and not overlapping: nothing to change.")


def _sum(values: Iterable[float | int | None]) -> float | int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def audit_compute(
    accounts: Sequence[AccountInput],
    *,
    first: Period,
    second: Period,
    dormancy_days: int = DORMANCY_DAYS,
    small: int = SMALL_FOLLOWERS,
) -> Audit:
    """The audit of `accounts` over the two periods: a row per account and the totals."""
    if dormancy_days < 1:
        raise AuditError("Dormancy needs at least one day.")
    if small < 1:
        raise AuditError("“Small” needs at least one follower.")
    as_of = second.end
    members = [
        OverlapMember(
            a.entry_id, a.unit_key, a.platform, a.second.closing_followers, a.status == ARCHIVED
        )
        for a in accounts
    ]
    found = overlaps(members, small=small)
    labels = {a.entry_id: a.label for a in accounts}
    rows = []
    for account in accounts:
        growth1 = period_growth(account.first, first, created_on=account.created_on)
        growth2 = period_growth(account.second, second, created_on=account.created_on)
        since = days_since(account.last_post, as_of)
        dormant = dormancy(
            last_post=account.last_post,
            as_of=as_of,
            days=dormancy_days,
            tracked_since=account.tracked_since,
        )
        overlap = found.get(account.entry_id)
        rows.append(
            AccountAudit(
                account=account,
                growth1=growth1,
                growth2=growth2,
                change=growth_change(growth1.value, growth2.value),
                posts_week1=posts_per_week(account.first, first, created_on=account.created_on),
                posts_week2=posts_per_week(account.second, second, created_on=account.created_on),
                engagement1=engagement_rate(account.first),
                engagement2=engagement_rate(account.second),
                followers=account.second.closing_followers,
                days_since_post=since,
                dormant=dormant,
                overlap=overlap,
                owner_problem=owner_problem(account),
                recommendation=recommend(
                    account,
                    dormant=dormant,
                    days_since_post=since,
                    dormancy_days=dormancy_days,
                    overlap=overlap,
                    labels=labels,
                    small=small,
                ),
            )
        )
    return Audit(first, second, dormancy_days, small, rows, audit_totals(rows))


def audit_totals(rows: Sequence[AccountAudit]) -> Totals:
    comparable = [r for r in rows if r.growth1.value is not None and r.growth2.value is not None]
    growth1 = sum(r.growth1.value for r in comparable) if comparable else None  # type: ignore[misc]
    growth2 = sum(r.growth2.value for r in comparable) if comparable else None  # type: ignore[misc]
    kinds = Counter(r.recommendation.kind for r in rows if r.recommendation is not None)
    return Totals(
        accounts=len(rows),
        comparable=len(comparable),
        growth1=growth1,
        growth2=growth2,
        change=growth_change(growth1, growth2),
        posts_week1=_sum(r.posts_week1 for r in rows),  # type: ignore[arg-type]
        posts_week2=_sum(r.posts_week2 for r in rows),  # type: ignore[arg-type]
        dormant=sum(1 for r in rows if r.dormant),
        dormancy_unknown=sum(1 for r in rows if r.dormant is None),
        without_owner=sum(1 for r in rows if r.account.owner_id is None),
        departed_owner=sum(1 for r in rows if r.owner_problem == "owner has left"),
        overlapping=sum(1 for r in rows if r.overlap is not None),
        recommendations={kind: kinds.get(kind, 0) for kind in (KEEP, MERGE, ARCHIVE, HAND_OVER)},
    )


SORTS = {
    "account": "Account",
    "change": "Biggest fall in growth first",
    "last_post": "Longest without a post first",
    "followers": "Largest first",
}


def sort_rows(rows: Sequence[AccountAudit], sort: str) -> list[AccountAudit]:
    """Rows in the chosen order; rows without the figure come last, then by account."""

    def label(row: AccountAudit) -> tuple[str, int]:
        return (row.account.label.lower(), row.account.entry_id)

    if sort == "change":
        return sorted(
            rows, key=lambda r: (r.change.ratio is None, r.change.ratio or 0.0, *label(r))
        )
    if sort == "last_post":
        return sorted(
            rows,
            key=lambda r: (r.days_since_post is None, -(r.days_since_post or 0), *label(r)),
        )
    if sort == "followers":
        return sorted(rows, key=lambda r: (r.followers is None, -(r.followers or 0), *label(r)))
    return sorted(rows, key=label)
