"""Platform app credentials, account connections (tokens encrypted) and sync runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whitecoat.connectors.crypto import EncryptedTextField
from whitecoat.connectors.enums import AliasMatch, AuthKind, ItemState, SyncKind, SyncState
from whitecoat.core.models import TimeStampedModel
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import Post, SocialAccount
from whitecoat.organizations.models import Entity


class PlatformApp(TimeStampedModel):
    """An organisation's app on a platform: what OAuth needs to connect its ambassadors.

    The client secret is encrypted at rest. `api_base_url` and `token_url` are left blank
    in production (the platform's own hosts); a test or a proxy may set them.
    """

    organization = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="platform_apps")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    client_id = models.CharField(max_length=300, blank=True)
    client_secret = EncryptedTextField(blank=True)
    redirect_uri = models.URLField(
        max_length=500,
        blank=True,
        help_text="The callback registered with the platform; blank uses this site's own.",
    )
    scopes = models.CharField(
        max_length=500, blank=True, help_text="Blank asks for the connector's default scopes."
    )
    api_base_url = models.URLField(max_length=300, blank=True)
    token_url = models.URLField(max_length=300, blank=True)
    enabled = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization", "platform"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "platform"], name="platform_app_one_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} app of {self.organization}"


class Connection(TimeStampedModel):
    """How WhiteCoat reads one account: its platform id and, for OAuth, its tokens.

    Tokens are encrypted at rest and never shown: not in pages, the admin, exports, logs
    or the API.
    """

    account = models.OneToOneField(
        SocialAccount, on_delete=models.CASCADE, related_name="connection"
    )
    auth = models.CharField(max_length=10, choices=AuthKind.choices)
    platform_user_id = models.CharField(max_length=200, blank=True)
    # A Mastodon account's home instance; blank means the connector's default host.
    instance_url = models.URLField(max_length=300, blank=True)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=500, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["account"]

    def __str__(self) -> str:
        return f"Connection of {self.account}"

    def __repr__(self) -> str:
        return f"<Connection account={self.account_id} auth={self.auth}>"


class SyncRun(TimeStampedModel):
    """One sync: the daily one over every connected account, or "sync now" for one."""

    kind = models.CharField(max_length=10, choices=SyncKind.choices)
    state = models.CharField(max_length=10, choices=SyncState.choices, default=SyncState.QUEUED)
    # The daily run's day (one daily run per day); on-demand runs leave it blank.
    for_date = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    synced = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    new_posts = models.PositiveIntegerField(default=0)
    # Screening and the leaderboard after the run: done once, by whoever finishes it.
    follow_up = models.BooleanField(default=True)
    follow_up_done = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["for_date"],
                condition=Q(kind="daily"),
                name="sync_run_one_daily_per_day",
            ),
            models.CheckConstraint(
                condition=Q(synced__lte=models.F("total"))
                & Q(skipped__lte=models.F("total"))
                & Q(failed__lte=models.F("total")),
                name="sync_run_counts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def done(self) -> int:
        return self.synced + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class SyncItem(models.Model):
    """One account in one run; claimed by one worker at a time (SKIP LOCKED)."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="sync_items")
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Put back by a worker whose platform's rate-limit window was spent: not before then.
    not_before = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    requests = models.PositiveIntegerField(default=0)
    new_posts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "account"], name="sync_item_once_per_run")
        ]
        indexes = [models.Index(fields=["run", "state"], name="sync_item_run_state")]

    def __str__(self) -> str:
        return f"{self.account} in run {self.run_id}: {self.get_state_display()}"


class PostAlias(models.Model):
    """Another id by which a platform knows one of our posts.

    LinkedIn names a post `urn:li:activity:…` in its links and exports, and
    `urn:li:share:…` or `urn:li:ugcPost:…` in its API; when an import and a sync meet the
    same post under both (connectors/linkedin/ids.py has the rule), the post keeps the id
    it was first stored under and the other becomes its alias, so the next import or sync
    finds it at once and updates it in place.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="aliases")
    # The post's account, repeated so that an id is unique per account, like Post's own.
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="+")
    platform_post_id = models.CharField(max_length=200)
    matched_by = models.CharField(max_length=20, choices=AliasMatch.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "id"]
        verbose_name_plural = "post aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "platform_post_id"], name="post_alias_unique_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_post_id} → post {self.post_id}"
