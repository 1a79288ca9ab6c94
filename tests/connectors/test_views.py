"""The connection pages: permissions, connecting by handle and through OAuth, sync now,
progress, and that tokens and secrets never appear in a page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.connectors.conftest import fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from tests.factories import SocialAccountFactory
from whitecoat.connectors.enums import SyncKind
from whitecoat.connectors.models import Connection, PlatformApp, SyncItem, SyncRun
from whitecoat.connectors.sync import sync_run_create
from whitecoat.metrics.enums import AccountUse, ConnectionState

PAGE = reverse("connectors:index")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("leadership", 403),
        ("chair_cardiology", 403),
        ("ambassador", 403),
        ("outsider", 403),
    ],
)
def test_connections_page_is_for_admins_only(client, personas, persona, status):
    client.force_login(personas[persona])

    assert client.get(PAGE).status_code == status


def test_connections_page_anonymous_is_sent_to_log_in(client, db):
    assert client.get(PAGE).status_code == 302


def test_connections_page_says_which_platforms_lack_credentials(client, admin, health_system):
    PlatformAppFactory(organization=health_system, platform="x", client_secret="s3cr3t-value")
    client.force_login(admin)

    html = client.get(PAGE).content.decode()

    assert "TikTok accounts cannot be connected until the app" in html
    assert "Configured" in html
    assert "s3cr3t-value" not in html


def test_connections_page_saves_an_app_and_keeps_the_secret_hidden(client, admin, health_system):
    client.force_login(admin)

    response = client.post(
        reverse("connectors:app-save", args=["tiktok"]),
        {
            "organization": health_system.pk,
            "tiktok-client_id": "awabc123",
            "tiktok-client_secret": "very-secret",
            "tiktok-enabled": "on",
        },
    )

    assert response.status_code == 302
    app = PlatformApp.objects.get(platform="tiktok")
    assert (app.client_id, app.client_secret, app.organization) == (
        "awabc123",
        "very-secret",
        health_system,
    )
    assert "very-secret" not in client.get(PAGE).content.decode()


def test_connections_page_queries_do_not_grow_with_runs(
    client, admin, django_assert_max_num_queries
):
    client.force_login(admin)
    for _ in range(3):
        sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[])
    with django_assert_max_num_queries(14):
        client.get(PAGE)


@pytest.fixture
def bluesky_account(ambassador_record):
    return SocialAccountFactory(
        ambassador=ambassador_record,
        platform="bluesky",
        handle="@alice01936.test",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )


def test_ambassador_connects_bluesky_by_handle(client, ambassador, bluesky_account, httpserver):
    httpserver.expect_request(
        "/xrpc/app.bsky.actor.getProfile", query_string={"actor": "alice01936.test"}
    ).respond_with_json(fixture("bluesky/profile__ok.json"))
    PlatformAppFactory(
        organization=bluesky_account.ambassador.person.department.entity,
        platform="bluesky",
        client_id="",
        api_base_url=httpserver.url_for("/").rstrip("/"),
    )
    client.force_login(ambassador)

    response = client.post(
        reverse("connectors:connect", args=[bluesky_account.pk]), {"handle": "@alice01936.test"}
    )

    assert response.status_code == 302
    bluesky_account.refresh_from_db()
    assert bluesky_account.connection_state == ConnectionState.CONNECTED
    assert bluesky_account.connection.platform_user_id == "did:plc:gf4dgygmqrq3pc4fsvaniurn"
    # The first sync is queued for the workers.
    assert SyncItem.objects.get(account=bluesky_account).run.kind == SyncKind.ON_DEMAND


def test_another_ambassador_cannot_connect_the_account(client, personas, bluesky_account):
    client.force_login(personas["other_ambassador"])

    response = client.get(reverse("connectors:connect", args=[bluesky_account.pk]))

    assert response.status_code == 404


def test_personal_account_is_never_connected(client, ambassador, ambassador_record):
    account = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="bluesky",
        handle="@amy.personal",
        use=AccountUse.PERSONAL,
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    client.force_login(ambassador)

    response = client.post(reverse("connectors:connect", args=[account.pk]), {"handle": "x"})

    assert "Personal accounts stay personal" in response.content.decode()
    account.refresh_from_db()
    assert account.connection_state == ConnectionState.NOT_CONNECTED


def test_oauth_platform_without_app_says_so(client, ambassador, ambassador_record):
    account = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="tiktok",
        handle="@dr.amy",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    client.force_login(ambassador)

    html = client.get(reverse("connectors:connect", args=[account.pk])).content.decode()

    assert "TikTok is not set up yet." in html


@pytest.fixture
def x_setup(ambassador_record, httpserver):
    account = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="x",
        handle="@ada_example_md",
        connection_state=ConnectionState.EXPIRED,
    )
    PlatformAppFactory(
        organization=ambassador_record.person.department.entity,
        platform="x",
        client_id="x-client",
        client_secret="x-secret",
        api_base_url=httpserver.url_for("/").rstrip("/"),
        token_url=httpserver.url_for("/2/oauth2/token"),
    )
    return account


def test_oauth_reconnect_round_trip_with_pkce_and_state(client, ambassador, x_setup, httpserver):
    client.force_login(ambassador)

    start = client.post(reverse("connectors:connect", args=[x_setup.pk]))

    assert start.status_code == 302
    url = urlsplit(start["Location"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://x.com/i/oauth2/authorize"
    assert query["client_id"] == "x-client"
    assert query["code_challenge_method"] == "S256"
    assert query["scope"] == "tweet.read users.read offline.access"
    assert query["redirect_uri"] == "http://testserver/connections/callback/"
    verifier = client.session["whitecoat_oauth"]["verifier"]
    httpserver.expect_request(
        "/2/oauth2/token",
        method="POST",
        data=(
            f"grant_type=authorization_code&code=the-code&redirect_uri="
            f"http%3A%2F%2Ftestserver%2Fconnections%2Fcallback%2F&code_verifier={verifier}"
            "&client_id=x-client"
        ),
    ).respond_with_json(fixture("x/token__ok.json"))
    httpserver.expect_request("/2/users/me").respond_with_json(fixture("x/users_me__ok.json"))
    httpserver.expect_request("/2/users/1500000000000000001/tweets").respond_with_json(
        fixture("x/tweets__empty.json")
    )

    back = client.get(reverse("connectors:callback"), {"code": "the-code", "state": query["state"]})

    assert back.status_code == 302
    x_setup.refresh_from_db()
    assert x_setup.connection_state == ConnectionState.CONNECTED
    connection = Connection.objects.get(account=x_setup)
    assert (connection.access_token, connection.refresh_token) == ("x-access-2", "x-refresh-2")
    assert connection.platform_user_id == "1500000000000000001"
    page = client.get(reverse("ambassador-detail", args=[x_setup.ambassador_id])).content
    assert b"x-access-2" not in page and b"x-refresh-2" not in page


def test_oauth_callback_with_a_wrong_state_is_refused(client, ambassador, x_setup):
    client.force_login(ambassador)
    client.post(reverse("connectors:connect", args=[x_setup.pk]))

    response = client.get(reverse("connectors:callback"), {"code": "c", "state": "forged"})

    assert response.status_code == 403
    x_setup.refresh_from_db()
    assert x_setup.connection_state == ConnectionState.EXPIRED


def test_oauth_callback_without_a_started_attempt_is_refused(client, ambassador, x_setup):
    client.force_login(ambassador)

    response = client.get(reverse("connectors:callback"), {"code": "c", "state": "s"})

    assert response.status_code == 403


def test_ambassador_page_offers_reconnect_for_an_expired_account(client, ambassador, x_setup):
    client.force_login(ambassador)

    html = client.get(reverse("home")).content.decode()

    assert reverse("connectors:connect", args=[x_setup.pk]) in html
    assert "Reconnect" in html


def test_sync_now_queues_a_run_and_shows_progress(client, ambassador, ambassador_account):
    ConnectionFactory(account=ambassador_account)
    client.force_login(ambassador)

    response = client.post(reverse("connectors:sync-account", args=[ambassador_account.pk]))

    run = SyncRun.objects.get()
    assert response["Location"] == reverse("connectors:run", args=[run.pk])
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "0 of 1 accounts" in html
    assert "<html" not in html


def test_sync_now_twice_is_refused_while_queued(client, ambassador, ambassador_account):
    ConnectionFactory(account=ambassador_account)
    client.force_login(ambassador)
    client.post(reverse("connectors:sync-account", args=[ambassador_account.pk]))

    response = client.post(
        reverse("connectors:sync-account", args=[ambassador_account.pk]), follow=True
    )

    assert "already under way" in response.content.decode()
    assert SyncRun.objects.count() == 1


def test_run_page_of_someone_else_is_not_found(client, personas, ambassador_account):
    ConnectionFactory(account=ambassador_account)
    client.force_login(personas["ambassador"])
    client.post(reverse("connectors:sync-account", args=[ambassador_account.pk]))
    run = SyncRun.objects.get()
    client.force_login(personas["other_ambassador"])

    assert client.get(reverse("connectors:run", args=[run.pk])).status_code == 404
