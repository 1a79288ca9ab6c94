"""The content hub in a real browser: an admin takes an ambassador's post from the curation
queue through shortlisted and approved to used on an institutional account, and the
ambassador sees where it was used. Every page visited is accessible and CSP-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import sign_in
from tests.content.factories import PostFactory, institutional_account
from whitecoat.content import services
from whitecoat.content.models import ContentItem

pytestmark = pytest.mark.browser


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_post_goes_from_the_queue_to_used(
    live_server, page, console, admin, ambassador, ambassador_record, ambassador_account, cardiology
):
    post = PostFactory(account=ambassador_account)
    item = services.post_analyse(post=post)
    services.consent_set(ambassador=ambassador_record, by=ambassador, granted=True)
    team = institutional_account(cardiology)

    # The admin finds the post in the queue, with its attribution and score.
    sign_in(page, live_server, admin.username)
    page.goto(live_server.url + "/content/")
    assert page.url.endswith("/content/queue/")
    card = page.locator(f"#item-{item.pk}")
    assert "Amy Ambassador" in card.inner_text()
    assert "Consented" in card.inner_text()
    assert_accessible(page)

    # They open it, shortlist and approve it.
    _click(page, f"#item-{item.pk} h2 a")
    assert "Relevance score" in page.locator("main").inner_text()
    assert_accessible(page)
    _click(page, "button[name=to_state][value=shortlisted]")
    assert "Now shortlisted." in page.locator(".messages").inner_text()
    _click(page, "button[name=to_state][value=approved]")
    assert "Now approved." in page.locator(".messages").inner_text()

    # They record where and when it was used, with the suggested copy.
    copy = page.input_value("#copy-x")
    page.select_option("#id_account", str(team.pk))
    page.fill("#id_url", "https://x.example/LakesideHeart/status/1")
    page.fill("#id_copy", copy)
    assert_accessible(page)
    _click(page, "button:has-text('Record the use')")
    assert "Recorded: used on" in page.locator(".messages").inner_text()
    assert "Used" in page.locator("#uses-heading").inner_text()
    item.refresh_from_db()
    assert item.state == "used"
    assert_no_csp_violations(console)

    # The ambassador sees which post was used, and where.
    page.context.clear_cookies()
    sign_in(page, live_server, ambassador.username)
    page.goto(live_server.url + "/content/")
    assert page.url.endswith("/content/mine/")
    used = page.locator("section[aria-labelledby=used-heading]").inner_text()
    assert "@LakesideHeart" in used
    assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
    assert ContentItem.objects.get().uses.get().copy == copy


def test_every_content_page_is_accessible(
    live_server, page, console, admin, ambassador, ambassador_record, ambassador_account, outsider
):
    from tests.content.factories import ShareKitFactory

    services.post_analyse(post=PostFactory(account=ambassador_account))
    kit = ShareKitFactory(copies={"x": ["Know your numbers."], "linkedin": ["Heart Month."]})
    services.kit_transition(kit=kit, to_state="open", by=admin)
    request = services.amplification_request_submit(by=outsider, title="Walk", summary="5 km")

    pages = {
        admin.username: [
            "/content/queue/?state=all&show=all",
            "/content/kits/",
            "/content/kits/new/",
            f"/content/kits/{kit.pk}/",
            "/content/requests/",
            f"/content/requests/{request.pk}/",
            "/content/topics/",
        ],
        ambassador.username: ["/content/kits/", f"/content/kits/{kit.pk}/", "/content/requests/"],
        outsider.username: ["/content/requests/", f"/content/requests/{request.pk}/"],
    }
    for username, paths in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
