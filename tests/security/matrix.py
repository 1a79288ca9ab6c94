"""The machinery behind the access matrix: the rows' shape, the URL patterns Django
resolves, the operations the API documents, and how one request's answer is classified.

The table itself is data, in access_matrix.py; the tests are in test_access_matrix.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.bodies import close_quietly
from tests.security.world import ROLES, World

# The outcomes a row can expect, one per role (columns in ROLES order).
OK = "ok"  # 2xx; a write that got past the permission check (see PASSED below)
MOVED = "->"  # a 3xx to somewhere other than the login page (POST-redirect-GET, a hand-off)
LOGIN = "L"  # pages: redirected to the login page; API: 401
DENIED = "403"
HIDDEN = "404"
# Rows with an `effect` only: answered (a redirect back with a message, or the form again)
# but nothing done — how a few pages refuse without a 403 or 404.
REFUSED = "no"
UNAUTHORIZED = "401"  # a page that answers 401 itself (allauth's sign-in error page)
OUTCOMES = {OK, MOVED, LOGIN, DENIED, HIDDEN, REFUSED, UNAUTHORIZED}

# A write "got past the permission check" when it answers any of these: it ran (200, 201,
# or a page's 302 to its result), or its input or a business rule refused it (409, 422 —
# the minimal bodies below are valid, but a rule may still say no, e.g. "already decided").
# A page POST that re-renders its form (200) or answers 422 has got past it too.
API_WRITE_PASSED = {200, 201, 302, 409, 422}
API_PREFIX = "api/v1/"

# URL patterns the matrix does not cover, and why (found by the resolver, never by prefix).
SKIP_ADMIN = (
    "Django's back office (admin.site.urls): program admins only, through its own staff "
    "and model-permission checks, which Django tests; its login is our identity-admin-login"
)
SKIP_API_DOCS = (
    "the API's own description and documentation page: public by design, no data; every "
    "operation they list has rows below"
)
SKIP_STATIC = "static files (CSS, JS, images): public by design"
SKIPPED_NAMES = {"api-v1:openapi-json": SKIP_API_DOCS, "api-v1:openapi-view": SKIP_API_DOCS}


@dataclass(frozen=True)
class Row:
    """One request and what each role gets.

    `target` is a page's route exactly as Django's resolver writes it (regex routes
    simplified: `(?P<key>…)` → `<key>`), or an API operation as "METHOD /api/v1/path" with
    the OpenAPI document's `{param}` placeholders. `params` fill the path from the world:
    parameter → a world object's name (its primary key is used) or a name in
    `World.values`. `body` values written "@name" are replaced by that object's key.
    """

    target: str
    expect: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: dict[str, Any] | None = None
    query: str = ""
    note: str = ""
    # Reads the state the request may change (e.g. "is Bob's token revoked?"): an answer
    # that changed nothing is REFUSED rather than OK or MOVED.
    effect: Callable[[World], Any] | None = None

    @property
    def is_api(self) -> bool:
        return self.target.split(" ", 1)[0].isupper()

    @property
    def id(self) -> str:
        params = ",".join(f"{k}={v}" for k, v in self.params.items())
        method = f"{self.method} " if not self.is_api and self.method != "GET" else ""
        return f"{method}{self.target}{'?' + self.query if self.query else ''}[{params}]"


def page(target: str, expect: str, *, method: str = "GET", body: dict[str, Any] | None = None,
         note: str = "", query: str = "", effect: Callable[[World], Any] | None = None,
         **params: str) -> Row:  # fmt: skip
    return Row(target, _parse(expect), params, method, body, query, note, effect)


def post(target: str, expect: str, **kwargs: Any) -> Row:
    """A page that only accepts POST (a GET is a 405 for everyone): sent as a form."""
    return page(target, expect, method="POST", **kwargs)


def api(target: str, expect: str, *, body: dict[str, Any] | None = None, note: str = "",
        query: str = "", **params: str) -> Row:  # fmt: skip
    method = target.split(" ", 1)[0]
    return Row(target, _parse(expect), params, method=method, body=body, query=query, note=note)


def _parse(expect: str) -> tuple[str, ...]:
    tokens = tuple(expect.split())
    assert len(tokens) == len(ROLES), f"{expect!r}: one outcome per role {ROLES}"
    assert set(tokens) <= OUTCOMES, f"{expect!r}: outcomes are {sorted(OUTCOMES)}"
    return tokens


# ------------------------------------------------------------------- what Django serves


def simplify(route: str) -> str:
    """A regex route made readable: `^confirm-email/(?P<key>[-:\\w]+)/$` becomes
    `confirm-email/<key>/`."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    return route.replace("^", "").replace("$", "")


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    params: tuple[str, ...]
    skip: str | None = None


