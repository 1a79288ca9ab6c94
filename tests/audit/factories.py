"""Audit entries as the trail writes them, for the pages' tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from whitecoat.audit.enums import AuditAction
from whitecoat.audit.models import AuditEntry


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    at = factory.LazyFunction(timezone.now)
    action = AuditAction.CHANGED
    model = "organizations.Cohort"
    object_id = factory.Sequence(lambda n: str(n + 1000))
    object_repr = factory.Sequence(lambda n: f"Cohort {n}")
    actor = ""
    source = "command load_demo"
    changes = factory.LazyFunction(
        lambda: [{"field": "name", "label": "Name", "old": "Before", "new": "After"}]
    )
    history_id = factory.Sequence(lambda n: n + 1)
