"""The governance audit in a real browser: an admin chooses two periods, sees the totals
worded like the seeds ("52 % decrease"), and the page stays accessible and CSP-clean."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.governance.conftest import owner, post, registered, school, series

__all__ = ["owner", "school"]  # fixtures of the governance tests, used here too

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(admin, cardiology, health_system):
    """Two Cardiology accounts with figures: together they gained 1,000 followers in the
    first half of 2025 and 480 in the second half."""
    heart = registered(department=cardiology, handle="@LakesideHeart")
    echo = registered(department=cardiology, handle="@LakesideEcho", platform="linkedin")
    levels = {
        heart.account: {
            dt.date(2024, 12, 31): 10_000,
            dt.date(2025, 6, 30): 10_800,
            dt.date(2025, 12, 31): 11_200,
        },
        echo.account: {
            dt.date(2024, 12, 31): 300,
            dt.date(2025, 6, 30): 500,
            dt.date(2025, 12, 31): 580,
        },
    }
    for account, days in levels.items():
        for day, followers in days.items():
            series(
                account, start=day, end=day, followers=lambda i, f=followers: f, posts=lambda i: 1
            )
        post(account, dt.date(2025, 12, 20))
    return admin


def test_admin_chooses_two_periods_and_reads_the_change_in_growth(
    live_server, page, console, registry
):
    sign_in(page, live_server, registry.username)

    page.goto(live_server.url + "/governance/audit/")
    assert_accessible(page)
    page.fill("#id_start1", "2025-01-01")
    page.fill("#id_end1", "2025-06-30")
    page.fill("#id_start2", "2025-07-01")
    page.fill("#id_end2", "2025-12-31")
    with page.expect_navigation():
        page.click("button:text('Run the audit')")
    page.wait_for_selector("canvas[data-chart-ready]")

    assert page.inner_text("#total-change") == "52 % decrease"
    assert "start1=2025-01-01" in page.url  # the periods are in the address, to share
    totals = page.inner_text("#audit-totals")
    assert "1,000" in totals and "480" in totals
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 2
    assert "50 % decrease" in rows.filter(has_text="@LakesideHeart").inner_text()
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_every_governance_page_is_accessible(
    live_server, page, console, registry, owner, school, outsider
):
    from whitecoat.governance import services
    from whitecoat.governance.models import RegisteredAccount

    heart = RegisteredAccount.objects.get(account__handle="@LakesideHeart")
    heart.owner = owner
    heart.save()
    action = services.recommendation_decide(
        entry=heart, by=registry, kind="archive", accept=True, reason="Dormant."
    )
    services.freeze_create(
        by=registry, entity=school, message="No new pages.", effective_on=dt.date(2025, 1, 1)
    )
    frozen = services.account_request_submit(
        by=outsider, unit_entity=school, platform="x", purpose="Lab news"
    )
    record = services.registry_import_upload(
        by=registry,
        file_name="registry.csv",
        data=b"platform,handle,department\nx,@new,Cardiology\nx,@bad,Nowhere\n",
    )
    sign_in(page, live_server, registry.username)
    paths = [
        "/governance/registry/",
        f"/governance/registry/{heart.pk}/",
        f"/governance/registry/{heart.pk}/edit/",
        f"/governance/registry/{heart.pk}/status/?status=archived",
        "/governance/registry/new/",
        "/governance/actions/",
        f"/governance/actions/{action.pk}/",
        "/governance/freezes/",
        "/governance/requests/",
        "/governance/requests/new/",
        f"/governance/requests/{frozen.pk}/",
        "/governance/mine/",
        "/governance/attestations/",
        "/governance/import/",
        f"/governance/import/{record.pk}/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    # The owner's own page, with an account to confirm.
    page.context.clear_cookies()
    sign_in(page, live_server, owner.user.username)
    page.goto(live_server.url + "/governance/mine/")
    assert "@LakesideHeart" in page.inner_text("main")
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
