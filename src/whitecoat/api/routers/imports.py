# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.
"""Imports of analytics exports: upload (→ preview), commit, undo, history. Admins only."""

import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import ConflictOut
from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports.enums import ImportState
from whitecoat.imports.models import Import
from whitecoat.imports.schemas import (
    CommitIn,
    ImportOut,
    ImportProgressOut,
    PreviewOut,
    preview_data,
    progress_data,
)
from whitecoat.imports.selectors import import_list, import_plan, imports_may_manage
from whitecoat.imports.services import (
    import_check_size,
    import_start,
    import_undo,
    import_upload,
)
from whitecoat.metrics.models import SocialAccount

router = Router(tags=["imports"])

FORBIDDEN = {403: ConflictOut}
# Writes answer 409 when a rule refuses (with its message) and 403 when the role may not.
WRITE_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut}


def _require_admin(request: HttpRequest) -> None:
    if not imports_may_manage(user=request.auth):
        raise WhiteCoatError("Only program admins can import figures.", code="forbidden")


def _get(import_id: int) -> Import:
    return get_object_or_404(
        Import.objects.select_related("uploaded_by", "committed_by", "undone_by"), pk=import_id
    )


@router.get(
    "/imports",
    response={200: list[ImportOut], **LIST_ERRORS, **FORBIDDEN},
    operation_id="list_imports",
)
@paginate(Paginator)
def list_imports(request: HttpRequest) -> QuerySet[Import]:
    """Every import, newest first: file, format, state, who uploaded, committed and undid
    it, and what it did. Program admins only (403 otherwise)."""
    _require_admin(request)
    return import_list()


@router.post(
    "/imports",
    response={201: PreviewOut, **DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut},
    operation_id="upload_import",
)
def upload_import(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[str] = "",
    account: Form[int | None] = None,
    replace_existing: Form[bool] = False,
    mapping: Form[str] = "",
) -> Status:
    """Upload an export (multipart `file`) and get its preview; nothing is imported yet.

    `format` forces a format (a key from the preview's `format`; default: detected from the
    headers, `generic` when none fits); `account` sends every row to one account; `mapping`
    is the generic format's column mapping as JSON (see docs/imports.md). The preview lists
    each profile of the file with the account it goes to, what committing would do (create,
    update, unchanged, kept, skip) and every error with its row number. 409 for an
    unreadable file or one larger than 25 MB (refused before it is read)."""
    _require_admin(request)
    # Django has received the upload (a temporary file when large): its size is known.
    import_check_size(size=file.size or 0)
    chosen = None
    if account is not None:
        chosen = get_object_or_404(SocialAccount, pk=account)
    record = import_upload(
        by=request.auth,
        file_name=file.name or "upload",
        data=file.read(),
        format=format,
        account=chosen,
        replace_existing=replace_existing,
    )
    if mapping:
        try:
            record.mapping = json.loads(mapping)
        except ValueError:
            raise WhiteCoatError("`mapping` is not valid JSON.", code="invalid") from None
        record.save(update_fields=["mapping", "updated_at"])
    return Status(201, preview_data(import_plan(record=record)))


@router.get(
    "/imports/{import_id}",
    response={200: PreviewOut, **DETAIL_ERRORS, **FORBIDDEN},
    operation_id="get_import_preview",
)
def get_import_preview(request: HttpRequest, import_id: int) -> dict[str, Any]:
    """The preview of an upload, computed against the data as it is now."""
    _require_admin(request)
    return preview_data(import_plan(record=_get(import_id)))


@router.post(
    "/imports/{import_id}/commit",
    response={200: ImportOut, 202: ImportOut, **WRITE_ERRORS},
    operation_id="commit_import",
)
def commit_import(request: HttpRequest, import_id: int, payload: CommitIn) -> Status:
    """Import the file: all or nothing. A file of up to 2,000 rows is imported at once
    (200, state `committed`); a larger one is handed to a worker (202, state
    `committing`): follow it with `GET /imports/{id}/progress`. 409 with the reason when a
    row has an error, a profile has no account, or the file was already committed."""
    _require_admin(request)
    record = _get(import_id)
    plan = import_plan(record=record)
    record = import_start(
        record=record,
        by=request.auth,
        plan=plan,
        accounts=payload.accounts or None,
        replace_existing=payload.replace_existing,
    )
    status = 202 if record.state == ImportState.COMMITTING else 200
    return Status(status, _get(import_id))


@router.get(
    "/imports/{import_id}/progress",
    response={200: ImportProgressOut, **DETAIL_ERRORS, **FORBIDDEN},
    operation_id="get_import_progress",
)
def get_import_progress(request: HttpRequest, import_id: int) -> dict[str, Any]:
    """How far a commit handed to a worker is (cheap: poll it every few seconds). The
    import is done when `state` is `committed` and `progress.busy` is false; a failed commit
    is back to `uploaded`, with the reason in `commit_error` and nothing written."""
    _require_admin(request)
    record = _get(import_id)
    return {
        "id": record.pk,
        "state": record.state,
        "progress": progress_data(record),
        "commit_error": record.commit_error,
    }


@router.post(
    "/imports/{import_id}/undo",
    response={200: ImportOut, **WRITE_ERRORS},
    operation_id="undo_import",
)
def undo_import(request: HttpRequest, import_id: int) -> Import:
    """Delete the rows the import created and restore those it updated. 409 (nothing
    undone) when one of them changed since, or the import is not committed."""
    _require_admin(request)
    record = _get(import_id)
    if record.state != ImportState.COMMITTED:
        raise WhiteCoatError("Only a committed import can be undone.", code="state")
    import_undo(record=record, by=request.auth)
    return _get(import_id)
