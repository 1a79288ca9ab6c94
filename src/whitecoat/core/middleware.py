"""Request logging with a request id, and the health check's fast path.

`RequestLogMiddleware` (first in MIDDLEWARE) gives every request an id (a sane incoming
X-Request-ID, else a new one), makes every line logged during the request carry it, returns
it in the X-Request-ID header and logs one line per request: method, path (never the query
string, which can hold OAuth codes), status, duration and the user id when the request had
already loaded the user. Successful /healthz and static-file requests are logged at DEBUG, so
that polling and page assets do not flood the log.

`HealthCheckMiddleware` (second) answers GET /healthz before host validation, the HTTPS
redirect, sessions and CSRF: a load balancer or container probe reaches the app by IP over
plain HTTP, and polling costs a few queries only. The same view is routed in urls.py.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from whitecoat.core.logs import request_context
from whitecoat.core.views import healthz

logger = logging.getLogger("whitecoat.request")

HEALTH_PATH = "/healthz"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _user_id(request: HttpRequest) -> int | None:
    # request.user is lazy: read it only if the view already did, never adding a query.
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else None

    def _routine(self, request: HttpRequest) -> bool:
        path = request.path_info
        return path == HEALTH_PATH or bool(
            self.static_prefix and path.startswith(self.static_prefix)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_context.set({"request_id": request_id})
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            status = response.status_code
            if status >= 500:
                level = logging.ERROR
            elif status < 400 and self._routine(request):
                level = logging.DEBUG
            else:
                level = logging.INFO
            logger.log(
                level,
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                status,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_context.reset(token)


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
