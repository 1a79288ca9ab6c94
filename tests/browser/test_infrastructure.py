"""The browser tests' own machinery: Chromium, the live server, axe and the CSP check."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_no_csp_violations,
)

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def test_admin_login_page_is_accessible_over_the_live_server(live_server, page, console):
    response = page.goto(live_server.url + "/admin/login/")

    assert response is not None
    assert response.status == 200
    assert_accessible(page)
    assert_no_csp_violations(console)


def test_assert_accessible_fails_on_an_inaccessible_page(page):
    page.set_content("<html><body><img src='chart.png'><p>No language, no alt.</p></body></html>")

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)

    assert "image-alt (critical)" in str(failure.value)
    assert "html-has-lang (serious)" in str(failure.value)


def test_assert_accessible_works_under_a_strict_csp(page):
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": CSP},
            body="<html lang='en'><head><title>CSP</title></head>"
            "<body><main><h1>Strict</h1></main></body></html>",
        ),
    )
    page.goto("http://csp.test/")

    assert_accessible(page)


def test_assert_no_csp_violations_fails_on_an_inline_script(page, console):
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": CSP},
            body="<html lang='en'><head><title>CSP</title></head>"
            "<body><script>document.title = 'ran';</script></body></html>",
        ),
    )
    page.goto("http://csp.test/")

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_csp_violations(console)

    assert "Content Security Policy" in str(failure.value)
    assert page.title() == "CSP"


def test_assert_no_console_errors_fails_on_a_missing_script(page, console):
    page.route("http://csp.test/missing.js", lambda route: route.fulfill(status=404, body=""))
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html"},
            body="<html lang='en'><head><title>404</title>"
            "<script src='/missing.js'></script></head><body></body></html>",
        ),
    )
    page.goto("http://csp.test/")

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_console_errors(console)

    assert "404" in str(failure.value)
    assert "missing.js" in str(failure.value)
