"""CSV exports of the registry and of the audit: every row the filters select, with the
figures as the pages show them (empty cells mean no data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse

from whitecoat.dashboard.exports import csv_response
from whitecoat.governance.audit import AccountAudit
from whitecoat.governance.models import RegisteredAccount
from whitecoat.governance.selectors import AuditPage


def _person(person: Any) -> str:
    return "" if person is None else person.full_name


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


REGISTRY_COLUMNS = [
    ("platform", lambda e: e.account.get_platform_display()),
    ("handle", lambda e: e.account.handle),
    ("unit", lambda e: str(e.unit or "")),
    ("status", lambda e: e.get_status_display()),
    ("owner", lambda e: _person(e.owner)),
    ("owner_email", lambda e: e.owner.email if e.owner else ""),
    ("owner_has_left", lambda e: "yes" if e.owner_departed else ""),
    ("backup_owner", lambda e: _person(e.backup_owner)),
    ("backup_owner_email", lambda e: e.backup_owner.email if e.backup_owner else ""),
    ("purpose", lambda e: e.purpose),
    ("created", lambda e: e.account.opened_on),
    ("profile_url", lambda e: e.account.profile_url),
    ("connection", lambda e: e.account.get_connection_state_display()),
    ("followers", lambda e: e.latest_followers),
    ("followers_as_of", lambda e: e.latest_date),
    ("last_post", lambda e: e.last_post_on),
    ("last_confirmed", lambda e: e.last_attested.date() if e.last_attested else None),
    ("confirmation_overdue", lambda e: "yes" if e.attestation_overdue else ""),
]


def registry_csv(entries: Iterable[RegisteredAccount]) -> StreamingHttpResponse:
    return csv_response(name="account-registry", rows=entries, columns=REGISTRY_COLUMNS)


def audit_columns(page: AuditPage) -> list[tuple[str, Any]]:
    decisions = page.decisions

    def decision(row: AccountAudit) -> str:
        action = decisions.get(row.account.entry_id)
        return (
            "" if action is None else f"{action.get_kind_display()}: {action.get_state_display()}"
        )

    return [
        ("account", lambda r: r.account.label),
        ("unit", lambda r: r.account.unit_name),
        ("status", lambda r: r.account.status),
        ("owner", lambda r: r.account.owner_name),
        ("owner_problem", lambda r: r.owner_problem),
        ("followers_end", lambda r: r.followers),
        ("growth_period_1", lambda r: r.growth1.value),
        ("growth_period_2", lambda r: r.growth2.value),
        ("growth_change", lambda r: r.change.words),
        ("growth_change_ratio", lambda r: _round(r.change.ratio, 4)),
        ("posts_per_week_1", lambda r: _round(r.posts_week1)),
        ("posts_per_week_2", lambda r: _round(r.posts_week2)),
        ("engagement_per_post_pct_1", lambda r: _round(r.engagement1, 3)),
        ("engagement_per_post_pct_2", lambda r: _round(r.engagement2, 3)),
        ("last_post", lambda r: r.account.last_post),
        ("days_since_post", lambda r: r.days_since_post),
        ("dormant", lambda r: "" if r.dormant is None else ("yes" if r.dormant else "no")),
        ("overlaps", lambda r: "yes" if r.overlap else ""),
        ("recommendation", lambda r: r.recommendation.kind if r.recommendation else ""),
        ("reason", lambda r: r.recommendation.reason if r.recommendation else ""),
        ("decision", decision),
    ]


def audit_csv(page: AuditPage) -> StreamingHttpResponse:
    audit = page.audit
    name = f"account-audit-{audit.first.start}-{audit.second.end}"
    return csv_response(name=name, rows=page.rows, columns=audit_columns(page))
