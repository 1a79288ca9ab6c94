"""The versioned JSON API, mounted at /api/v1/; one router per data app."""

from __future__ import annotations

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from whitecoat.api.auth import api_auth
from whitecoat.api.routers import leaderboard, me, metrics, organizations, pipeline, program
from whitecoat.api.routers.connectors import router as connectors_router
from whitecoat.api.routers.content import router as content_router
from whitecoat.api.routers.governance import router as governance_router
from whitecoat.api.routers.imports import router as imports_router
from whitecoat.api.routers.reports import router as reports_router
from whitecoat.api.routers.screening import router as screening_router
from whitecoat.api.routers.training import router as training_router
from whitecoat.core.errors import WhiteCoatError

api = NinjaAPI(
    title="WhiteCoat API",
    version="1",
    description=(
        "Read-only access to the ambassador program. Authenticate with "
        "`Authorization: Bearer <token>` or a signed-in session; every list is scoped to "
        "what the caller's role may see, exactly as in the web pages."
    ),
    urls_namespace="api-v1",
    auth=api_auth,
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(WhiteCoatError)
def whitecoat_error(request: HttpRequest, exc: WhiteCoatError) -> HttpResponse:
    # A role that may not act gets 403; a rule that refuses the action gets 409.
    status = 403 if exc.code == "forbidden" else 409
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=status)


def _invalid(request: HttpRequest, *, where: str, message: str) -> HttpResponse:
    """A 422 shaped like Django Ninja's own validation errors, so clients handle one shape."""
    detail = [{"type": "value_error", "loc": [where], "msg": message}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja answers a body that is not JSON with a bare 400; every operation documents 422
    # for malformed input, so that is what the caller gets.
    if exc.status_code == 400:
        return _invalid(request, where="body", message="The request body is not valid JSON.")
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def number_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # An id or filter beyond the database's integers (SQLite raises OverflowError,
    # PostgreSQL a DataError): the caller's input is wrong, not the server.
    return _invalid(request, where="query", message="A number is out of range.")


api.add_router("", me.router)
api.add_router("", organizations.router)
api.add_router("", program.router)
api.add_router("", metrics.router)
api.add_router("", pipeline.router)
api.add_router("", leaderboard.router)
api.add_router("", training_router)
api.add_router("", screening_router)
api.add_router("", connectors_router)
api.add_router("", content_router)
api.add_router("", imports_router)
api.add_router("", governance_router)
api.add_router("", reports_router)
