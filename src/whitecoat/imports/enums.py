from __future__ import annotations

from django.db import models


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", "Not imported yet"
    COMMITTED = "committed", "Imported"
    UNDONE = "undone", "Undone"


# The one workflow of an import: preview as often as you like, commit once, undo once.
ALLOWED_MOVES: dict[str, set[str]] = {
    ImportState.UPLOADED: {ImportState.COMMITTED},
    ImportState.COMMITTED: {ImportState.UNDONE},
    ImportState.UNDONE: set(),
}


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
