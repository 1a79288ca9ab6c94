"""Sign-in pages in a real browser: the login page with a single sign-on button, turning on
two-factor authentication (the QR code is a data: image the CSP allows), the code asked at
the next login, and the password pages. Each page is accessible (axe) and CSP-clean."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialApp

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)
from tests.browser.test_home_pages import LOGIN_PATH, sign_in
from tests.conftest import PASSWORD
from tests.identity.test_mfa import totp

pytestmark = pytest.mark.browser


@pytest.fixture
def sso_app(db):
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="hospital-oidc",
        name="Hospital SSO",
        client_id="whitecoat",
        settings={"server_url": "https://login.hospital.test"},
    )


def test_login_page_with_single_sign_on_is_accessible(live_server, page, console, sso_app, admin):
    page.goto(live_server.url + LOGIN_PATH)

    assert page.locator("button:text('Log in with Hospital SSO')").count() == 1
    assert_accessible(page)
    sign_in(page, live_server, admin.username)  # the password form still works beside it
    assert urlsplit(page.url).path == "/"
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


def test_admin_turns_on_two_factor_and_logs_in_with_a_code(live_server, page, console, admin):
    sign_in(page, live_server, admin.username)
    page.click("footer a:text('Two-factor authentication')")
    assert_accessible(page)

    page.click("a:text('Set up an authenticator app')")
    assert page.locator("h1").inner_text() == "Confirm it is you"
    assert_accessible(page)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")

    qr = page.locator(".totp-qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert_accessible(page)
    secret = page.locator(".totp-secret").inner_text().strip()
    page.fill("#id_code", totp(secret))
    with page.expect_navigation():
        page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "Recovery codes"
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)

    with page.expect_navigation():
        page.click("header button:text('Log out')")
    sign_in(page, live_server, admin.username)
    assert page.locator("h1").inner_text() == "Enter your code"
    assert_accessible(page)
    page.fill("#id_code", totp(secret))
    with page.expect_navigation():
        page.click("main button:text('Log in')")

    assert urlsplit(page.url).path == "/"
    assert_no_csp_violations(console)
    assert_no_console_errors(console)


@pytest.mark.parametrize(
    "path",
    ["/accounts/password/change/", "/accounts/password/reset/", "/accounts/logout/"],
)
def test_password_pages_are_accessible(live_server, page, console, ambassador, path):
    sign_in(page, live_server, ambassador.username)

    response = page.goto(live_server.url + path)

    assert response is not None and response.status == 200
    assert_accessible(page)
    assert_no_csp_violations(console)
