"""Training in a real browser: an admin schedules a session, the invited ambassador finds it
in their calendar and ticks their set-up checklist through htmx; every page visited is
accessible and CSP-clean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.training.factories import CourseFactory, ModuleFactory, PlatformChoiceFactory
from whitecoat.metrics.enums import Platform
from whitecoat.training.enums import ModuleKind

pytestmark = pytest.mark.browser


@pytest.fixture
def course(db):
    course = CourseFactory(title="LinkedIn for clinicians", slug="linkedin-browser")
    ModuleFactory(course=course, title="Headline and About", kind=ModuleKind.TECHNICAL)
    return course


def test_admin_schedules_a_session_the_ambassador_sees_in_their_calendar(
    live_server, page, console, admin, ambassador, ambassador_record, course
):
    PlatformChoiceFactory(ambassador=ambassador_record, platform=Platform.LINKEDIN)
    starts = (timezone.localtime() + dt.timedelta(days=2)).replace(
        hour=10, minute=30, second=0, microsecond=0
    )

    sign_in(page, live_server, admin.username)
    page.goto(live_server.url + "/training/sessions/new/")
    assert_accessible(page)
    page.select_option("#id_course", label="LinkedIn for clinicians")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_duration_minutes", "45")
    page.select_option("#id_invitees", value=str(ambassador_record.pk))
    page.fill("#id_location", "Room 4B")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "LinkedIn for clinicians training"
    assert "Session scheduled" in page.locator(".messages").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, ambassador.username)
    page.goto(f"{live_server.url}/training/sessions/calendar/?view=week&date={starts:%Y-%m-%d}")
    link = page.locator("table.calendar a", has_text="LinkedIn for clinicians")
    assert link.inner_text() == "10:30 LinkedIn for clinicians"
    day_cell = page.locator(
        "table.calendar td", has=page.locator("a", has_text="LinkedIn for clinicians")
    )
    assert day_cell.locator("time").get_attribute("datetime") == f"{starts:%Y-%m-%d}"
    assert_accessible(page)

    page.goto(f"{live_server.url}/training/sessions/calendar/?view=month&date={starts:%Y-%m-%d}")
    assert page.locator("table.calendar a", has_text="LinkedIn for clinicians").count() == 1
    assert_accessible(page)

    page.goto(live_server.url + "/training/me/")
    assert "LinkedIn for clinicians" in page.locator(".training-overview").inner_text()
    toggle = page.locator("button.check-toggle", has_text="Profile photo")
    toggle.click()
    page.wait_for_selector("button.check-toggle[aria-pressed=true]")
    assert page.locator("button.check-toggle[aria-pressed=true]").inner_text() == "Profile photo"
    assert_accessible(page)

    page.goto(live_server.url + "/training/")
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
