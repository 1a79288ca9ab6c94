"""The content hub: analysed ambassador posts and their curation, consent, amplification
requests and share kits with tracked links.

Nothing here copies an ambassador's post: a `ContentItem` points at the `Post` and keeps
only what the analysis found (links, departments, topics, the score's parts). Clicks on a
tracked link keep an hourly one-way visitor key, never an IP address.
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from whitecoat.content.enums import (
    ConsentScope,
    ContentKind,
    ItemState,
    KitState,
    RequestKind,
    RequestState,
)
from whitecoat.core.models import TimeStampedModel
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import Post, SocialAccount
from whitecoat.organizations.models import Department, Entity
from whitecoat.program.models import Ambassador

USER = settings.AUTH_USER_MODEL

# ----------------------------------------------------------------- analysis reference data


class InstitutionDomain(TimeStampedModel):
    """A web domain of the institution: links there are classified as institution pages."""

    domain = models.CharField(
        max_length=200, unique=True, help_text="e.g. lakesidehealth.org (subdomains included)"
    )
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)


class DoiRecord(TimeStampedModel):
    """Metadata of a publication, kept locally: a DOI link found here shows its title."""

    doi = models.CharField(max_length=300, unique=True, help_text="e.g. 10.1056/NEJMoa2034577")
    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    authors = models.TextField(blank=True)

    class Meta:
        ordering = ["doi"]
        verbose_name = "DOI record"

    def __str__(self) -> str:
        return f"{self.doi}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.doi = self.doi.strip().lower()
        super().save(*args, **kwargs)


class RedirectSource(models.TextChoices):
    MANUAL = "manual", "Entered by an admin"
    HEAD = "head", "Recorded from a HEAD request"


class RecordedRedirect(TimeStampedModel):
    """Where a short link (bit.ly, t.co, lnkd.in, …) leads, as far as we know it."""

    short_url = models.CharField(max_length=500, unique=True)
    target_url = models.URLField(max_length=2000)
    source = models.CharField(
        max_length=10, choices=RedirectSource.choices, default=RedirectSource.MANUAL
    )

    class Meta:
        ordering = ["short_url"]

    def __str__(self) -> str:
        return f"{self.short_url} → {self.target_url}"


class DepartmentKeywords(TimeStampedModel):
    """The keywords and phrases that tag a post with a department, as admins edited them."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, related_name="content_keywords"
    )
    keywords = models.TextField(blank=True, help_text="One keyword or phrase per line.")
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["department__name"]
        verbose_name_plural = "department keywords"

    def __str__(self) -> str:
        return f"Keywords of {self.department}"


# ------------------------------------------------------------------------ the queue


class ContentItem(TimeStampedModel):
    """An analysed ambassador post, and where it is in the curation queue."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="content_item")
    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="content_items"
    )
    platform = models.CharField(max_length=20, choices=Platform.choices)
    kind = models.CharField(max_length=20, choices=ContentKind.choices, default=ContentKind.POST)
    state = models.CharField(max_length=20, choices=ItemState.choices, default=ItemState.NEW)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    score_parts = models.JSONField(default=list, blank=True)
    suggested = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False)
    verdict = models.CharField(max_length=10, blank=True, help_text="The coach's, when analysed.")
    links = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    department_matches = models.JSONField(default=dict, blank=True)
    departments = models.ManyToManyField(Department, blank=True, related_name="content_items")
    analysed_at = models.DateTimeField()
    analysis_version = models.CharField(max_length=40)

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ItemState.values), name="content_item_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContentKind.values), name="content_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(blocked=False) | Q(suggested=False),
                name="content_item_blocked_never_suggested",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "suggested", "-score"], name="content_item_queue"),
            models.Index(fields=["ambassador", "state"], name="content_item_author"),
            models.Index(fields=["analysis_version"], name="content_item_version"),
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_state_display()})"


class ItemChange(models.Model):
    """One move of an item through the queue: who, when, from, to and why."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=20, choices=ItemState.choices)
    to_state = models.CharField(max_length=20, choices=ItemState.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_state} → {self.to_state}"


class ContentUse(TimeStampedModel):
    """Where and when an institutional account used an item, with the copy it posted."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="uses")
    account = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="content_uses"
    )
    used_at = models.DateTimeField()
    url = models.URLField(max_length=500, blank=True, help_text="The institutional post.")
    copy = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-used_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "account"], name="content_use_once_per_account")
        ]
        indexes = [models.Index(fields=["used_at"], name="content_use_when")]

    def __str__(self) -> str:
        return f"{self.item_id} on {self.account}"


# ----------------------------------------------------------------------------- consent


class Consent(TimeStampedModel):
    """An ambassador's decision to let the institution repurpose their posts: for all of
    them, one platform's, or one post. The most specific decision wins; none means no."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="content_consents"
    )
    scope = models.CharField(max_length=10, choices=ConsentScope.choices)
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="content_consents"
    )
    granted = models.BooleanField()
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ambassador", "scope", "platform", "post"]
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador"], condition=Q(scope="all"), name="consent_one_global"
            ),
            models.UniqueConstraint(
                fields=["ambassador", "platform"],
                condition=Q(scope="platform"),
                name="consent_one_per_platform",
            ),
            models.UniqueConstraint(
                fields=["ambassador", "post"],
                condition=Q(scope="post"),
                name="consent_one_per_post",
            ),
            models.CheckConstraint(
                condition=(Q(scope="all") & Q(platform="") & Q(post__isnull=True))
                | (Q(scope="platform") & ~Q(platform="") & Q(post__isnull=True))
                | (Q(scope="post") & Q(post__isnull=False)),
                name="consent_scope_shape",
            ),
        ]

    def __str__(self) -> str:
        what = {"all": "all posts", "platform": self.platform, "post": f"post {self.post_id}"}
        return f"{self.ambassador}: {'yes' if self.granted else 'no'} for {what[self.scope]}"