def _walk(patterns: list[Any], prefix: str, namespace: str, skip: str | None) -> list[Route]:
    routes = []
    for pattern in patterns:
        text = prefix + simplify(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            inner_skip = skip or (SKIP_ADMIN if pattern.app_name == "admin" else None)
            routes += _walk(pattern.url_patterns, text, inner, inner_skip)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", text))
            reason = skip or SKIPPED_NAMES.get(name or "")
            if text.startswith(settings.STATIC_URL.lstrip("/")):
                reason = SKIP_STATIC
            routes.append(Route(text, name, params, reason))
    return routes


@cache
def served_routes() -> dict[str, Route]:
    """Every URL pattern Django resolves, through every include, the first of duplicates."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, "", "", None):
        routes.setdefault(route.route, route)
    return routes


def api_route(text: str) -> str:
    """api/v1/ambassadors/<ambassador_id> → /api/v1/ambassadors/{ambassador_id}"""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)


def page_routes() -> dict[str, Route]:
    """The routes the matrix must cover: all but the skipped ones and the API's operations
    (those are covered through the served OpenAPI document instead)."""
    operations = {path for _, path in api_operations()}
    return {
        text: route
        for text, route in served_routes().items()
        if route.skip is None
        and not (text.startswith(API_PREFIX) and api_route(text) in operations)
    }


@cache
def openapi_document() -> dict[str, Any]:
    response = Client().get(f"/{API_PREFIX}openapi.json")
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def api_operations() -> set[tuple[str, str]]:
    """(METHOD, /api/v1/path) for every operation of the served OpenAPI document."""
    return {
        (method.upper(), path)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }


# -------------------------------------------------------------------- asking and judging


def _value(world: World, name: str) -> str:
    if name in world.values:
        return world.values[name]
    if name in world.objects:
        return str(world.objects[name].pk)
    raise AssertionError(f"The world has no object or value named {name!r}")


def url_for(row: Row, world: World) -> str:
    kwargs = {param: _value(world, name) for param, name in row.params.items()}
    if row.is_api:
        path = row.target.split(" ", 1)[1]
        for param, value in kwargs.items():
            path = path.replace("{" + param + "}", value)
        assert "{" not in path, f"{row.target}: fill every path parameter"
    else:
        route = served_routes().get(row.target)
        assert route is not None, f"{row.target}: no such URL pattern any more"
        assert set(route.params) == set(kwargs), f"{row.target}: fill {route.params}"
        path = reverse(route.name, kwargs=kwargs) if route.name else "/" + row.target
    query = re.sub(r"@(\w+)", lambda m: _value(world, m.group(1)), row.query)
    return path + (f"?{query}" if query else "")


def _body(row: Row, world: World) -> Any:
    def fill(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            return int(_value(world, value[1:]))
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    return fill(row.body or {})


def request(row: Row, world: World, client: Client) -> Any:
    url = url_for(row, world)
    if row.method == "GET":
        return client.get(url)
    body = _body(row, world)
    if row.is_api and "multipart" in body:
        upload = SimpleUploadedFile("export.csv", body["multipart"].encode(), "text/csv")
        return client.post(url, {"file": upload})
    if row.is_api:
        return client.generic(row.method, url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


def classify(row: Row, response: Any) -> str:
    status = response.status_code
    if row.is_api and status == 401:
        return LOGIN
    if row.is_api and row.method != "GET" and status in API_WRITE_PASSED:
        return OK
    if row.method != "GET" and status in {409, 422}:
        return OK
    if 200 <= status < 300:
        return OK
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        return LOGIN if location.startswith(reverse("login")) else MOVED
    return str(status)


def outcome(row: Row, world: World, client: Client) -> tuple[str, Any]:
    """Ask once, in a savepoint rolled back afterwards: writes never reach the next ask."""
    with transaction.atomic():
        before = row.effect(world) if row.effect else None
        response = request(row, world, client)
        seen = classify(row, response)
        close_quietly(response)  # a file download's handle
        if row.effect and seen in (OK, MOVED) and row.effect(world) == before:
            seen = REFUSED
        transaction.set_rollback(True)
    return seen, response
