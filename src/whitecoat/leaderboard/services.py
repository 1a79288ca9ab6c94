"""Writes for the leaderboard: storing rankings, and the admins' score settings."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.leaderboard.enums import STORED_WINDOWS, Grouping
from whitecoat.leaderboard.models import Ranking, ScoreSettings, Standing
from whitecoat.leaderboard.scoring import (
    GROUPINGS,
    Row,
    Weights,
    previous_window,
    sum_series,
    window_for,
)
from whitecoat.leaderboard.selectors import (
    _month_ends,
    account_meta_list,
    account_sparklines,
    account_window_values,
    rank_accounts,
    sparkline_days,
)

HISTORY_WINDOW = "30d"
STANDING_BATCH = 5_000


@dataclass(frozen=True)
class RefreshSummary:
    as_of: dt.date
    rankings: int
    standings: int
    history_points: int
    seconds: float


def _standing(ranking: Ranking, row: Row) -> Standing:
    return Standing(
        ranking=ranking,
        key=row.key,
        label=row.label[:300],
        position=row.position,
        rank=row.rank,
        previous_rank=row.previous_rank,
        score=row.score,
        ambassador_id=row.ambassador_id,
        department_id=row.department_id,
        department_name=row.department_name,
        cohort_id=row.cohort_id,
        cohort_name=row.cohort_name,
        entity_id=row.entity_id,
        entity_name=row.entity_name,
        platform=row.platform,
        joined_on=row.joined_on,
        members=row.members,
        followers=row.followers,
        opening_followers=row.opening_followers,
        follower_growth=row.follower_growth,
        growth_percent=row.growth_percent,
        engagements=row.engagements,
        engagement_followers=row.engagement_followers,
        engagement_rate=row.engagement_rate,
        impressions=row.impressions,
        video_views=row.video_views,
        video_followers=row.video_followers,
        posts_published=row.posts_published,
        movement=row.movement,
        as_of=row.as_of,
        sources=list(row.sources),
        badges=list(row.badges),
        sparkline=list(row.sparkline),
    )


def ranking_store(
    *,
    window_key: str,
    grouping: str,
    platform: str,
    as_of: dt.date,
    opening: dt.date | None,
    rows: Sequence[Row],
) -> tuple[Ranking, int]:
    """Replace the stored ranking for (window, grouping, platform, as_of) with `rows`."""
    with transaction.atomic():
        Ranking.objects.filter(
            window=window_key, grouping=grouping, platform=platform, as_of=as_of
        ).delete()
        ranking = Ranking.objects.create(
            window=window_key,
            grouping=grouping,
            platform=platform,
            as_of=as_of,
            opening=opening,
            ranked=sum(1 for row in rows if row.rank is not None),
            total=len(rows),
            computed_at=timezone.now(),
        )
        Standing.objects.bulk_create(
            (_standing(ranking, row) for row in rows), batch_size=STANDING_BATCH
        )
    return ranking, len(rows)


def leaderboard_refresh(
    *,
    today: dt.date | None = None,
    windows: Sequence[str] = STORED_WINDOWS,
    history_months: int = 12,
    weights: Weights | None = None,
) -> RefreshSummary:
    """Store every standard window's rankings ending `today`, for every grouping and
    platform scope, with movement, badges and sparklines; keep the 30-day ambassador
    ranking at each past month end as the rank history; drop older stored rankings.

    Run after each ingest of snapshots and once a day (`manage.py leaderboard_refresh`),
    and after the score settings change. Idempotent: running it twice stores the same.
    """
    started = time.perf_counter()
    today = today or timezone.localdate()
    weights = weights or ScoreSettings.current().weights
    metas = account_meta_list()
    scopes = ["", *sorted({m.platform for m in metas})]
    rankings = standings = 0
    for key in windows:
        window = window_for(key, today=today)
        values = account_window_values(window=window)
        before = previous_window(window)
        previous = account_window_values(window=before) if before else None
        days = sparkline_days(window, metas)
        series = account_sparklines(days=days)
        empty = [None] * len(days)
        for scope in scopes:
            scoped = [m for m in metas if not scope or m.platform == scope]
            for grouping in GROUPINGS:
                rows = rank_accounts(
                    metas=scoped,
                    values=values,
                    previous=previous,
                    grouping=grouping,
                    weights=weights,
                    window=window,
                )
                for row in rows:
                    row.sparkline = sum_series(series.get(a, empty) for a in row.account_ids)
                _, n = ranking_store(
                    window_key=key,
                    grouping=grouping,
                    platform=scope,
                    as_of=today,
                    opening=window.opening,
                    rows=rows,
                )
                rankings += 1
                standings += n
    points = _history_refresh(today=today, months=history_months, weights=weights, metas=metas)
    keep_history = Q(window=HISTORY_WINDOW, grouping=Grouping.AMBASSADOR, platform="")
    Ranking.objects.filter(as_of__lt=today).exclude(
        keep_history & Q(as_of__in=_month_ends(today, history_months))
    ).delete()
    return RefreshSummary(
        as_of=today,
        rankings=rankings,
        standings=standings,
        history_points=points,
        seconds=time.perf_counter() - started,
    )


def _history_refresh(*, today: dt.date, months: int, weights: Weights, metas: Any) -> int:
    """The 30-day ambassador ranking at each past month end that has none stored yet."""
    stored = set(
        Ranking.objects.filter(
            window=HISTORY_WINDOW, grouping=Grouping.AMBASSADOR, platform=""
        ).values_list("as_of", flat=True)
    )
    added = 0
    for end in _month_ends(today, months):
        if end in stored:
            continue
        window = window_for(HISTORY_WINDOW, today=end)
        values = account_window_values(window=window)
        if not values:
            continue
        rows = rank_accounts(
            metas=metas,
            values=values,
            previous=None,
            grouping=Grouping.AMBASSADOR,
            weights=weights,
            window=window,
        )
        ranking_store(
            window_key=HISTORY_WINDOW,
            grouping=Grouping.AMBASSADOR,
            platform="",
            as_of=end,
            opening=window.opening,
            rows=rows,
        )
        added += 1
    return added


def leaderboard_history_clear() -> int:
    """Forget the stored rank history (after the score settings change its meaning)."""
    count, _ = Ranking.objects.filter(as_of__lt=timezone.localdate()).delete()
    return count


SETTINGS_FIELDS = (
    "weight_growth_rate",
    "weight_engagement_rate",
    "weight_posts",
    "weight_video_rate",
    "weight_growth",
    "weight_engagements",
    "shrinkage",
    "ambassadors_see_figures",
)


@transaction.atomic
def score_settings_update(*, user: Any, **values: Any) -> ScoreSettings:
    """Save the admins' weights; stored rankings are dropped so every page recomputes with
    them until the next refresh (enqueued after the commit)."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise WhiteCoatError(f"Unknown settings: {', '.join(sorted(unknown))}.")
    settings = ScoreSettings.current()
    weights_before = settings.weights
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by = user
    if not any(getattr(settings, name) for name in SETTINGS_FIELDS if name.startswith("weight")):
        raise WhiteCoatError("Give at least one component a weight above zero.", code="no_weight")
    settings.full_clean()
    settings.save()
    if settings.weights != weights_before:
        Ranking.objects.all().delete()
        from whitecoat.leaderboard.tasks import leaderboard_refresh_task

        transaction.on_commit(leaderboard_refresh_task.enqueue)
    return settings