class ConsentChange(models.Model):
    """The record of every consent decision and withdrawal."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="content_consent_changes"
    )
    scope = models.CharField(max_length=10, choices=ConsentScope.choices)
    platform = models.CharField(max_length=20, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # None: the specific decision was removed, so the broader one applies again.
    granted = models.BooleanField(null=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ambassador", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.scope}: {self.granted}"


# ------------------------------------------------------------------ amplification requests


class AmplificationRequest(TimeStampedModel):
    """Anyone's request to get the word out about a story, event or publication."""

    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="amplification_requests"
    )
    kind = models.CharField(max_length=20, choices=RequestKind.choices, default=RequestKind.STORY)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    audience = models.CharField(max_length=300, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    links = models.TextField(blank=True, help_text="One link per line.")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True)
    accounts = models.ManyToManyField(SocialAccount, blank=True, related_name="amplifications")
    reach = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Impressions or views, if known."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RequestState.values), name="amplification_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=F("ends_on")),
                name="amplification_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RequestChange(models.Model):
    request = models.ForeignKey(
        AmplificationRequest, on_delete=models.CASCADE, related_name="changes"
    )
    from_state = models.CharField(max_length=20, choices=RequestState.choices)
    to_state = models.CharField(max_length=20, choices=RequestState.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"


# --------------------------------------------------------------------------- share kits


def kit_image_path(instance: ShareKit, filename: str) -> str:
    """A random name under kits/: the uploader's file name is never used on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"kits/{uuid.uuid4().hex}{suffix}"


class ShareKit(TimeStampedModel):
    """Institutional content offered to ambassadors to share, with copy and tracked links."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    link = models.URLField(max_length=1000, help_text="Where the tracked links lead.")
    campaign = models.SlugField(max_length=80, help_text="utm_campaign of the tracked links.")
    image = models.FileField(upload_to=kit_image_path, blank=True, max_length=200)
    image_alt = models.CharField(max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Offer it to this department's ambassadors only; empty for everyone.",
    )
    state = models.CharField(max_length=10, choices=KitState.choices, default=KitState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=KitState.values), name="kit_state_valid"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="kit_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class KitCopy(models.Model):
    """One variant of the suggested copy for one platform."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="copies")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["kit", "platform", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "platform", "position"], name="kit_copy_unique_variant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kit_id} {self.platform} #{self.position}"


class KitChange(models.Model):
    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=10, choices=KitState.choices)
    to_state = models.CharField(max_length=10, choices=KitState.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["kit", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.kit_id}: {self.from_state} → {self.to_state}"


def new_token() -> str:
    return secrets.token_urlsafe(8)[:10]


class KitLink(models.Model):
    """One ambassador's tracked link for one kit: /k/<token> on this server."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="links")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="kit_links")
    token = models.CharField(max_length=16, unique=True, default=new_token)
    # The order links were handed out in: picks the ambassador's copy variant.
    seat = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kit", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "ambassador"], name="kit_link_one_per_ambassador"
            ),
            models.UniqueConstraint(fields=["kit", "seat"], name="kit_link_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"/k/{self.token}"


class KitClick(models.Model):
    """A click on a tracked link, counted once per visitor per hour; `visitor` is a one-way
    hash of the address, browser and hour (never the address itself)."""

    link = models.ForeignKey(KitLink, on_delete=models.CASCADE, related_name="clicks")
    visitor = models.CharField(max_length=40)
    hour = models.DateTimeField()
    clicked_at = models.DateTimeField()

    class Meta:
        ordering = ["-clicked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "visitor", "hour"], name="kit_click_once_per_visitor_hour"
            )
        ]
        indexes = [models.Index(fields=["clicked_at"], name="kit_click_when")]

    def __str__(self) -> str:
        return f"{self.link} at {self.clicked_at}"


class KitShare(models.Model):
    """An ambassador's word that they shared a kit on a platform."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="shares")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="kit_shares")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    shared_at = models.DateTimeField()
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "ambassador", "platform"], name="kit_share_once_per_platform"
            )
        ]
        indexes = [models.Index(fields=["shared_at"], name="kit_share_when")]

    def __str__(self) -> str:
        return f"{self.ambassador} shared {self.kit_id} on {self.platform}"
