"""The results report in a real browser: it draws its charts, a new date range redraws the
table and the charts through htmx and lands in the address, and the page stays
accessible and CSP-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.reports.conftest import program  # noqa: F401 (the hand-built program fixture)

pytestmark = pytest.mark.browser


def key_figure(page, label: str) -> str:
    return page.locator(
        f"#key_figures-table tbody tr:has(th:text-is('{label}')) td"
    ).first.inner_text()


def chart_points(page) -> int:
    return page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart-series=\"audience\"]'))"
        ".data.labels.length"
    )


def test_results_report_follows_a_new_date_range(live_server, page, console, leadership, program):  # noqa: F811
    sign_in(page, live_server, leadership.username)

    page.goto(live_server.url + "/reports/results/")
    page.wait_for_selector("canvas[data-chart-ready]")

    assert page.locator("canvas[data-chart-ready]").count() == 4
    since_launch = chart_points(page)
    assert since_launch > 12  # since January 2024, month by month
    assert page.locator("#id_start").is_hidden()  # custom dates only for a custom range
    assert_accessible(page)

    page.select_option("#id_window", "custom")
    page.fill("#id_start", "2024-03-01")
    page.fill("#id_end", "2024-06-30")
    page.locator("#id_end").dispatch_event("change")
    page.wait_for_function(
        "() => document.querySelector('#key_figures-table')?.innerText.includes('1,427')"
    )
    page.wait_for_function(
        "() => Chart.getChart(document.querySelector('canvas[data-chart-series=\"audience\"]'))"
        "?.data.labels.length === 5"
    )

    assert key_figure(page, "Engagements") == "1,427"
    assert key_figure(page, "Left during the range") == "1"
    assert page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart-series=\"audience\"]'))"
        ".data.datasets[0].data"
    ) == [1509, 1540, 1070, 1101, 1431]
    assert "start=2024-03-01" in page.url and "end=2024-06-30" in page.url
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_areas_report_draws_its_chart(live_server, page, console, admin, program):  # noqa: F811
    sign_in(page, live_server, admin.username)

    page.goto(live_server.url + "/reports/areas/?window=custom&start=2024-03-01&end=2024-06-30")
    page.wait_for_selector("canvas[data-chart-ready]")

    assert page.locator("text=Gap: no active ambassador").count() == 1
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
