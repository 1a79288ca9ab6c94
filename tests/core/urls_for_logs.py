"""A URLconf for the log tests: the project's URLs plus a view that fails."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from whitecoat.urls import urlpatterns as project_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke while holding password=hunter2")


urlpatterns = [path("test-fail/", fail), *project_urlpatterns]
