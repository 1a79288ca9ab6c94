"""Writes for the reports: the monthly e-mail's settings and its recipients (admins only),
and the figures computed ahead when new data arrives. Sending the monthly report is in
`monthly.py`, which needs the PDF exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction

from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.selectors import program_totals_recompute
from whitecoat.reports.enums import PaperSize, RecipientChoice
from whitecoat.reports.models import ReportRecipient, ReportSchedule
from whitecoat.reports.selectors import (
    results_report_recompute,
    user_may_manage_reports,
    user_may_view_reports,
)


def _require_admin(user: Any) -> None:
    if not user_may_manage_reports(user=user):
        raise WhiteCoatError("Only program admins manage the monthly report.", code="forbidden")


@transaction.atomic
def report_schedule_update(*, user: Any, monthly_enabled: bool, paper_size: str) -> ReportSchedule:
    """Turn the monthly e-mail on or off and choose its paper size."""
    _require_admin(user)
    if paper_size not in PaperSize.values:
        raise WhiteCoatError(f"“{paper_size}” is not a paper size.", code="invalid_paper")
    schedule = ReportSchedule.current()
    schedule.monthly_enabled = monthly_enabled
    schedule.paper_size = paper_size
    schedule.updated_by = user
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def report_recipient_set(*, user: Any, recipient: Any, choice: str) -> ReportRecipient:
    """Add `recipient` to the monthly e-mail, or take them off it.

    Only users who may read the reports in WhiteCoat (program admins and leadership) can
    be added, and only with an e-mail address: the report is the whole program's.
    """
    _require_admin(user)
    if choice not in RecipientChoice.values:
        raise WhiteCoatError(f"“{choice}” is not a choice.", code="invalid_choice")
    if choice == RecipientChoice.SUBSCRIBED:
        if not recipient.is_active:
            raise WhiteCoatError(
                f"{recipient.get_username()}'s account is deactivated.", code="not_eligible"
            )
        if not recipient.email:
            raise WhiteCoatError(
                f"{recipient.get_username()} has no e-mail address.", code="not_eligible"
            )
        if not user_may_view_reports(user=recipient):
            raise WhiteCoatError(
                f"{recipient.get_username()} is neither a program admin nor leadership, and "
                "the report holds the whole program's figures.",
                code="not_eligible",
            )
    row, _ = ReportRecipient.objects.update_or_create(
        user=recipient, defaults={"choice": choice, "changed_by": user}
    )
    return row


def figures_recompute_after_new_data(*, today: dt.date | None = None) -> bool:
    """After a sync, an import or the demo: compute the figures the busiest pages open on
    (the admin and leadership home totals, the results report since launch) and keep them,
    so the first reader after new data does not wait seconds for them. With a cache that
    the web processes share (CACHE_BACKEND=database or redis) they all find them ready.
    Returns False when the figures cache is off (FIGURES_CACHE_SECONDS=0)."""
    if settings.FIGURES_CACHE_SECONDS <= 0:
        return False
    program_totals_recompute(today=today)
    results_report_recompute(today=today)
    return True
