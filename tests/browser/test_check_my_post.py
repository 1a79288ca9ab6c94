"""Check my post in a real browser: an ambassador types a draft with a patient's relative's
phone number and an undisclosed promo code, sees the findings appear without submitting,
applies the suggested fixes one by one and copies the clean text; the page is accessible and
CSP-clean throughout."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in

pytestmark = pytest.mark.browser

DRAFT = "Love these scrubs, use code DRJEN for 20% off! Text my patient's mom at 617-555-0142."
PHONE = "A phone number"
PROMO = "A paid partnership without a disclosure"


def test_ambassador_sees_findings_as_they_type_and_applies_fixes(
    live_server, page, console, ambassador, ambassador_account
):
    sign_in(page, live_server, ambassador.username)
    page.goto(live_server.url + "/screening/check/")
    assert page.locator("#id_platform").input_value() == "x"
    assert_accessible(page)
    requests = []
    page.on("request", lambda request: requests.append((request.method, request.url)))

    page.locator("#id_text").press_sequentially(DRAFT, delay=5)

    findings = page.locator("#findings li.finding")
    findings.filter(has_text=PHONE).wait_for()
    titles = [t.strip() for t in page.locator("#findings .finding-head strong").all_inner_texts()]
    assert titles == [PROMO, PHONE]
    assert page.url == live_server.url + "/screening/check/"  # nothing was submitted
    # Debounced: one request once typing pauses, not one per keystroke.
    assert len([r for r in requests if r[0] == "POST"]) <= 3
    status = page.locator("#check-status")
    assert "Block" in status.inner_text()
    assert page.locator("mark.sev-warn").inner_text() == "617-555-0142"
    assert_accessible(page)

    findings.filter(has_text=PHONE).get_by_role("button", name="Replace with [PHONE]").click()

    findings.filter(has_text=PHONE).wait_for(state="detached")
    assert page.locator("#id_text").input_value() == DRAFT.replace("617-555-0142", "[PHONE]")
    assert "Fix applied: Replace with [PHONE]." in status.inner_text()

    findings.filter(has_text=PROMO).get_by_role("button", name="Add “#ad” at the start").click()

    findings.filter(has_text=PROMO).wait_for(state="detached")
    clean = "#ad " + DRAFT.replace("617-555-0142", "[PHONE]")
    assert page.locator("#id_text").input_value() == clean
    assert "Block" not in status.inner_text()
    assert_accessible(page)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copy the text").click()
    copy_status = page.locator("#copy-status")
    copy_status.filter(has_text="Copied").or_(copy_status.filter(has_text="Selected")).wait_for()
    if "Copied" in copy_status.inner_text():
        assert page.evaluate("navigator.clipboard.readText()") == clean

    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_typing_more_after_a_fix_keeps_checking(live_server, page, console, ambassador):
    sign_in(page, live_server, ambassador.username)
    page.goto(live_server.url + "/screening/check/")

    page.locator("#id_text").fill("Call his daughter at 617-555-0142.")
    page.locator("#findings li.finding").first.wait_for()
    page.get_by_role("button", name="Replace with [PHONE]").click()
    page.locator("#check-status", has_text="Fix applied").wait_for()
    page.locator("#id_text").press("End")
    page.locator("#id_text").press_sequentially(" DM me your symptoms.", delay=5)

    page.locator("#findings li.finding", has_text="Individual medical advice").wait_for()
    assert "Fix applied" not in page.locator("#check-status").inner_text()
    assert page.locator("#id_text").input_value() == (
        "Call his daughter at [PHONE]. DM me your symptoms."
    )
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_changing_the_account_or_the_partnership_label_checks_again(
    live_server, page, console, ambassador, ambassador_account
):
    sign_in(page, live_server, ambassador.username)
    page.goto(live_server.url + "/screening/check/")
    findings = page.locator("#findings li.finding")

    page.locator("#id_text").fill("Family trip with my kids! Use code DRJEN for 20% off.")
    findings.filter(has_text="Personal content on a professional account").wait_for()
    page.select_option("#id_account", "personal")
    findings.filter(has_text="Personal content on a professional account").wait_for(
        state="detached"
    )
    page.get_by_text("With a photo or video").click()
    page.get_by_label("The platform's “Paid partnership” label is on").check()

    findings.filter(has_text=PROMO).wait_for(state="detached")
    assert findings.filter(has_text="A disclosed paid partnership").count() == 1
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
