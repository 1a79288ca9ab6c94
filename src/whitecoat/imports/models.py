from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whitecoat.core.models import TimeStampedModel
from whitecoat.imports.enums import (
    COUNTED_STEPS,
    ChangeAction,
    ChangeKind,
    CommitStep,
    ImportState,
)
from whitecoat.metrics.models import SocialAccount


class Import(TimeStampedModel):
    """One uploaded export file: previewed, then committed (once), perhaps undone.

    The file is kept so the preview can be computed again as the admin changes the format,
    the column mapping or the accounts; `file_hash` (SHA-256) tells a file seen before.
    """

    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveIntegerField()
    content = models.BinaryField(editable=False)
    format = models.CharField(max_length=40)
    detected_format = models.CharField(max_length=40, blank=True)
    # The generic format's column mapping (see parsers/generic.py).
    mapping = models.JSONField(default=dict, blank=True)
    # Which account each of the file's profiles goes to: {key: account id, or 0 to skip}.
    accounts = models.JSONField(default=dict, blank=True)
    replace_existing = models.BooleanField(
        default=False,
        help_text="Replace the figures of days and posts that came from a platform's API or "
        "were entered by hand.",
    )
    state = models.CharField(
        max_length=20, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    snapshots_created = models.PositiveIntegerField(default=0)
    snapshots_updated = models.PositiveIntegerField(default=0)
    snapshots_unchanged = models.PositiveIntegerField(default=0)
    snapshots_kept = models.PositiveIntegerField(default=0)
    posts_created = models.PositiveIntegerField(default=0)
    posts_updated = models.PositiveIntegerField(default=0)
    posts_unchanged = models.PositiveIntegerField(default=0)
    posts_kept = models.PositiveIntegerField(default=0)
    # A commit's progress, for the page that polls it and the command line: the step and,
    # within it, rows (or posts) done out of the step's total. Written outside the commit's
    # transaction, so other requests see it as it moves.
    progress_step = models.CharField(
        max_length=12, choices=CommitStep.choices, blank=True, default=CommitStep.NONE
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    commit_queued_at = models.DateTimeField(null=True, blank=True)
    # Why the last commit failed (nothing was written); cleared when it is tried again.
    commit_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="import_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[ImportState.UPLOADED, ImportState.COMMITTING])
                | Q(committed_at__isnull=False),
                name="import_committed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")),
                name="import_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(state=ImportState.UNDONE) | Q(undone_at__isnull=False),
                name="import_undone_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    @property
    def percent(self) -> int | None:
        """The step's progress in per cent; None for a step that is not counted (waiting,
        reading, the one-transaction write) or has no count yet."""
        if not self.progress_total or self.progress_step not in COUNTED_STEPS:
            return None
        return round(100 * self.progress_done / self.progress_total)

    @property
    def busy(self) -> bool:
        """A commit or its follow-up is under way: the page polls for its progress."""
        return self.state == ImportState.COMMITTING or bool(self.progress_step)

    @property
    def written(self) -> int:
        return (
            self.snapshots_created
            + self.snapshots_updated
            + self.posts_created
            + self.posts_updated
        )


class ImportChange(models.Model):
    """Rows an import created or updated (up to a thousand per record): what undo needs.

    `object_ids` lists the snapshots' or posts' ids; for updated rows `before` lists, in the
    same order, what each held before (figures, source, collected_at, …). Every row an import
    wrote carries source "import" and the import's `committed_at` as its collected_at, which
    tells at undo time whether something else wrote the row since.
    """

    batch = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="changes")
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    object_ids = models.JSONField()
    before = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=ChangeAction.CREATED, before__isnull=True)
                | Q(action=ChangeAction.UPDATED, before__isnull=False),
                name="import_change_before_iff_updated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {len(self.object_ids)} {self.kind}s"


class AccountAlias(models.Model):
    """A profile as an export names it (a Sprout profile name, …) → the account it is.

    Remembered when an admin picks the account for a profile the handles did not match, so
    the next file from the same tool goes to the same account without asking.
    """

    platform = models.CharField(max_length=20, blank=True)
    label = models.CharField(max_length=200, help_text="As compared: lower-case, without '@'.")
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="aliases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["platform", "label"]
        verbose_name_plural = "account aliases"
        constraints = [
            models.UniqueConstraint(fields=["platform", "label"], name="alias_unique_label")
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.account}"


class ManualEntry(models.Model):
    """Who typed which figures for which account and day (the snapshot says "manual")."""

    account = models.ForeignKey(
        SocialAccount, on_delete=models.CASCADE, related_name="manual_entries"
    )
    date = models.DateField()
    figures = models.JSONField()
    # What the day held before, when the entry replaced figures: {source, figures…}.
    replaced = models.JSONField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entered_at", "-id"]
        verbose_name_plural = "manual entries"
        indexes = [models.Index(fields=["account", "date"], name="manual_entry_account_day")]

    def __str__(self) -> str:
        return f"{self.account} on {self.date} (by hand)"
