"""GET /healthz: no login, no secrets, JSON; 200 when healthy, 503 when not."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from whitecoat.core.health import health_report


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    response = JsonResponse(report, status=200 if report["healthy"] else 503)
    response["X-Content-Type-Options"] = "nosniff"
    return response
