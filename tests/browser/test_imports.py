"""Imports in a real browser: an admin uploads a Sprout Social report (htmx upload with a
progress bar), sees the preview, commits, and finds the snapshots on the account's page;
then enters a day by hand. Every page visited is accessible and CSP-clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.factories import SocialAccountFactory
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import MetricSnapshot

pytestmark = pytest.mark.browser

FILES = Path(__file__).parents[1] / "imports" / "files"


def test_admin_uploads_previews_commits_and_sees_the_figures(
    live_server, page, console, admin, ambassador_record, ambassador_account
):
    SocialAccountFactory(
        ambassador=ambassador_record, platform=Platform.INSTAGRAM, handle="@dr.amy.heart"
    )

    sign_in(page, live_server, admin.username)
    page.click("nav >> text=Imports")
    assert page.locator("h1").inner_text() == "Imports"
    assert_accessible(page)

    page.set_input_files("#id_file", str(FILES / "sprout_profile_performance.csv"))
    with page.expect_navigation():
        page.click("#upload button[type=submit]")

    assert page.locator("h1").inner_text() == "Preview of sprout_profile_performance.csv"
    assert "(detected)" in page.locator("dl.facts").inner_text()
    accounts = page.locator("section[aria-labelledby=accounts-heading] tbody").inner_text()
    assert "dr_amy (X)" in accounts
    assert "the handle" in accounts
    counts = page.locator("section[aria-labelledby=counts-heading] tbody tr").first.inner_text()
    assert counts.split("\t")[:2] == ["Days of figures", "6"]
    assert MetricSnapshot.objects.count() == 0
    assert_accessible(page)

    with page.expect_navigation():
        page.click("button:text-is('Import')")

    assert "6 rows written" in page.locator(".messages").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.click("a:text-is('X @dr_amy')")

    assert page.locator("h1").inner_text() == "Figures of X @dr_amy"
    first_day = page.locator("section[aria-labelledby=days-heading] tbody tr").first.inner_text()
    assert first_day.split("\t")[:2] == ["16 Mar 2026", "3,209"]
    assert "Analytics export" in first_day
    assert_accessible(page)

    page.click("text=Enter a day's figures by hand")
    page.fill("#id_date", "2026-03-17")
    page.fill("#id_followers", "-3")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "greater than or equal to 0" in page.locator("main").inner_text()
    assert page.input_value("#id_followers") == "-3"
    assert_accessible(page)
    page.fill("#id_followers", "3215")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    first_day = page.locator("section[aria-labelledby=days-heading] tbody tr").first.inner_text()
    assert first_day.split("\t")[:2] == ["17 Mar 2026", "3,215"]
    assert "Entered by hand (alice_admin)" in first_day
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_admin_maps_the_columns_of_an_unknown_export(
    live_server, page, console, admin, ambassador_record
):
    team = SocialAccountFactory(ambassador=ambassador_record, platform=Platform.X, handle="@t")

    sign_in(page, live_server, admin.username)
    page.goto(live_server.url + "/imports/")
    page.set_input_files("#id_file", str(FILES / "hootsuite_post_performance.csv"))
    with page.expect_navigation():
        page.click("#upload button[type=submit]")

    assert page.locator("h1").inner_text() == "Columns of hootsuite_post_performance.csv"
    assert page.input_value("#id_header_row") == "3"
    assert_accessible(page)
    page.select_option("#id_col_network", value="")
    page.select_option("#id_platform", value="x")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "Preview of hootsuite_post_performance.csv"
    page.select_option("#id_account_0", value=str(team.pk))
    with page.expect_navigation():
        page.click("button:text-is('Import')")
    assert "3 rows written" in page.locator(".messages").inner_text()
    assert_accessible(page)
    assert_no_csp_violations(console)
