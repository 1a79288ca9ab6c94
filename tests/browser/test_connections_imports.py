"""In a real browser: the admins' way to the institutional accounts' connect page, and a
large import's progress panel, which htmx polls until the worker is done. Every page
visited is accessible and CSP-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.factories import SocialAccountFactory
from tests.imports.test_commit_task import x_posts
from whitecoat.imports import services
from whitecoat.imports.services import import_commit_enqueue, import_upload
from whitecoat.imports.tasks import import_commit_task
from whitecoat.metrics.enums import ConnectionState

pytestmark = pytest.mark.browser


def test_admin_finds_the_institutional_accounts_from_the_accounts_list(
    live_server, page, console, admin, cardiology
):
    SocialAccountFactory(
        ambassador=None,
        unit_department=cardiology,
        platform="bluesky",
        handle="@cardio.bsky.social",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )

    sign_in(page, live_server, admin.username)
    page.goto(live_server.url + "/social-accounts/")
    with page.expect_navigation():
        page.click("text=Connect an institutional account")

    assert page.locator("h1").inner_text() == "Institutional accounts"
    assert "Bluesky @cardio.bsky.social" in page.locator("tbody").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.click("a.button:has-text('Connect')")
    assert page.locator("h1").inner_text() == "Connect Bluesky @cardio.bsky.social"
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_a_large_import_shows_its_progress_until_the_worker_is_done(
    live_server, page, console, admin, ambassador_account
):
    rows = services.INLINE_ROWS + 100
    record = import_upload(
        by=admin,
        file_name="account_analytics_content_2026-07-01_2026-07-31.csv",
        data=x_posts(rows),
    )
    import_commit_enqueue(record=record, by=admin, rows=rows)

    sign_in(page, live_server, admin.username)
    page.goto(f"{live_server.url}/imports/{record.pk}/")

    panel = page.locator("#import-progress")
    assert "Waiting for a worker" in panel.inner_text()
    assert f"{rows:,} rows" in panel.inner_text()
    assert_accessible(page)

    import_commit_task.call(record.pk)  # the worker, here in the test

    # The panel polls every two seconds and reloads the page once the import is done (the
    # rows first; a moment later the screening of the new posts, which it also shows).
    page.wait_for_selector("text=Undo this import", timeout=15_000)
    page.wait_for_selector("#import-progress", state="detached", timeout=15_000)
    assert "Imported" in page.locator("dl.facts").inner_text()
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
