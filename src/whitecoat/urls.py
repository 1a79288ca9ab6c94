from django.contrib import admin
from django.urls import include, path

from whitecoat.api.api import api
from whitecoat.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("whitecoat.identity.urls")),  # before admin/: its login goes through ours
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("training/", include("whitecoat.training.urls")),
    path("imports/", include("whitecoat.imports.urls")),
    path("screening/", include("whitecoat.screening.urls")),
    path("connections/", include("whitecoat.connectors.urls")),
    path("", include("whitecoat.dashboard.urls")),
    path("", include("whitecoat.program.urls")),
    path("", include("whitecoat.leaderboard.urls")),
    path("", include("whitecoat.content.urls")),
    path("", include("whitecoat.governance.urls")),
    path("", include("whitecoat.reports.urls")),
    path("", include("whitecoat.audit.urls")),
]
