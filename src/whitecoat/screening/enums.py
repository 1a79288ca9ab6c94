from __future__ import annotations

from django.db import models


class Verdict(models.TextChoices):
    """A screening's overall verdict: the worst severity found, or ok."""

    BLOCK = "block", "Block"
    WARN = "warn", "Warn"
    TIP = "tip", "Tip"
    OK = "ok", "OK"


class Severity(models.TextChoices):
    BLOCK = "block", "Block"
    WARN = "warn", "Warn"
    TIP = "tip", "Tip"


# What goes to the admins' review queue.
REVIEWED_SEVERITIES = (Severity.BLOCK, Severity.WARN)


class ReviewState(models.TextChoices):
    """Where a finding of an ingested post is in the admins' review."""

    OPEN = "open", "To review"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed as a false positive"


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed as a false positive"
