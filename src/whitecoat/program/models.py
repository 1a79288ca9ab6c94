from __future__ import annotations

from django.conf import settings
from django.db import models

from whitecoat.core.models import TimeStampedModel
from whitecoat.organizations.models import Cohort, Person
from whitecoat.program.enums import JOINED_STATUSES, AmbassadorStatus


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
            # Someone has joined exactly when they are, or were, active.
            models.CheckConstraint(
                condition=models.Q(status__in=JOINED_STATUSES, joined_on__isnull=False)
                | (~models.Q(status__in=JOINED_STATUSES) & models.Q(joined_on__isnull=True)),
                name="ambassador_joined_when_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.cohort.name})"
