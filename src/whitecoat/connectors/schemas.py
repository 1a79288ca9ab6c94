"""The API's shapes for sync runs (never a token or a secret)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SyncRunOut(Schema):
    id: int
    kind: str
    state: str
    for_date: dt.date | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    duration_seconds: float | None
    total: int
    done: int
    percent: int
    synced: int
    skipped: int
    failed: int
    requests: int
    new_posts: int
    note: str

    @staticmethod
    def resolve_id(obj: object) -> int:
        return obj.pk  # type: ignore[attr-defined]

    @staticmethod
    def resolve_duration_seconds(obj: object) -> float | None:
        return obj.duration  # type: ignore[attr-defined]


class SyncItemOut(Schema):
    account_id: int
    account: str
    state: str
    reason: str
    requests: int
    new_posts: int
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_account(obj: object) -> str:
        return str(obj.account)  # type: ignore[attr-defined]


class SyncRunDetailOut(SyncRunOut):
    items: list[SyncItemOut]

    @staticmethod
    def resolve_items(obj: object) -> list:
        return list(obj.items.select_related("account").order_by("id")[:500])  # type: ignore[attr-defined]
