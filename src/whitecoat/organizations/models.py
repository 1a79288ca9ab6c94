from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from whitecoat.core.models import TimeStampedModel
from whitecoat.organizations.enums import EntityKind, PersonKind


class Entity(TimeStampedModel):
    """A health system, one of its hospitals, or its school."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    """A department or service line; a nationally ranked specialty carries its rank and year."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(max_length=200)
    specialty = models.CharField(
        max_length=200, blank=True, help_text="The ranked specialty this department maps to."
    )
    national_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_year = models.PositiveSmallIntegerField(null=True, blank=True)
    nominators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="nominating_departments",
        help_text="Chairs and leaders who may nominate from, and follow, this department.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="department_unique_per_entity"),
            models.CheckConstraint(
                condition=Q(national_rank__isnull=True, rank_year__isnull=True)
                | Q(national_rank__isnull=False, rank_year__isnull=False),
                name="department_rank_has_year",
            ),
            models.CheckConstraint(
                condition=Q(national_rank__isnull=True) | Q(national_rank__gte=1),
                name="department_rank_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ranked(self) -> bool:
        return self.national_rank is not None


class Person(TimeStampedModel):
    """Someone in the organisation: a possible or actual ambassador, a chair, a requester."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    credentials = models.CharField(max_length=100, blank=True, help_text="e.g. MD, PhD, RN")
    title = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            # E-mail addresses are case-insensitive in practice: one person per address.
            models.UniqueConstraint(Lower("email"), name="person_unique_email"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name


class Cohort(TimeStampedModel):
    """A group of ambassadors launched together, e.g. "Physicians 2020"."""

    name = models.CharField(max_length=200, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="cohorts")
    launched_on = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["launched_on", "name"]

    def __str__(self) -> str:
        return self.name
