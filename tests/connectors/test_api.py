"""The sync API: read runs, start "sync now"; tokens never appear."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import bearer
from tests.connectors.factories import ConnectionFactory
from whitecoat.api.services import api_token_create
from whitecoat.connectors.models import SyncRun
from whitecoat.metrics.enums import ConnectionState


def _headers(user):
    _, raw = api_token_create(user=user, name="test")
    return bearer(raw)


def test_sync_now_through_the_api_queues_a_run(db, ambassador, ambassador_account):
    ConnectionFactory(account=ambassador_account, access_token="never-shown")
    headers = _headers(ambassador)

    response = Client().post(f"/api/v1/accounts/{ambassador_account.pk}/sync", headers=headers)

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["state"], body["total"], body["done"]) == (
        "on_demand",
        "queued",
        1,
        0,
    )
    detail = Client().get(f"/api/v1/sync-runs/{body['id']}", headers=headers)
    assert detail.status_code == 200
    assert [item["state"] for item in detail.json()["items"]] == ["pending"]
    assert b"never-shown" not in detail.content


def test_sync_now_of_an_expired_account_is_a_409(db, ambassador, ambassador_account):
    ConnectionFactory(account=ambassador_account)
    ambassador_account.connection_state = ConnectionState.EXPIRED
    ambassador_account.save()

    response = Client().post(
        f"/api/v1/accounts/{ambassador_account.pk}/sync", headers=_headers(ambassador)
    )

    assert response.status_code == 409
    assert response.json()["code"] == "needs_reconnect"


def test_sync_now_of_someone_elses_account_is_a_404(db, personas, ambassador_account):
    response = Client().post(
        f"/api/v1/accounts/{ambassador_account.pk}/sync",
        headers=_headers(personas["other_ambassador"]),
    )

    assert response.status_code == 404
    assert SyncRun.objects.count() == 0


def test_sync_runs_list_is_scoped(db, personas, ambassador_account):
    ConnectionFactory(account=ambassador_account)
    Client().post(
        f"/api/v1/accounts/{ambassador_account.pk}/sync", headers=_headers(personas["ambassador"])
    )

    mine = Client().get("/api/v1/sync-runs", headers=_headers(personas["ambassador"])).json()
    theirs = Client().get("/api/v1/sync-runs", headers=_headers(personas["other_ambassador"]))
    admins = Client().get("/api/v1/sync-runs", headers=_headers(personas["admin"])).json()

    assert (mine["count"], theirs.json()["count"], admins["count"]) == (1, 0, 1)
