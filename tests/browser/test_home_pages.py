"""Each role signs in, lands on its own home page, and every page its navigation offers is
accessible (axe: WCAG 2.1 A/AA and best practice, serious or critical) and CSP-clean."""

from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.conftest import PASSWORD
from whitecoat.organizations.enums import Role

pytestmark = pytest.mark.browser

LOGIN_PATH = "/accounts/login/"

PERSONAS = [
    ("admin", Role.PROGRAM_ADMIN),
    ("leadership", Role.LEADERSHIP),
    ("chair_cardiology", Role.NOMINATOR),
    ("ambassador", Role.AMBASSADOR),
    ("outsider", Role.REQUESTER),
]


def sign_in(page, live_server, username: str) -> None:
    response = page.goto(live_server.url + LOGIN_PATH)
    assert response is not None
    assert response.status == 200, f"{LOGIN_PATH} answered {response.status}"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        # The password form's button (the page may also offer single sign-on buttons).
        page.click("form:has(#id_password) button[type=submit]")


def nav_links(page, live_server) -> list[str]:
    """The same-origin pages linked from the page's <nav>, in order, without sign-out."""
    hrefs = page.eval_on_selector_all("nav a[href]", "links => links.map(a => a.href)")
    links: list[str] = []
    for href in hrefs:
        url = urldefrag(href).url
        same_origin = url.startswith(live_server.url + "/")
        if same_origin and "logout" not in urlsplit(url).path and url not in links:
            links.append(url)
    return links


def test_login_page_is_accessible(live_server, page, console):
    response = page.goto(live_server.url + LOGIN_PATH)

    assert response is not None
    assert response.status == 200
    assert_accessible(page)
    assert_no_csp_violations(console)


@pytest.mark.parametrize(("persona", "role"), PERSONAS, ids=[p for p, _ in PERSONAS])
def test_home_page_shows_each_role_its_own_accessible_pages(
    persona, role, request, live_server, page, console
):
    user = request.getfixturevalue(persona)

    sign_in(page, live_server, user.username)

    assert urlsplit(page.url).path == "/"
    assert page.locator("main").get_attribute("data-home-role") == role.value
    assert_accessible(page)
    assert page.locator("nav").count() >= 1, "the home page has no <nav>"
    for url in nav_links(page, live_server):
        response = page.goto(url)
        assert response is not None
        assert response.status < 400, f"{url} answered {response.status}"
        assert urlsplit(page.url).path != LOGIN_PATH, f"{url} sent {persona} to sign in"
        assert_accessible(page)
    assert_no_csp_violations(console)
    assert_no_console_errors(console)
