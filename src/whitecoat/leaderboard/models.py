from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from whitecoat.core.models import TimeStampedModel
from whitecoat.leaderboard.enums import Grouping, WindowKey
from whitecoat.leaderboard.scoring import DEFAULT_WEIGHTS, Weights


class ScoreSettings(TimeStampedModel):
    """The composite score's weights and who may see figures: one row, set by admins."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    weight_growth_rate = models.PositiveSmallIntegerField(
        "Follower growth rate", default=int(DEFAULT_WEIGHTS.growth_rate)
    )
    weight_engagement_rate = models.PositiveSmallIntegerField(
        "Engagement per follower", default=int(DEFAULT_WEIGHTS.engagement_rate)
    )
    weight_posts = models.PositiveSmallIntegerField(
        "Posts published", default=int(DEFAULT_WEIGHTS.posts)
    )
    weight_video_rate = models.PositiveSmallIntegerField(
        "Video views per follower", default=int(DEFAULT_WEIGHTS.video_rate)
    )
    weight_growth = models.PositiveSmallIntegerField(
        "Followers gained", default=int(DEFAULT_WEIGHTS.growth)
    )
    weight_engagements = models.PositiveSmallIntegerField(
        "Engagements", default=int(DEFAULT_WEIGHTS.engagements)
    )
    shrinkage = models.PositiveIntegerField(
        "Shrinkage strength (followers)",
        default=int(DEFAULT_WEIGHTS.shrinkage),
        help_text="An account with this many followers is pulled halfway toward the median "
        "rate; 0 turns shrinkage off.",
    )
    ambassadors_see_figures = models.BooleanField(
        default=True,
        help_text="Ambassadors see everyone's figures on the leaderboard; when off they see "
        "ranks, scores and badges, and figures only for themselves.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "score settings"
        verbose_name_plural = "score settings"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=1), name="score_settings_singleton"),
            models.CheckConstraint(
                condition=Q(weight_growth_rate__gt=0)
                | Q(weight_engagement_rate__gt=0)
                | Q(weight_posts__gt=0)
                | Q(weight_video_rate__gt=0)
                | Q(weight_growth__gt=0)
                | Q(weight_engagements__gt=0),
                name="score_settings_some_weight",
            ),
        ]

    def __str__(self) -> str:
        return "Leaderboard score settings"

    @classmethod
    def current(cls) -> ScoreSettings:
        found = cls.objects.filter(singleton=1).first()
        return found if found is not None else cls()

    @property
    def weights(self) -> Weights:
        return Weights(
            growth_rate=self.weight_growth_rate,
            engagement_rate=self.weight_engagement_rate,
            posts=self.weight_posts,
            video_rate=self.weight_video_rate,
            growth=self.weight_growth,
            engagements=self.weight_engagements,
            shrinkage=self.shrinkage,
        )


class Ranking(models.Model):
    """A stored leaderboard: one window ending on `as_of`, one grouping, one platform scope
    ("" for every platform). Kept current by `leaderboard_refresh`; see docs/leaderboard.md."""

    window = models.CharField(max_length=10, choices=WindowKey.choices)
    grouping = models.CharField(max_length=12, choices=Grouping.choices)
    platform = models.CharField(max_length=20, blank=True)
    as_of = models.DateField()
    opening = models.DateField(null=True, blank=True)
    ranked = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-as_of", "window", "grouping", "platform"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "grouping", "platform", "as_of"], name="ranking_unique"
            ),
            models.CheckConstraint(condition=Q(ranked__lte=F("total")), name="ranking_counts"),
        ]

    def __str__(self) -> str:
        scope = f", {self.platform}" if self.platform else ""
        return f"{self.window} by {self.grouping}{scope} as of {self.as_of}"


class Standing(models.Model):
    """One row of a stored ranking. Figures are None when there is no data, never 0."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="standings")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=300)
    position = models.PositiveIntegerField()
    rank = models.PositiveIntegerField(null=True, blank=True)
    previous_rank = models.PositiveIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    # Who the row belongs to: for links and for the filters.
    ambassador_id = models.BigIntegerField(null=True, blank=True)
    department_id = models.BigIntegerField(null=True, blank=True)
    department_name = models.CharField(max_length=200, blank=True)
    cohort_id = models.BigIntegerField(null=True, blank=True)
    cohort_name = models.CharField(max_length=200, blank=True)
    entity_id = models.BigIntegerField(null=True, blank=True)
    entity_name = models.CharField(max_length=200, blank=True)
    platform = models.CharField(max_length=20, blank=True)
    joined_on = models.DateField(null=True, blank=True)
    members = models.PositiveIntegerField(default=0)
    followers = models.BigIntegerField(null=True, blank=True)
    opening_followers = models.BigIntegerField(null=True, blank=True)
    follower_growth = models.BigIntegerField(null=True, blank=True)
    growth_percent = models.FloatField(null=True, blank=True)
    engagements = models.BigIntegerField(null=True, blank=True)
    engagement_followers = models.BigIntegerField(null=True, blank=True)
    engagement_rate = models.FloatField(null=True, blank=True)
    impressions = models.BigIntegerField(null=True, blank=True)
    video_views = models.BigIntegerField(null=True, blank=True)
    video_followers = models.BigIntegerField(null=True, blank=True)
    posts_published = models.BigIntegerField(null=True, blank=True)
    movement = models.IntegerField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    badges = models.JSONField(default=list, blank=True)
    sparkline = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="standing_position"),
            models.UniqueConstraint(fields=["ranking", "key"], name="standing_key"),
        ]
        indexes = [
            models.Index(fields=["ambassador_id", "ranking"], name="standing_ambassador"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"
