"""The imports API: upload → preview JSON, commit, undo, list; admins only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.imports.conftest import FILES
from whitecoat.api.routers import imports as imports_router
from whitecoat.api.services import api_token_create
from whitecoat.imports import services
from whitecoat.imports.models import Import
from whitecoat.metrics.models import MetricSnapshot


def _client(user):
    _, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _upload(user, name="sprout_profile_performance.csv", **fields):
    with open(FILES / name, "rb") as handle:
        return _client(user).post("/api/v1/imports", {"file": handle, **fields})


def test_upload_returns_the_preview(admin, amy_x, amy_instagram):
    response = _upload(admin)

    assert response.status_code == 201
    body = response.json()
    assert body["format"] == body["detected_format"] == "sprout_profile"
    assert body["state"] == "uploaded"
    assert [(g["key"], g["account"]["id"], g["matched_by"]) for g in body["groups"]] == [
        ("instagram:dr.amy.heart", amy_instagram.pk, "the handle"),
        ("x:dr_amy", amy_x.pk, "the handle"),
    ]
    assert body["snapshots"] == {"create": 6, "update": 0, "unchanged": 0, "kept": 0, "skip": 0}
    assert (body["can_commit"], body["problem"], body["errors"]) == (True, "", [])
    assert MetricSnapshot.objects.count() == 0


def test_upload_reports_errors_per_row(admin, amy_x):
    data = b"Date,Impressions,Engagements,New follows\n2026-08-01,100,5,1\n2026-08-02,1..,5,1\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(admin).post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("o.csv", data), "account": amy_x.pk},
    )

    body = response.json()
    assert body["errors"] == [
        {"row": 3, "sheet": "", "column": "Impressions", "message": "“1..” is not a number"}
    ]
    assert body["can_commit"] is False


def test_upload_larger_than_the_limit_is_refused_before_it_is_read(admin, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1024 * 1024)  # "larger than 1 MB"

    def read_nothing(**_):
        raise AssertionError("the file was read and handed to import_upload")

    monkeypatch.setattr(imports_router, "import_upload", read_nothing)
    big = SimpleUploadedFile("big.csv", b"Date,Impressions\n" + b"x" * (1024 * 1024))

    response = _client(admin).post("/api/v1/imports", {"file": big})

    assert response.status_code == 409
    assert response.json()["detail"] == "The file is larger than 1 MB: split it."
    assert not Import.objects.exists()


def test_upload_at_the_limit_is_read(admin, amy_x, monkeypatch):
    data = b"Date,Impressions,Engagements,New follows\n2026-08-01,100,5,1\n"
    monkeypatch.setattr(services, "MAX_FILE_BYTES", len(data))

    response = _client(admin).post(
        "/api/v1/imports", {"file": SimpleUploadedFile("o.csv", data), "account": amy_x.pk}
    )

    assert response.status_code == 201
    assert Import.objects.get().file_size == len(data)


def test_commit_then_reimport_changes_nothing(admin, amy_x, amy_instagram):
    first = _upload(admin).json()
    committed = _client(admin).post(
        f"/api/v1/imports/{first['id']}/commit", {}, content_type="application/json"
    )

    second = _upload(admin).json()
    again = _client(admin).post(
        f"/api/v1/imports/{second['id']}/commit", {}, content_type="application/json"
    )

    assert committed.status_code == 200
    assert committed.json()["snapshots"] == {"created": 6, "updated": 0, "unchanged": 0, "kept": 0}
    assert second["earlier_imports"] == [first["id"]]
    assert again.json()["snapshots"] == {"created": 0, "updated": 0, "unchanged": 6, "kept": 0}
    assert MetricSnapshot.objects.count() == 6


def test_commit_with_chosen_accounts(admin, amy_x):
    preview = _upload(admin, "x_account_overview_unicode_text.csv").json()
    assert preview["problem"].startswith("Choose the account")

    response = _client(admin).post(
        f"/api/v1/imports/{preview['id']}/commit",
        {"accounts": {"": amy_x.pk}},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert MetricSnapshot.objects.filter(account=amy_x).count() == 3


def test_commit_refused_is_409_and_saves_nothing(admin, amy_x):
    preview = _upload(admin, "x_account_overview_unicode_text.csv").json()

    response = _client(admin).post(
        f"/api/v1/imports/{preview['id']}/commit", {}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["detail"].endswith("Nothing was imported.")
    assert MetricSnapshot.objects.count() == 0


def test_undo_and_list(admin, amy_x, amy_instagram):
    preview = _upload(admin).json()
    _client(admin).post(
        f"/api/v1/imports/{preview['id']}/commit", {}, content_type="application/json"
    )

    undone = _client(admin).post(f"/api/v1/imports/{preview['id']}/undo")
    listed = _client(admin).get("/api/v1/imports")

    assert undone.json()["state"] == "undone"
    assert MetricSnapshot.objects.count() == 0
    assert [
        (item["id"], item["state"], item["uploaded_by"]) for item in listed.json()["items"]
    ] == [(preview["id"], "undone", "alice_admin")]
    assert _client(admin).post(f"/api/v1/imports/{preview['id']}/undo").status_code == 409


def test_get_preview_again(admin, amy_x, amy_instagram):
    preview = _upload(admin).json()

    response = _client(admin).get(f"/api/v1/imports/{preview['id']}")

    assert response.json() == preview


def test_mapping_given_as_json(admin):
    import json

    mapping = {"kind": "snapshots", "header_row": 3, "columns": {"date": 0, "impressions": 6}}

    body = _upload(admin, "hootsuite_post_performance.csv", mapping=json.dumps(mapping)).json()

    assert body["format"] == "generic"
    assert body["snapshots"]["skip"] == 3  # the file's account is still to be chosen


@pytest.mark.parametrize("persona", ["leadership", "chair_cardiology", "ambassador", "outsider"])
def test_imports_api_is_for_admins_only(personas, admin, amy_x, persona):
    preview = _upload(admin, "x_account_overview_unicode_text.csv").json()
    user = personas[persona]

    assert _upload(user).status_code == 403
    assert _client(user).get("/api/v1/imports").status_code == 403
    assert _client(user).get(f"/api/v1/imports/{preview['id']}").status_code == 403
    commit = _client(user).post(
        f"/api/v1/imports/{preview['id']}/commit", {}, content_type="application/json"
    )
    assert commit.status_code == 403
    assert Import.objects.count() == 1


def test_imports_api_needs_credentials(db):
    assert Client().get("/api/v1/imports").status_code == 401
