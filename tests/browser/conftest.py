"""Browser tests: Debian's Chromium driven by Playwright's sync API against the live server.

Nothing is downloaded: Chromium is the system package (`apt-get install chromium`) and axe-core
is vendored beside this file by `scripts/vendor-js.sh`. Without Chromium (or the playwright
package) the browser tests are skipped locally and fail under `CI=true`.

Helpers for the tests: `assert_accessible(page)` runs axe and fails on serious or critical
violations; `assert_no_csp_violations(console)` fails on any Content Security Policy error the
page logged, `assert_no_console_errors(console)` on any console error at all (such as a
script or stylesheet that failed to load). Import them from `tests.browser.conftest`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

# CHROMIUM_PATH lets a machine without Debian's package point at another Chromium build.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def _browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (make install)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} does not exist; install Debian's chromium: apt-get install chromium"
    return None


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when they are done.

    Package-scoped rather than session-scoped: while Playwright's sync API runs, an asyncio
    loop is running in this thread, so Django refuses ORM calls unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Both are confined to this package, so the other tests
    (and the subprocesses they start, such as `check --deploy`) keep Django's protection.
    """
    problem = _browser_problem()
    if problem is not None:
        message = f"Browser tests need Chromium and Playwright: {problem}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: browser tests must run, not skip)", pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, but serving plain HTTP.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server thread builds its
    handler, so the override is on only while the server starts; the rest of the session
    keeps the real settings.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def console() -> list[ConsoleMessage]:
    """Every console message the test's page logs, in order."""
    return []


@pytest.fixture
def page(browser: Browser, console: list[ConsoleMessage]) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies or storage shared between tests)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    new_page.on("console", lambda message: console.append(message))
    yield new_page
    context.close()


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page and fail listing every serious or critical violation."""
    # The site's CSP forbids inline scripts, so add_script_tag would be blocked; evaluate
    # runs through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate("() => {\n" + _axe_source() + "\n}")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if not violations:
        return
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append("  at " + " ".join(str(part) for part in node["target"]))
    pytest.fail("\n".join(lines), pytrace=False)


def assert_no_csp_violations(console: list[ConsoleMessage]) -> None:
    """Fail on any console error reporting a Content Security Policy violation."""
    violations = [
        message.text
        for message in console
        if message.type == "error" and "Content Security Policy" in message.text
    ]
    if violations:
        listed = "\n".join(f"- {text}" for text in violations)
        pytest.fail(f"Content Security Policy violations:\n{listed}", pytrace=False)


def assert_no_console_errors(console: list[ConsoleMessage]) -> None:
    """Fail on any console error: CSP violations, resources that failed to load, ...

    Chromium's own request for /favicon.ico is ignored: whether it happens, and so whether
    its 404 is logged, depends on timing.
    """
    errors = [
        f"{message.text} ({message.location.get('url', '')})"
        for message in console
        if message.type == "error"
        and urlsplit(message.location.get("url", "")).path != "/favicon.ico"
    ]
    if errors:
        listed = "\n".join(f"- {text}" for text in errors)
        pytest.fail(f"Console errors:\n{listed}", pytrace=False)
