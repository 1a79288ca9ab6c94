"""Figures computed ahead when new data arrives: the admin and leadership home totals and
the results report since launch are ready before anyone opens those pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import SocialAccountFactory
from whitecoat.connectors.models import SyncRun
from whitecoat.connectors.sync import sync_run_follow_up
from whitecoat.metrics import selectors as metrics_selectors
from whitecoat.metrics.selectors import program_totals
from whitecoat.reports import selectors as report_selectors
from whitecoat.reports.forms import ReportRangeForm
from whitecoat.reports.selectors import program_launch_day, results_report
from whitecoat.reports.services import figures_recompute_after_new_data


@pytest.fixture
def cached(settings):
    settings.FIGURES_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _refuse(**_: object) -> None:
    raise AssertionError("computed on the page, not ahead")


def _page_range():
    """The range the results page opens on, as its view builds it."""
    form = ReportRangeForm(None, today=timezone.localdate(), launch=program_launch_day())
    return form.report_range(), form.launch


def test_figures_computed_ahead_are_what_the_pages_show(
    cached, program, admin, leadership, monkeypatch
):
    assert figures_recompute_after_new_data() is True
    monkeypatch.setattr(metrics_selectors, "_program_totals", _refuse)
    monkeypatch.setattr(report_selectors, "_results_report", _refuse)

    report_range, launch = _page_range()
    totals = program_totals(user=admin)
    assert program_totals(user=leadership) == totals
    assert results_report(report_range=report_range, launch=launch).range == report_range


def test_new_data_replaces_figures_computed_before_it(cached, admin, ambassador_record):
    figures_recompute_after_new_data()
    before = program_totals(user=admin).accounts
    SocialAccountFactory(ambassador=ambassador_record, handle="@arrived")

    figures_recompute_after_new_data()

    assert program_totals(user=admin).accounts == before + 1


def test_nothing_is_computed_ahead_when_the_cache_is_off(settings, db, monkeypatch):
    settings.FIGURES_CACHE_SECONDS = 0
    monkeypatch.setattr(metrics_selectors, "_program_totals", _refuse)

    assert figures_recompute_after_new_data() is False


def test_a_sync_run_computes_the_figures_ahead_and_says_so(cached, db, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "whitecoat.reports.services.figures_recompute_after_new_data",
        lambda: calls.append(1) or True,
    )
    run = SyncRun.objects.create(kind="manual", total=1, synced=1, follow_up=True)

    sync_run_follow_up(run=run)

    run.refresh_from_db()
    assert calls == [1]
    assert "home and report figures computed" in run.note
