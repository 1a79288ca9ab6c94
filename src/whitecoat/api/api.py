"""The versioned JSON API, mounted at /api/v1/; one router per data app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from whitecoat.api.auth import api_auth
from whitecoat.api.routers import leaderboard, me, metrics, organizations, pipeline, program
from whitecoat.api.routers.connectors import router as connectors_router
from whitecoat.api.routers.content import router as content_router
from whitecoat.api.routers.imports import router as imports_router
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
