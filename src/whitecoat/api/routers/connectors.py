# No `from __future__ import annotations` here: ninja reads these signatures at runtime.
"""Sync runs: read them, and start "sync now" for one account."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import ConflictOut
from whitecoat.connectors.models import SyncRun
from whitecoat.connectors.schemas import SyncRunDetailOut, SyncRunOut
from whitecoat.connectors.selectors import (
    account_for_connecting,
    sync_run_get,
    sync_run_list,
)
from whitecoat.connectors.sync import sync_now

router = Router(tags=["connectors"])
WRITE_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ConflictOut, 409: ConflictOut}


@router.get(
    "/sync-runs", response={200: list[SyncRunOut], **LIST_ERRORS}, operation_id="list_sync_runs"
)
@paginate(Paginator)
def list_sync_runs(request: HttpRequest) -> QuerySet[SyncRun]:
    """Sync runs, newest first: every run for program admins, one's own for others."""
    return sync_run_list(user=request.auth)


@router.get(
    "/sync-runs/{run_id}",
    response={200: SyncRunDetailOut, **DETAIL_ERRORS},
    operation_id="get_sync_run",
)
def get_sync_run(request: HttpRequest, run_id: int) -> SyncRun:
    """One run with its progress and each account's outcome (with the reason)."""
    return sync_run_get(user=request.auth, run_id=run_id)


@router.post(
    "/accounts/{account_id}/sync",
    response={201: SyncRunOut, **WRITE_ERRORS},
    operation_id="sync_account_now",
)
def sync_account_now(request: HttpRequest, account_id: int) -> Status:
    """Queue a sync of one account ("sync now"): 201 with the new run; follow it at
    /sync-runs/{id}.

    For program admins and the account's ambassador (404 for other accounts). 409 with
    `needs_reconnect`, `not_connected` or `in_progress` when it cannot start.
    """
    account = account_for_connecting(user=request.auth, account_id=account_id)
    return Status(201, sync_now(user=request.auth, account=account))
