"""The imports API's shapes. Fields are listed explicitly, as in whitecoat.api.schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from whitecoat.imports.enums import CommitStep, ImportState, RowAction
from whitecoat.imports.models import Import
from whitecoat.imports.selectors import Plan


class RefOut(Schema):
    id: int
    name: str


class GroupOut(Schema):
    """One profile as the file names it (key "" = the file's only, unnamed account)."""

    key: str
    label: str
    platform: str | None
    handle: str
    rows: int
    account: RefOut | None
    matched_by: str
    skipped: bool


class RowErrorOut(Schema):
    row: int
    sheet: str
    column: str
    message: str


class ActionCountsOut(Schema):
    create: int
    update: int
    unchanged: int
    kept: int
    skip: int


class PreviewOut(Schema):
    """What committing the upload would do; nothing is saved until commit."""

    id: int
    file_name: str
    file_hash: str
    format: str
    detected_format: str | None
    state: ImportState
    replace_existing: bool
    rows_read: int
    groups: list[GroupOut]
    snapshots: ActionCountsOut
    posts: ActionCountsOut
    errors: list[RowErrorOut]
    notes: list[str]
    earlier_imports: list[int]
    can_commit: bool
    problem: str


class ProgressOut(Schema):
    """Where a commit handed to a worker is: `step` ("" when nothing is under way), its
    label, and rows (or posts) done out of the step's total; `busy` while it goes on."""

    step: CommitStep
    label: str
    done: int
    total: int
    busy: bool


class ImportProgressOut(Schema):
    id: int
    state: ImportState
    progress: ProgressOut
    commit_error: str


def progress_data(record: Import) -> dict[str, Any]:
    return {
        "step": record.progress_step,
        "label": record.get_progress_step_display(),
        "done": record.progress_done,
        "total": record.progress_total,
        "busy": record.busy,
    }


class DoneCountsOut(Schema):
    created: int
    updated: int
    unchanged: int
    kept: int


class ImportOut(Schema):
    id: int
    file_name: str
    file_hash: str
    format: str
    state: ImportState
    uploaded_by: str | None
    created_at: dt.datetime
    committed_by: str | None
    committed_at: dt.datetime | None
    undone_by: str | None
    undone_at: dt.datetime | None
    replace_existing: bool
    rows_read: int
    snapshots: DoneCountsOut
    posts: DoneCountsOut
    progress: ProgressOut
    commit_error: str

    @staticmethod
    def resolve_progress(obj: Import) -> dict[str, Any]:
        return progress_data(obj)

    @staticmethod
    def resolve_uploaded_by(obj: Import) -> str | None:
        return obj.uploaded_by.get_username() if obj.uploaded_by else None

    @staticmethod
    def resolve_committed_by(obj: Import) -> str | None:
        return obj.committed_by.get_username() if obj.committed_by else None

    @staticmethod
    def resolve_undone_by(obj: Import) -> str | None:
        return obj.undone_by.get_username() if obj.undone_by else None

    @staticmethod
    def resolve_snapshots(obj: Import) -> dict[str, int]:
        return {
            "created": obj.snapshots_created,
            "updated": obj.snapshots_updated,
            "unchanged": obj.snapshots_unchanged,
            "kept": obj.snapshots_kept,
        }

    @staticmethod
    def resolve_posts(obj: Import) -> dict[str, int]:
        return {
            "created": obj.posts_created,
            "updated": obj.posts_updated,
            "unchanged": obj.posts_unchanged,
            "kept": obj.posts_kept,
        }


class CommitIn(Schema):
    """The account of each of the file's profiles ({group key: account id, 0 to skip; "*"
    for all}) and whether to replace figures from an API or typed by hand."""

    accounts: dict[str, int] = {}
    replace_existing: bool | None = None


def preview_data(plan: Plan) -> dict[str, Any]:
    record = plan.record
    return {
        "id": record.pk,
        "file_name": record.file_name,
        "file_hash": record.file_hash,
        "format": plan.format,
        "detected_format": plan.detected,
        "state": record.state,
        "replace_existing": record.replace_existing,
        "rows_read": plan.result.rows_read,
        "groups": [
            {
                "key": group.key,
                "label": group.label,
                "platform": group.platform,
                "handle": group.handle,
                "rows": group.rows,
                "account": {"id": group.account.pk, "name": str(group.account)}
                if group.account
                else None,
                "matched_by": group.matched_by,
                "skipped": group.skipped,
            }
            for group in plan.groups
        ],
        "snapshots": {RowAction(k).name.lower(): v for k, v in plan.snapshot_counts.items()},
        "posts": {RowAction(k).name.lower(): v for k, v in plan.post_counts.items()},
        "errors": [
            {"row": e.row, "sheet": e.sheet, "column": e.column, "message": e.message}
            for e in plan.errors
        ],
        "notes": plan.notes,
        "earlier_imports": [earlier.pk for earlier in plan.earlier],
        "can_commit": plan.can_commit,
        "problem": plan.problem,
    }
