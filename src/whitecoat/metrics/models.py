from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from whitecoat.core.models import TimeStampedModel
from whitecoat.metrics.enums import AccountUse, ConnectionState, MetricSource, Platform, PostKind
from whitecoat.organizations.models import Department, Entity
from whitecoat.program.models import Ambassador


class SocialAccount(TimeStampedModel):
    """An account on a platform, owned by an ambassador or by an institutional unit."""

    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=200)
    profile_url = models.URLField(max_length=500, blank=True)
    use = models.CharField(
        max_length=20, choices=AccountUse.choices, default=AccountUse.PROFESSIONAL
    )
    connection_state = models.CharField(
        max_length=20, choices=ConnectionState.choices, default=ConnectionState.NOT_CONNECTED
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    opened_on = models.DateField(null=True, blank=True, help_text="When the account was created.")
    ambassador = models.ForeignKey(
        Ambassador, null=True, blank=True, on_delete=models.CASCADE, related_name="accounts"
    )
    # An institutional account belongs to a department, or to an entity as a whole.
    unit_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutional_accounts",
    )
    unit_entity = models.ForeignKey(
        Entity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutional_accounts",
    )

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            # Handles are case-insensitive on every platform we support.
            models.UniqueConstraint("platform", Lower("handle"), name="account_unique_handle"),
            models.CheckConstraint(
                condition=(
                    Q(ambassador__isnull=False)
                    & Q(unit_department__isnull=True)
                    & Q(unit_entity__isnull=True)
                )
                | (
                    Q(ambassador__isnull=True)
                    & (Q(unit_department__isnull=False) | Q(unit_entity__isnull=False))
                ),
                name="account_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(ambassador__isnull=True)
                | ~Q(use="personal")
                | Q(connection_state="not_connected"),
                name="personal_accounts_never_connected",
            ),
            models.CheckConstraint(
                condition=Q(connection_state=ConnectionState.NOT_CONNECTED)
                | Q(connected_at__isnull=False),
                name="account_connection_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def is_institutional(self) -> bool:
        return self.ambassador_id is None

    @property
    def needs_reconnect(self) -> bool:
        return self.connection_state in {ConnectionState.EXPIRED, ConnectionState.REVOKED}


class MetricSnapshot(models.Model):
    """One day of an account's figures. Missing figures are NULL, never zero.

    followers/following/posts_count are levels at the end of the day; engagements,
    impressions and video_views are what happened during that day.
    """

    # No index of its own: the (account, date) unique index already leads with account.
    account = models.ForeignKey(
        SocialAccount, on_delete=models.CASCADE, related_name="snapshots", db_index=False
    )
    date = models.DateField()
    followers = models.PositiveIntegerField(null=True, blank=True)
    following = models.PositiveIntegerField(null=True, blank=True)
    posts_count = models.PositiveIntegerField(null=True, blank=True)
    posts_published = models.PositiveIntegerField(null=True, blank=True)
    engagements = models.PositiveIntegerField(null=True, blank=True)
    impressions = models.PositiveBigIntegerField(null=True, blank=True)
    video_views = models.PositiveBigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=MetricSource.choices)
    collected_at = models.DateTimeField()

    class Meta:
        ordering = ["account", "date"]
        constraints = [
            models.UniqueConstraint(fields=["account", "date"], name="snapshot_one_per_day"),
            models.CheckConstraint(
                condition=Q(source__in=MetricSource.values), name="snapshot_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["date"], name="snapshot_date")]

    def __str__(self) -> str:
        return f"{self.account} on {self.date}"


class Post(models.Model):
    """One post of an account, with the per-post figures its platform gives.

    A figure the platform does not give is NULL (absent), never zero; `collected_at` and
    `source` say when and where the figures came from.
    """

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="posts")
    platform_post_id = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    published_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=PostKind.choices, default=PostKind.TEXT)
    # [{"type": "image"|"video", "alt_text": str, "caption": str}] as the platform reports it.
    media = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    replies = models.PositiveBigIntegerField(null=True, blank=True)
    reposts = models.PositiveBigIntegerField(null=True, blank=True)
    quotes = models.PositiveBigIntegerField(null=True, blank=True)
    saves = models.PositiveBigIntegerField(null=True, blank=True)
    impressions = models.PositiveBigIntegerField(null=True, blank=True)
    video_views = models.PositiveBigIntegerField(null=True, blank=True)
    link_clicks = models.PositiveBigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=MetricSource.choices)
    collected_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "platform_post_id"], name="post_unique_per_account"
            ),
            models.CheckConstraint(
                condition=Q(source__in=MetricSource.values), name="post_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["account", "published_at"], name="post_account_when")]

    def __str__(self) -> str:
        return f"{self.account} post {self.platform_post_id}"

    @property
    def engagements(self) -> int | None:
        """Likes, replies, reposts, quotes and saves together; None when none is known."""
        parts = [self.likes, self.replies, self.reposts, self.quotes, self.saves]
        known = [part for part in parts if part is not None]
        return sum(known) if known else None
