from __future__ import annotations

from django.conf import settings
from django.db import models

from whitecoat.core.models import TimeStampedModel
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.models import Cohort, Department, Person
from whitecoat.program.enums import (
    PIPELINE_STATUSES,
    AmbassadorStatus,
    ConsultationState,
    NominationState,
)


class Ambassador(TimeStampedModel):
    """A person's membership of a cohort, and where they are in the program."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ambassadorships")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="ambassadors")
    status = models.CharField(
        max_length=20, choices=AmbassadorStatus.choices, default=AmbassadorStatus.NOMINATED
    )
    nominated_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField(
        null=True, blank=True, help_text="The day they became active in the program."
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominated_ambassadors",
    )

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "cohort"], name="ambassador_once_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(status__in=AmbassadorStatus.values),
                name="ambassador_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(nominated_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(nominated_on__lte=models.F("joined_on")),
                name="ambassador_nominated_before_joining",
            ),
            # Active ambassadors have joined; people still in the pipeline have not.
            models.CheckConstraint(
                condition=~models.Q(status=AmbassadorStatus.ACTIVE)
                | models.Q(joined_on__isnull=False),
                name="ambassador_active_has_joined",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=PIPELINE_STATUSES)
                | models.Q(joined_on__isnull=True),
                name="ambassador_pipeline_not_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.cohort.name})"


class StatusChange(models.Model):
    """One move of an ambassador through the pipeline: who, when, from, to and why."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=AmbassadorStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AmbassadorStatus.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["ambassador", "changed_at", "id"]
        indexes = [models.Index(fields=["ambassador", "changed_at"], name="status_change_when")]

    def __str__(self) -> str:
        return f"{self.ambassador}: {self.from_status or 'new'} → {self.to_status}"


class Nomination(TimeStampedModel):
    """A chair's proposal of someone from their department, and the admins' decision."""

    ambassador = models.OneToOneField(
        Ambassador, null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="nominations")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    rationale = models.TextField()
    suggested_platforms = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=20, choices=NominationState.choices, default=NominationState.SUBMITTED
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=NominationState.values), name="nomination_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=NominationState.DECLINED) | ~models.Q(decision_reason=""),
                name="nomination_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.person.full_name}"


class PlatformChoice(TimeStampedModel):
    """A platform chosen with the ambassador at the intake consultation."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="platform_choices"
    )
    platform = models.CharField(max_length=20, choices=Platform.choices)
    reason = models.TextField(blank=True)
    has_existing_account = models.BooleanField(default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ambassador", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "platform"], name="platform_chosen_once")
        ]

    def __str__(self) -> str:
        return f"{self.ambassador}: {self.get_platform_display()}"


class Consultation(TimeStampedModel):
    """Anyone's request for advice from the social media team, and how it was handled."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations"
    )
    topic = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_times = models.TextField(blank=True)
    state = models.CharField(
        max_length=20, choices=ConsultationState.choices, default=ConsultationState.REQUESTED
    )
    scheduled_for = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state=ConsultationState.SCHEDULED)
                | models.Q(scheduled_for__isnull=False),
                name="consultation_scheduled_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.topic
