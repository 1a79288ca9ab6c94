from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"


# django-simple-history's history_type → our action.
HISTORY_TYPE_ACTIONS = {
    "+": AuditAction.CREATED,
    "~": AuditAction.CHANGED,
    "-": AuditAction.DELETED,
}
