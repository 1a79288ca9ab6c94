from __future__ import annotations

from django.db import models


class AuthKind(models.TextChoices):
    OAUTH = "oauth", "OAuth (the account holder signed in)"
    PUBLIC = "public", "Public profile (handle only)"


class SyncKind(models.TextChoices):
    DAILY = "daily", "Daily sync"
    ON_DEMAND = "on_demand", "Sync now"


class SyncState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ItemState(models.TextChoices):
    PENDING = "pending", "Waiting"
    CLAIMED = "claimed", "In progress"
    SYNCED = "synced", "Synced"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


DONE_ITEM_STATES = {ItemState.SYNCED, ItemState.SKIPPED, ItemState.FAILED}


class AliasMatch(models.TextChoices):
    """How a post's second id was found to be the same post (connectors/linkedin/ids.py)."""

    SAME_NUMBER = "same_number", "The same number"
    TIME_AND_TEXT = "time_and_text", "Published within a minute, same text"
