"""Reads of social accounts and their snapshots, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from whitecoat.core.cache import figures_cached, figures_recompute
from whitecoat.metrics.enums import AccountUse, ConnectionState
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount
from whitecoat.organizations.roles import user_sees_everything
from whitecoat.organizations.selectors import department_ids_nominated_by


def _followers_on_or_before(day: dt.date | None = None) -> Subquery:
    snapshots = MetricSnapshot.objects.filter(account=OuterRef("pk"), followers__isnull=False)
    if day is not None:
        snapshots = snapshots.filter(date__lte=day)
    return Subquery(snapshots.order_by("-date").values("followers")[:1])


def _latest_date() -> Subquery:
    return Subquery(
        MetricSnapshot.objects.filter(account=OuterRef("pk")).order_by("-date").values("date")[:1]
    )


def account_list(
    *,
    user: Any,
    platform: str = "",
    connection_state: str = "",
    institutional: bool | None = None,
    ambassador_id: int | None = None,
    department_id: int | None = None,
    search: str = "",
    everyone: bool = False,
) -> QuerySet[SocialAccount]:
    """Accounts with their latest follower count and its date (None when there is no data);
    `everyone` reads the whole program whoever `user` is (for figures computed ahead)."""
    accounts = SocialAccount.objects.select_related(
        "ambassador__person", "unit_department", "unit_entity"
    ).annotate(latest_followers=_followers_on_or_before(), latest_date=_latest_date())
    if not (everyone or user_sees_everything(user)):
        departments = department_ids_nominated_by(user=user)
        accounts = accounts.filter(
            Q(ambassador__person__department_id__in=departments)
            | Q(unit_department_id__in=departments)
            | Q(ambassador__person__user_id=user.pk)
        )
    if platform:
        accounts = accounts.filter(platform=platform)
    if connection_state:
        accounts = accounts.filter(connection_state=connection_state)
    if institutional is not None:
        accounts = accounts.filter(ambassador__isnull=institutional)
    if ambassador_id:
        accounts = accounts.filter(ambassador_id=ambassador_id)
    if department_id:
        accounts = accounts.filter(
            Q(ambassador__person__department_id=department_id) | Q(unit_department_id=department_id)
        )
    if search:
        accounts = accounts.filter(handle__icontains=search)
    return accounts.order_by("platform", "handle", "id")


@dataclass(frozen=True)
class AccountNumbers:
    """An account's figures over a window; None means no data, never zero."""

    account: SocialAccount
    followers: int | None
    followers_on: dt.date | None
    follower_growth: int | None
    engagements: int | None
    video_views: int | None


def account_numbers(
    *, accounts: QuerySet[SocialAccount], days: int = 30, today: dt.date | None = None
) -> list[AccountNumbers]:
    """Followers now, growth and engagement over the last `days` days, per account."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days)
    rows = list(accounts.annotate(followers_at_start=_followers_on_or_before(start)))
    # The window's sums in one grouped query over the window's rows only; summing through a
    # join from the accounts would read every snapshot of every account.
    sums = {
        row["account_id"]: row
        for row in MetricSnapshot.objects.filter(
            account_id__in=[account.pk for account in rows], date__gt=start, date__lte=today
        )
        .values("account_id")
        .annotate(engagements=Sum("engagements"), video_views=Sum("video_views"))
        .order_by()
    }
    numbers = []
    for row in rows:
        growth = None
        if row.latest_followers is not None and row.followers_at_start is not None:
            growth = row.latest_followers - row.followers_at_start
        window = sums.get(row.pk, {})
        numbers.append(
            AccountNumbers(
                account=row,
                followers=row.latest_followers,
                followers_on=row.latest_date,
                follower_growth=growth,
                engagements=window.get("engagements"),
                video_views=window.get("video_views"),
            )
        )
    return numbers


@dataclass(frozen=True)
class ProgramTotals:
    accounts: int
    connected: int
    needs_reconnect: int
    followers: int | None
    follower_growth: int | None
    engagements: int | None
    as_of: dt.date | None


def _totals_key(scope: str, days: int, today: dt.date) -> str:
    return f"program-totals:{scope}:{days}:{today.isoformat()}"


def program_totals(*, user: Any, days: int = 30, today: dt.date | None = None) -> ProgramTotals:
    """Totals over the visible ambassadors' professional accounts (cached briefly: see
    whitecoat.core.cache)."""
    today = today or timezone.localdate()
    everyone = user_sees_everything(user)
    return figures_cached(
        key=_totals_key("all" if everyone else f"user-{user.pk}", days, today),
        compute=lambda: _program_totals(user=user, everyone=everyone, days=days, today=today),
    )


def program_totals_recompute(*, days: int = 30, today: dt.date | None = None) -> ProgramTotals:
    """The whole program's totals, computed now and kept for the admin and leadership home
    pages (after a sync or an import)."""
    today = today or timezone.localdate()
    return figures_recompute(
        key=_totals_key("all", days, today),
        compute=lambda: _program_totals(user=None, everyone=True, days=days, today=today),
    )


def _program_totals(*, user: Any, everyone: bool, days: int, today: dt.date) -> ProgramTotals:
    accounts = account_list(user=user, institutional=False, everyone=everyone).filter(
        use=AccountUse.PROFESSIONAL
    )
    states = accounts.order_by().aggregate(
        total=Count("id"),
        connected=Count("id", filter=Q(connection_state=ConnectionState.CONNECTED)),
        reconnect=Count(
            "id",
            filter=Q(connection_state__in=[ConnectionState.EXPIRED, ConnectionState.REVOKED]),
        ),
    )
    numbers = account_numbers(accounts=accounts, days=days, today=today)
    with_followers = [n for n in numbers if n.followers is not None]
    with_growth = [n for n in numbers if n.follower_growth is not None]
    with_engagement = [n for n in numbers if n.engagements is not None]
    # Each account's latest snapshot date is already on its row; a MAX over the snapshots
    # of every account would read them all again (0.7 s at 2,000 ambassadors).
    as_of = max((n.followers_on for n in numbers if n.followers_on is not None), default=None)
    return ProgramTotals(
        accounts=states["total"],
        connected=states["connected"],
        needs_reconnect=states["reconnect"],
        followers=sum(n.followers for n in with_followers) if with_followers else None,
        follower_growth=sum(n.follower_growth for n in with_growth) if with_growth else None,
        engagements=sum(n.engagements for n in with_engagement) if with_engagement else None,
        as_of=as_of,
    )


def snapshot_series(*, account: SocialAccount, days: int = 365) -> QuerySet[MetricSnapshot]:
    latest = account.snapshots.aggregate(d=Max("date"))["d"]
    if latest is None:
        return account.snapshots.none()
    return account.snapshots.filter(date__gt=latest - dt.timedelta(days=days)).order_by("date")


def post_list(*, user: Any, ambassador_id: int | None = None) -> QuerySet[Post]:
    """Posts of the accounts the user may see, newest first."""
    accounts = account_list(user=user, ambassador_id=ambassador_id).values("pk")
    return (
        Post.objects.filter(account__in=accounts)
        .select_related("account")
        .order_by("-published_at", "-id")
    )
