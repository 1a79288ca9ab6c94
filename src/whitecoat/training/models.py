"""The curriculum, training sessions, policies and the account set-up checklist."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from whitecoat.core.models import TimeStampedModel
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.program.models import Ambassador, PlatformChoice
from whitecoat.training.enums import (
    Attendance,
    ChecklistItemKind,
    CompletionSource,
    ModuleKind,
    SessionKind,
    SessionState,
)
from whitecoat.training.markdown import render_markdown


class Course(TimeStampedModel):
    """A course: one per platform, or (platform empty) the course everyone takes."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    platform = models.CharField(
        max_length=20,
        choices=Platform.choices,
        null=True,
        blank=True,
        help_text="Empty for a course every ambassador takes, such as professionalism.",
    )
    summary = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(
        default=False, help_text="Only published courses are shown to ambassadors and counted."
    )

    class Meta:
        ordering = ["position", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(platform__isnull=True) | Q(platform__in=Platform.values),
                name="course_platform_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_for_everyone(self) -> bool:
        return self.platform is None


class Module(TimeStampedModel):
    """A unit of a course, written in Markdown."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ModuleKind.choices)
    body = models.TextField(blank=True, help_text="Markdown. HTML is limited to a safe subset.")
    position = models.PositiveSmallIntegerField(default=0)
    estimated_minutes = models.PositiveSmallIntegerField(default=10)
    is_self_study = models.BooleanField(
        default=True,
        help_text="Ambassadors may mark it complete themselves; otherwise a session covers it.",
    )
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["course", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ModuleKind.values), name="module_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(estimated_minutes__gte=1), name="module_takes_some_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title}: {self.title}"

    def body_html(self) -> SafeString:
        return mark_safe(render_markdown(self.body))  # sanitised by nh3 in render_markdown


def new_session_uid() -> str:
    """The iCalendar UID: stable for the life of a session, unique across systems."""
    return f"{uuid.uuid4()}@whitecoat"


class TrainingSession(TimeStampedModel):
    """A one-to-one or group training for one course, on the calendar."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_sessions"
    )
    kind = models.CharField(
        max_length=20, choices=SessionKind.choices, default=SessionKind.ONE_TO_ONE
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    # Kept with starts_at and duration_minutes by the services, so overlaps are one query.
    ends_at = models.DateTimeField(editable=False)
    location = models.CharField(max_length=300, blank=True, help_text="A room or an address.")
    video_url = models.URLField(max_length=500, blank=True, help_text="A video meeting link.")
    notes = models.TextField(blank=True)
    state = models.CharField(
        max_length=20, choices=SessionState.choices, default=SessionState.SCHEDULED
    )
    cancel_reason = models.TextField(blank=True)
    # RFC 5545: the UID never changes; SEQUENCE grows with every update sent.
    uid = models.CharField(max_length=100, unique=True, default=new_session_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts"),
            models.Index(fields=["trainer", "starts_at"], name="session_trainer_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SessionState.values), name="session_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="session_lasts_five_minutes"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(video_url=""), name="session_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.state == SessionState.CANCELLED


class SessionInvitation(models.Model):
    """An ambassador invited to a session, and whether they came."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="invitations"
    )
    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="session_invitations"
    )
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.PENDING
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "ambassador__person__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "ambassador"], name="invited_once"),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values), name="invitation_attendance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ambassador} → {self.session}"


class ModuleCompletion(models.Model):
    """A module an ambassador has completed, by attending a session or by self-study."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()
    source = models.CharField(max_length=20, choices=CompletionSource.choices)
    session = models.ForeignKey(
        TrainingSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ambassador", "completed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "module"], name="module_completed_once"),
            models.CheckConstraint(
                condition=Q(source__in=CompletionSource.values), name="completion_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ambassador} completed {self.module}"


class Policy(TimeStampedModel):
    """A document ambassadors acknowledge, such as the social media usage procedure."""

    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title


class PolicyVersion(TimeStampedModel):
    """One version of a policy; the latest published one is current and must be acknowledged."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=50, help_text="e.g. “2026” or “v2”.")
    body = models.TextField(help_text="Markdown.")
    effective_on = models.DateField()
    asks_disclaimer = models.BooleanField(
        default=False,
        help_text="Asks ambassadors to say “views are my own” in the bio of professional "
        "accounts (adds that item to every account set-up checklist).",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "label"], name="policy_version_label_once"),
        ]
        indexes = [models.Index(fields=["policy", "published_at"], name="policy_version_published")]

    def __str__(self) -> str:
        return f"{self.policy.title} ({self.label})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def body_html(self) -> SafeString:
        return mark_safe(render_markdown(self.body))  # sanitised by nh3 in render_markdown


class PolicyAcknowledgement(models.Model):
    """Someone read and accepted a policy version: an ambassador (through their user) or,
    for staff who are not ambassadors, a user alone."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policy_acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policy_acknowledgements",
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "acknowledged_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ambassador__isnull=False) | Q(user__isnull=False),
                name="acknowledgement_has_someone",
            ),
            models.UniqueConstraint(
                fields=["version", "ambassador"],
                condition=Q(ambassador__isnull=False),
                name="acknowledged_once_per_ambassador",
            ),
            models.UniqueConstraint(
                fields=["version", "user"],
                condition=Q(ambassador__isnull=True),
                name="acknowledged_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        who = self.ambassador or self.user
        return f"{who} acknowledged {self.version}"


class ChecklistItem(models.Model):
    """One item of the set-up of a platform chosen at intake; absent means not done yet.

    The checklist belongs to the PlatformChoice, because the account may not exist until the
    training helps set it up; `account` records the professional account checked, once
    there is one.
    """

    platform_choice = models.ForeignKey(
        PlatformChoice, on_delete=models.CASCADE, related_name="checklist_items"
    )
    item = models.CharField(max_length=30, choices=ChecklistItemKind.choices)
    is_checked = models.BooleanField(default=False)
    account = models.ForeignKey(
        SocialAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["platform_choice", "item"]
        constraints = [
            models.UniqueConstraint(fields=["platform_choice", "item"], name="checklist_item_once"),
            models.CheckConstraint(
                condition=Q(item__in=ChecklistItemKind.values), name="checklist_item_valid"
            ),
        ]

    def __str__(self) -> str:
        mark = "✓" if self.is_checked else "✗"
        return f"{self.platform_choice}: {self.get_item_display()} {mark}"
