from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Installation(models.Model):
    """One row describing this install; `demo_loaded_at` marks every page as demo data."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    demo_loaded_at = models.DateTimeField(null=True, blank=True)
    demo_seed = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=1), name="installation_singleton")
        ]

    def __str__(self) -> str:
        return "Demo installation" if self.demo_loaded_at else "Installation"

    @classmethod
    def current(cls) -> Installation:
        installation, _ = cls.objects.get_or_create(singleton=1)
        return installation
