from __future__ import annotations

from django.db import models


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", "Not imported yet"
    COMMITTING = "committing", "Being imported"
    COMMITTED = "committed", "Imported"
    UNDONE = "undone", "Undone"


# The one workflow of an import: preview as often as you like, commit once, undo once. A
# large file is committed by a worker: it waits as "being imported", then is imported, or
# goes back to "not imported yet" with the error when the commit fails (nothing written).
ALLOWED_MOVES: dict[str, set[str]] = {
    ImportState.UPLOADED: {ImportState.COMMITTING, ImportState.COMMITTED},
    ImportState.COMMITTING: {ImportState.COMMITTED, ImportState.UPLOADED},
    ImportState.COMMITTED: {ImportState.UNDONE},
    ImportState.UNDONE: set(),
}


class CommitStep(models.TextChoices):
    """Where a commit is, for its progress panel (blank: nothing under way)."""

    NONE = "", "Nothing under way"
    QUEUED = "queued", "Waiting for a worker"
    READING = "reading", "Reading the file"
    CHECKING = "checking", "Checking the rows against the figures already recorded"
    WRITING = "writing", "Writing the rows, all in one transaction"
    SCREENING = "screening", "Screening the new posts"
    ANALYSING = "analysing", "Analysing the new posts for the content hub"


# Steps after the rows are written: the import is committed, its follow-up still running.
FOLLOW_UP_STEPS = {CommitStep.SCREENING, CommitStep.ANALYSING}
# Steps that count rows (or posts) as they go; the others show no count until they end.
COUNTED_STEPS = {CommitStep.CHECKING, *FOLLOW_UP_STEPS}


class ChangeKind(models.TextChoices):
    SNAPSHOT = "snapshot", "Daily figures"
    POST = "post", "Post"


class ChangeAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"


class RowAction(models.TextChoices):
    """What committing would do with one row of the file (shown on the preview)."""

    CREATE = "create", "New"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    KEPT = "kept", "Kept (figures from the API or entered by hand)"
    SKIP = "skip", "Not imported (no account)"
