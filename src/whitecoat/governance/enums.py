"""The governance app's choices and the allowed moves of its workflows."""

from __future__ import annotations

from django.db import models


class RegistryStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    UNDER_REVIEW = "under_review", "Under review"
    ARCHIVED = "archived", "Archived"


# An admin may set any status from any other, with a reason; the move is recorded.
STATUS_MOVES: dict[str, set[str]] = {
    status: {other for other in RegistryStatus.values if other != status}
    for status in RegistryStatus.values
}


class EventKind(models.TextChoices):
    """What happened to a registry entry (its history on the detail page)."""

    CREATED = "created", "Added to the registry"
    UPDATED = "updated", "Edited"
    IMPORTED = "imported", "Imported"
    STATUS = "status", "Status changed"
    ATTESTED = "attested", "Confirmed by its owner"
    ACTION = "action", "Audit action"


class ActionKind(models.TextChoices):
    KEEP = "keep", "Keep"
    MERGE = "merge", "Merge"
    ARCHIVE = "archive", "Archive"
    HAND_OVER = "hand_over", "Hand over"


class ActionState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    REJECTED = "rejected", "Rejected"


# "" is a recommendation not decided yet. Accepting opens an action (or closes it at once
# for "keep", which asks for nothing); rejecting records the decision and ends there.
ACTION_MOVES: dict[str, set[str]] = {
    "": {ActionState.OPEN, ActionState.DONE, ActionState.REJECTED},
    ActionState.OPEN: {ActionState.DONE, ActionState.CANCELLED},
    ActionState.DONE: set(),
    ActionState.CANCELLED: set(),
    ActionState.REJECTED: set(),
}


class AccountRequestState(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for a decision"
    FROZEN = "frozen", "Declined: new accounts are frozen"
    EXCEPTION = "exception", "Approved as an exception"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# "" is a request being submitted: a freeze answers it at once, or it waits for an admin.
REQUEST_MOVES: dict[str, set[str]] = {
    "": {AccountRequestState.SUBMITTED, AccountRequestState.FROZEN},
    AccountRequestState.SUBMITTED: {
        AccountRequestState.APPROVED,
        AccountRequestState.DECLINED,
        AccountRequestState.WITHDRAWN,
    },
    AccountRequestState.FROZEN: {AccountRequestState.EXCEPTION, AccountRequestState.WITHDRAWN},
    AccountRequestState.EXCEPTION: set(),
    AccountRequestState.APPROVED: set(),
    AccountRequestState.DECLINED: set(),
    AccountRequestState.WITHDRAWN: set(),
}
OPEN_REQUEST_STATES = [AccountRequestState.SUBMITTED]


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", "Not imported yet"
    COMMITTED = "committed", "Imported"
    DISCARDED = "discarded", "Discarded"


IMPORT_MOVES: dict[str, set[str]] = {
    ImportState.UPLOADED: {ImportState.COMMITTED, ImportState.DISCARDED},
    ImportState.COMMITTED: set(),
    ImportState.DISCARDED: set(),
}


class OwnerProblem(models.TextChoices):
    """The registry's "owner problems" filter."""

    ANY = "any", "Any owner problem"
    NO_OWNER = "no_owner", "No owner"
    DEPARTED = "departed", "Owner has left"
    NO_BACKUP = "no_backup", "No backup owner"
    OVERDUE = "overdue", "Yearly confirmation overdue"
