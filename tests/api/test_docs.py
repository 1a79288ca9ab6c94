from __future__ import annotations

import json
import re

import pytest

from whitecoat.api.api import api
from whitecoat.core.errors import WhiteCoatError

PATHS = {
    "/api/v1/me",
    "/api/v1/entities",
    "/api/v1/departments",
    "/api/v1/people",
    "/api/v1/cohorts",
    "/api/v1/ambassadors",
    "/api/v1/ambassadors/{ambassador_id}",
    "/api/v1/accounts",
}


@pytest.fixture
def plain_static(settings):
    # The docs page links static files; the manifest storage needs collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_openapi_document_lists_every_path(db, client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["info"]["title"] == "WhiteCoat API"
    assert document["info"]["version"] == "1"
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= PATHS


def test_openapi_document_declares_every_error_code(db, client):
    document = client.get("/api/v1/openapi.json").json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = set(operation["responses"])
            expected = {"401"} | ({"422"} if path != "/api/v1/me" else set())
            if "{" in path:
                expected.add("404")
            if method != "get":
                # Writes: 403 when the role may not, 409 when a rule refuses.
                expected |= {"403", "409"}
            assert expected <= responses, (method, path)
            assert responses & {"200", "201"}, (method, path)


def test_openapi_document_declares_both_auth_schemes(db, client):
    document = client.get("/api/v1/openapi.json").json()

    assert document["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }


def test_docs_page_renders(db, client, plain_static):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"swagger-ui-bundle.js" in response.content


def test_docs_page_has_no_inline_script(db, client, plain_static):
    response = client.get("/api/v1/docs")

    # Scripts without src may only be JSON data blocks (like json_script's), which the
    # browser never executes, so the CSP's script-src 'self' needs no exception.
    html = response.content.decode()
    tags = re.findall(r"<script\b[^>]*>", html)
    inline = [tag for tag in tags if "src=" not in tag]
    assert tags
    assert all('type="application/json"' in tag for tag in inline), inline
    assert "style=" not in html
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_whitecoat_error_maps_to_409(rf):
    request = rf.get("/api/v1/me")

    response = api.on_exception(request, WhiteCoatError("Already revoked.", code="revoked"))

    assert response.status_code == 409
    assert json.loads(response.content) == {"detail": "Already revoked.", "code": "revoked"}
