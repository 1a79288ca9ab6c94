"""Resolving a short link with one HEAD request: the only network call of the content hub.

Off unless the operator sets CONTENT_EXPAND_SHORT_LINKS=true (and never in tests): until
then a short link resolves only through a redirect an admin recorded. A request follows at
most `MAX_HOPS` redirects, sends no cookies, reads no body, and gives up after `TIMEOUT`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings

TIMEOUT = 4.0
MAX_HOPS = 5


def expansion_enabled() -> bool:
    return bool(getattr(settings, "CONTENT_EXPAND_SHORT_LINKS", False))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def head_location(url: str) -> str | None:
    """Where `url` finally leads after HEAD redirects, or None when it cannot be told."""
    opener = urllib.request.build_opener(_NoRedirect)
    current = url
    for _ in range(MAX_HOPS):
        if urlsplit(current).scheme not in {"http", "https"}:
            return None
        request = urllib.request.Request(current, method="HEAD")
        request.add_header("User-Agent", "WhiteCoat link expander")
        try:
            with opener.open(request, timeout=TIMEOUT):
                return current if current != url else None
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") if 300 <= error.code < 400 else None
            if not location:
                return current if current != url else None
            current = urljoin(current, location)
        except (urllib.error.URLError, OSError, ValueError):
            return None
    return current if current != url else None


def short_link_expand(url: str) -> str | None:
    """The target of a short link by HEAD request when the operator enabled it, else None."""
    if not expansion_enabled():
        return None
    return head_location(url)
