"""The audit trail in a real browser: an admin changes a record, finds the change with the
filters, opens the record's history; both pages stay accessible and CSP-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.browser


def test_admin_finds_a_change_and_opens_the_records_history(page, live_server, console, admin):
    department = DepartmentFactory(name="Cardio")
    department.name = "Cardiology"
    department.save()
    sign_in(page, live_server, "alice_admin")

    page.goto(live_server.url + "/audit/")
    page.select_option("#id_model", "organizations.Department")
    page.wait_for_url("**model=organizations.Department**")
    page.fill("#id_q", "Cardiology")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")

    rows = page.locator("#results tbody tr")
    assert rows.count() == 1  # the creation was named "Cardio" then
    assert "Cardio → Cardiology" in rows.first.inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        rows.first.locator("a").click()
    assert "History of department “Cardiology”" in page.inner_text("h1")
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
