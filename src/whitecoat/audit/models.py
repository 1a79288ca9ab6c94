"""The audit trail's index: one row per version django-simple-history writes.

The versions themselves live in one historical table per tracked model (created in this
module by `tracking.tracking_register`; see tracking.py). Listing, filtering and searching
fifty tables at once is not something SQL does well, so each version also gets one
`AuditEntry` here, written in the same transaction: when, who (kept as text as well, so
deleting a user keeps their name in the trail), which record (and its text at the time),
the action, and the changed fields old → new, computed with simple-history's diff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whitecoat.audit.enums import AuditAction


class AuditEntry(models.Model):
    at = models.DateTimeField()
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    # The model's label ("program.Ambassador") and the record's primary key.
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who, as text: the user's name and username; "" for the system (commands and tasks).
    actor = models.CharField(max_length=300, blank=True)
    # Where it came from: "POST /path/", "command load_demo", "task …", or a given reason.
    source = models.TextField(blank=True)
    # [{"field": name, "label": verbose name, "old": text or None, "new": text or None}];
    # None means not recorded (a version before the trail began, or a deleted record's end).
    changes = models.JSONField(default=list, blank=True)
    # The version in the model's historical table.
    history_id = models.BigIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values), name="audit_entry_action_valid"
            ),
            models.UniqueConstraint(
                fields=["model", "history_id"], name="audit_entry_one_per_version"
            ),
        ]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_entry_newest"),
            models.Index(fields=["model", "object_id", "-at"], name="audit_entry_object"),
            models.Index(fields=["user", "-at"], name="audit_entry_user"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} {self.model} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"
        )
