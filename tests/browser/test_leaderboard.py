"""The leaderboard in a real browser: it loads, sorts, filters through htmx, and its chart
is drawn again from the new figures; the page stays accessible and CSP-clean."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.leaderboard.factories import daily_series, linear, ranked_ambassador

pytestmark = pytest.mark.browser


@pytest.fixture
def board(admin, cohort, cardiology, neurology):
    today = timezone.localdate()
    for name, department, start, end in [
        ("Ada Apple", cardiology, 1000, 1300),
        ("Ben Berry", cardiology, 5000, 5050),
        ("Cy Cherry", neurology, 200, 260),
        ("Di Date", neurology, 9000, 9010),
    ]:
        account = ranked_ambassador(name=name, department=department, cohort=cohort)
        daily_series(account, last=today, followers=linear(start, end, 40))
    return admin


def chart_labels(page) -> list[str]:
    return page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.labels"
    )


def row_names(page) -> list[str]:
    return page.locator("table.leaderboard tbody th").all_inner_texts()


def test_leaderboard_sorts_filters_and_redraws_its_chart(live_server, page, console, board):
    sign_in(page, live_server, board.username)

    page.goto(live_server.url + "/leaderboard/")
    page.wait_for_selector("canvas[data-chart-ready]")

    assert len(row_names(page)) == 4
    assert sorted(chart_labels(page)) == sorted(row_names(page))
    assert_accessible(page)

    page.click("table.leaderboard thead a:text('Followers')")
    page.wait_for_url("**sort=followers**")
    assert row_names(page) == ["Cy Cherry", "Ada Apple", "Ben Berry", "Di Date"]

    page.select_option("#id_department", label="Neurology")
    page.wait_for_function(
        "() => document.querySelectorAll('table.leaderboard tbody tr').length === 2"
    )
    page.wait_for_function(
        "() => Chart.getChart(document.querySelector('canvas[data-chart]'))"
        "?.data.labels.length === 2"
    )

    assert sorted(row_names(page)) == ["Cy Cherry", "Di Date"]
    assert sorted(chart_labels(page)) == ["Cy Cherry", "Di Date"]
    assert "department=" in page.url  # the filter is in the address, to share
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_program_dashboard_draws_its_charts(live_server, page, console, board):
    sign_in(page, live_server, board.username)

    page.goto(live_server.url + "/leaderboard/dashboard/")
    page.wait_for_selector("canvas[data-chart-ready]")

    assert page.locator("canvas[data-chart-ready]").count() == 3
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
