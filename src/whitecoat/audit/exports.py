"""The audit trail as CSV: exactly the entries the filters select, every page of them."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.utils import timezone

from whitecoat.audit.models import AuditEntry
from whitecoat.dashboard.exports import Column, csv_response


def changes_text(entry: AuditEntry) -> str:
    return "; ".join(f"{c['label']}: {_side(c['old'])} → {_side(c['new'])}" for c in entry.changes)


def _side(value: str | None) -> str:
    return "(not recorded)" if value is None else (value or "(empty)")


AUDIT_COLUMNS: list[Column] = [
    ("time", lambda e: timezone.localtime(e.at).isoformat(timespec="seconds")),
    ("user", lambda e: e.actor or "system"),
    ("source", lambda e: e.source),
    ("action", lambda e: e.action),
    ("model", lambda e: e.model),
    ("object_id", lambda e: e.object_id),
    ("object", lambda e: e.object_repr),
    ("changes", changes_text),
]


def audit_csv(entries: Iterable[AuditEntry]) -> StreamingHttpResponse:
    return csv_response(name="audit-trail", rows=entries, columns=AUDIT_COLUMNS)
