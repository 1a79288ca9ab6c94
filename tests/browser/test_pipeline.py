"""The whole recruitment pipeline in a real browser, through the app alone: a chair
nominates, an admin accepts and holds the intake, the ambassador studies and acknowledges
the policy, the admin ticks the set-up checklist and makes them active. Every page visited
is accessible and CSP-clean, and every step is on the ambassador's history."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_csp_violations
from tests.browser.test_home_pages import sign_in
from tests.factories import PersonFactory, SocialAccountFactory, UserFactory
from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    PolicyFactory,
    PolicyVersionFactory,
    clear_training_content,
)
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role
from whitecoat.program.models import Ambassador
from whitecoat.training.enums import ModuleKind

pytestmark = pytest.mark.browser


@pytest.fixture
def curriculum(db):
    """One X course and the everyone-course, one self-study module each, one policy."""
    clear_training_content()
    x_course = CourseFactory(title="X for clinicians", slug="x-e2e", platform="x")
    ModuleFactory(
        course=x_course, title="Your X profile", kind=ModuleKind.TECHNICAL, is_self_study=True
    )
    ethics = CourseFactory(title="Professionalism", slug="ethics-e2e", platform=None)
    ModuleFactory(
        course=ethics,
        title="No patient information",
        kind=ModuleKind.PROFESSIONALISM,
        is_self_study=True,
    )
    policy = PolicyFactory(title="Code of conduct")
    return PolicyVersionFactory(policy=policy, asks_disclaimer=False)  # published


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_nomination_goes_all_the_way_to_active(
    live_server, page, console, admin, chair_cardiology, cardiology, cohort, curriculum
):
    nadia_user = UserFactory(username="nadia")
    user_grant_role(user=nadia_user, role=Role.AMBASSADOR)
    nadia = PersonFactory(
        first_name="Nadia", last_name="Cruz", department=cardiology, user=nadia_user
    )

    # The chair nominates her.
    sign_in(page, live_server, chair_cardiology.username)
    page.goto(live_server.url + "/nominations/new/")
    assert_accessible(page)
    page.select_option("#id_department", label="Cardiology")
    page.select_option("#id_person", value=str(nadia.pk))
    page.select_option("#id_cohort", label=cohort.name)
    page.fill("#id_rationale", "Explains heart failure clearly; already posts on X.")
    page.check("input[name=suggested_platforms][value=x]")
    _click(page, "main button[type=submit]")
    assert "Nadia Cruz is nominated." in page.locator(".messages").inner_text()
    assert_accessible(page)

    # An admin accepts, then records the intake with X chosen.
    page.context.clear_cookies()
    sign_in(page, live_server, admin.username)
    page.goto(live_server.url + "/nominations/")
    assert_accessible(page)
    _click(page, "table a:has-text('Nadia Cruz')")
    _click(page, "button:has-text('Accept')")
    assert "Accepted" in page.locator("main").inner_text()
    ambassador = Ambassador.objects.get(person=nadia)
    page.goto(f"{live_server.url}/ambassadors/{ambassador.pk}/")
    _click(page, "a:has-text('Record the intake consultation')")
    assert_accessible(page)
    assert page.is_checked("#id_choose_x")  # the chair's suggestion
    page.fill("#id_reason_x", "Reach journalists and peers")
    _click(page, "main button[type=submit]")
    assert "Platforms chosen" in page.locator(".messages").inner_text()

    # Onboarding is refused until the training is done, with what is missing.
    page.select_option("#id_to_status", "onboarding")
    _click(page, "button:has-text('Change status')")
    assert "missing training for X" in page.locator(".messages").inner_text()

    # She studies both modules and acknowledges the policy.
    page.context.clear_cookies()
    sign_in(page, live_server, "nadia")
    for course in ("x-e2e", "ethics-e2e"):
        page.goto(f"{live_server.url}/training/courses/{course}/")
        _click(page, "ol.modules a >> nth=0")
        _click(page, "button:has-text('Mark as complete')")
    page.goto(f"{live_server.url}/training/policy-versions/{curriculum.pk}/")
    assert_accessible(page)
    _click(page, ".acknowledgement button[type=submit]")
    assert "acknowledged" in page.locator("main").inner_text().lower()

    # The admin moves her on, ticks the set-up checklist of her new account, and activates.
    SocialAccountFactory(ambassador=ambassador, platform="x", handle="@drnadiacruz")
    page.context.clear_cookies()
    sign_in(page, live_server, admin.username)
    page.goto(f"{live_server.url}/ambassadors/{ambassador.pk}/")
    page.select_option("#id_to_status", "onboarding")
    _click(page, "button:has-text('Change status')")
    assert "Status changed." in page.locator(".messages").inner_text()
    toggles = page.locator("button.check-toggle[aria-pressed=false]")
    while toggles.count():
        before = toggles.count()
        toggles.first.click()
        expect(toggles).to_have_count(before - 1)
    page.reload()
    assert_accessible(page)
    page.select_option("#id_to_status", "active")
    _click(page, "button:has-text('Change status')")
    assert "Status changed." in page.locator(".messages").inner_text()

    ambassador.refresh_from_db()
    assert ambassador.status == "active"
    history = page.locator("ol.history").inner_text()
    for step in ("Nominated", "Intake", "Training", "Onboarding", "Active"):
        assert step in history
    assert_accessible(page)
    assert_no_csp_violations(console)
