"""Token flows against a loopback token endpoint, in the platforms' documented shapes.

- Instagram and Threads: the code is exchanged for a short-lived token, which is exchanged
  at once for a 60-day token (at the host's unversioned `/access_token`); a sync refreshes
  that token itself (`/refresh_access_token`) within a week of its expiry.
- TikTok and YouTube: refresh tokens. A token about to expire is refreshed before the
  sync reads anything, and the new tokens are stored encrypted; a refresh answered with
  `invalid_grant` marks the account "Revoked — reconnect" for its ambassador and the admin.
- X: the same, though X refuses a dead refresh token with `invalid_request` ("Value passed
  for the token was invalid."); its other `invalid_request` answers are plain failures.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection as db
from django.urls import reverse
from django.utils import timezone

from tests.connectors.conftest import fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from tests.factories import SocialAccountFactory
from whitecoat.connectors.enums import ItemState, SyncKind
from whitecoat.connectors.models import Connection, SyncItem
from whitecoat.connectors.sync import sync_run_create, sync_run_work
from whitecoat.metrics.enums import ConnectionState
from whitecoat.metrics.models import MetricSnapshot

CALLBACK = "http://testserver/connections/callback/"
SIXTY_DAYS = dt.timedelta(seconds=5183944)


@pytest.fixture(autouse=True)
def _small_sync(settings):
    settings.SYNC_FETCH_CONCURRENCY = 1
    settings.SYNC_CLAIM_BATCH = 2


def _app(account, httpserver, platform, *, version="", token_path):
    return PlatformAppFactory(
        organization=account.ambassador.person.department.entity,
        platform=platform,
        client_id=f"{platform}-client",
        client_secret=f"{platform}-secret",
        api_base_url=httpserver.url_for(version or "/").rstrip("/"),
        token_url=httpserver.url_for(token_path),
    )


def _account(ambassador_record, platform, handle, **kw):
    return SocialAccountFactory(
        ambassador=ambassador_record, platform=platform, handle=handle, **kw
    )


def _connected(
    ambassador_record, httpserver, platform, handle, *, token_path, expires_in, version="", **tokens
):
    """An account of `platform` with its app (token endpoint on the fake server) and a
    connection whose access token expires in `expires_in`."""
    account = _account(ambassador_record, platform, handle)
    _app(account, httpserver, platform, version=version, token_path=token_path)
    ConnectionFactory(account=account, expires_at=timezone.now() + expires_in, **tokens)
    return account


def _sign_in_round_trip(client, account):
    """Press Connect, then come back from the platform with a code: the callback's answer."""
    start = client.post(reverse("connectors:connect", args=[account.pk]))
    assert start.status_code == 302
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    return client.get(reverse("connectors:callback"), {"code": "the-code", "state": state})


def _stored(column: str) -> str:
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM connectors_connection")
        return cursor.fetchone()[0]


def _sync(account):
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)
    sync_run_work(run_id=run.pk, worker_id="w1", sleep=lambda s: None)
    return SyncItem.objects.get(run=run)


def _close_to(value, expected, *, within=dt.timedelta(minutes=1)):
    return abs(value - expected) < within


def _form(**fields: str) -> str:
    return urlencode(fields)


# ----------------------------------------------------------------------------- Instagram


def test_instagram_sign_in_keeps_the_long_lived_token_only(
    client, ambassador, ambassador_record, httpserver
):
    account = _account(
        ambassador_record,
        "instagram",
        "@nurse.jo.example",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    _app(account, httpserver, "instagram", version="/v24.0", token_path="/oauth/access_token")
    # 1. The code for a short-lived token (Instagram Login wraps it in a one-item list).
    httpserver.expect_ordered_request(
        "/oauth/access_token",
        method="POST",
        data=_form(
            grant_type="authorization_code",
            code="the-code",
            redirect_uri=CALLBACK,
            client_id="instagram-client",
            client_secret="instagram-secret",
        ),
    ).respond_with_json(
        {
            "data": [
                {
                    "access_token": "ig-short",
                    "user_id": "17841400000000001",
                    "permissions": "instagram_business_basic,instagram_business_manage_insights",
                }
            ]
        }
    )
    # 2. The short-lived token for a 60-day one, at the host's unversioned /access_token.
    httpserver.expect_ordered_request(
        "/access_token",
        method="GET",
        query_string={
            "grant_type": "ig_exchange_token",
            "client_secret": "instagram-secret",
            "access_token": "ig-short",
        },
    ).respond_with_json({"access_token": "ig-long", "token_type": "bearer", "expires_in": 5183944})
    # 3. The profile and media, with the long-lived token.
    bearer = {"Authorization": "Bearer ig-long"}
    httpserver.expect_ordered_request("/v24.0/me", headers=bearer).respond_with_json(
        fixture("instagram/me__ok.json")
    )
    httpserver.expect_ordered_request(
        "/v24.0/17841400000000001/media", headers=bearer
    ).respond_with_json(fixture("instagram/media__empty.json"))
    client.force_login(ambassador)

    back = _sign_in_round_trip(client, account)

    assert back.status_code == 302
    httpserver.check_assertions()
    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.refresh_token) == ("ig-long", "")
    assert _close_to(connection.expires_at, timezone.now() + SIXTY_DAYS)
    assert connection.scopes == "instagram_business_basic,instagram_business_manage_insights"
    assert connection.platform_user_id == "17841400000000001"
    stored = _stored("access_token")
    assert stored.startswith("gAAAA") and "ig-long" not in stored


def test_instagram_sign_in_accepts_the_unwrapped_token_answer_too(
    client, ambassador, ambassador_record, httpserver
):
    account = _account(ambassador_record, "instagram", "@nurse.jo.example")
    _app(account, httpserver, "instagram", token_path="/oauth/access_token")
    httpserver.expect_request("/oauth/access_token", method="POST").respond_with_json(
        {"access_token": "ig-short", "user_id": 17841400000000001, "permissions": "a,b"}
    )
    httpserver.expect_request("/access_token").respond_with_json(
        {"access_token": "ig-long", "token_type": "bearer", "expires_in": 5183944}
    )
    httpserver.expect_request("/me").respond_with_json(fixture("instagram/me__ok.json"))
    httpserver.expect_request("/17841400000000001/media").respond_with_json(
        fixture("instagram/media__empty.json")
    )
    client.force_login(ambassador)

    _sign_in_round_trip(client, account)

    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.scopes) == ("ig-long", "a,b")


def _instagram_connected(ambassador_record, httpserver, *, expires_in: dt.timedelta):
    return _connected(
        ambassador_record,
        httpserver,
        "instagram",
        "@nurse.jo.example",
        version="/v24.0",
        token_path="/oauth/access_token",
        access_token="ig-long",
        refresh_token="",
        platform_user_id="17841400000000001",
        expires_in=expires_in,
    )


def _instagram_reads(httpserver, token):
    bearer = {"Authorization": f"Bearer {token}"}
    httpserver.expect_request("/v24.0/me", headers=bearer).respond_with_json(
        fixture("instagram/me__ok.json")
    )
    httpserver.expect_request("/v24.0/17841400000000001/media", headers=bearer).respond_with_json(
        fixture("instagram/media__empty.json")
    )


def test_instagram_sync_refreshes_the_token_within_a_week_of_expiry(ambassador_record, httpserver):
    account = _instagram_connected(ambassador_record, httpserver, expires_in=dt.timedelta(days=3))
    httpserver.expect_ordered_request(
        "/refresh_access_token",
        method="GET",
        query_string={"grant_type": "ig_refresh_token", "access_token": "ig-long"},
    ).respond_with_json(fixture("instagram/refresh__ok.json"))
    _instagram_reads(httpserver, "ig-long-2")

    item = _sync(account)

    assert (item.state, item.reason) == (ItemState.SYNCED, "")
    connection = Connection.objects.get(account=account)
    assert connection.access_token == "ig-long-2"
    assert _close_to(connection.expires_at, timezone.now() + SIXTY_DAYS)
    assert "ig-long-2" not in _stored("access_token")
    assert MetricSnapshot.objects.get(account=account).followers == 5120


def test_instagram_token_far_from_expiry_is_not_refreshed(ambassador_record, httpserver):
    account = _instagram_connected(ambassador_record, httpserver, expires_in=dt.timedelta(days=30))
    _instagram_reads(httpserver, "ig-long")

    item = _sync(account)

    assert item.state == ItemState.SYNCED
    assert [r.path for r, _ in httpserver.log] == [
        "/v24.0/me",
        "/v24.0/17841400000000001/media",
    ]
    assert Connection.objects.get(account=account).access_token == "ig-long"


def test_instagram_refresh_of_an_expired_token_asks_for_a_new_sign_in(
    client, ambassador, ambassador_record, httpserver
):
    account = _instagram_connected(ambassador_record, httpserver, expires_in=-dt.timedelta(hours=1))
    httpserver.expect_request("/refresh_access_token").respond_with_json(
        fixture("instagram/error__expired.json"), status=400
    )

    item = _sync(account)

    account.refresh_from_db()
    assert item.state == ItemState.FAILED
    assert item.reason.startswith("token expired: Error validating access token")
    assert account.connection_state == ConnectionState.EXPIRED
    client.force_login(ambassador)
    assert "Expired — reconnect" in client.get(reverse("home")).content.decode()


# ------------------------------------------------------------------------------- Threads


def test_threads_sign_in_exchanges_for_a_long_lived_token(
    client, ambassador, ambassador_record, httpserver
):
    account = _account(
        ambassador_record,
        "threads",
        "@dr.ada",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    _app(account, httpserver, "threads", version="/v1.0", token_path="/oauth/access_token")
    httpserver.expect_ordered_request(
        "/oauth/access_token",
        method="POST",
        data=_form(
            grant_type="authorization_code",
            code="the-code",
            redirect_uri=CALLBACK,
            client_id="threads-client",
            client_secret="threads-secret",
        ),
    ).respond_with_json({"access_token": "th-short", "user_id": 17841400000000002})
    httpserver.expect_ordered_request(
        "/access_token",
        method="GET",
        query_string={
            "grant_type": "th_exchange_token",
            "client_secret": "threads-secret",
            "access_token": "th-short",
        },
    ).respond_with_json({"access_token": "th-long", "token_type": "bearer", "expires_in": 5183944})
    bearer = {"Authorization": "Bearer th-long"}
    httpserver.expect_ordered_request("/v1.0/me", headers=bearer).respond_with_json(
        fixture("threads/me__ok.json")
    )
    httpserver.expect_ordered_request(
        "/v1.0/17841400000000002/threads_insights", headers=bearer
    ).respond_with_json(fixture("threads/user_insights__ok.json"))
    httpserver.expect_ordered_request(
        "/v1.0/17841400000000002/threads", headers=bearer
    ).respond_with_json(fixture("threads/threads__empty.json"))
    client.force_login(ambassador)

    _sign_in_round_trip(client, account)

    httpserver.check_assertions()
    account.refresh_from_db()
    assert account.connection_state == ConnectionState.CONNECTED
    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.refresh_token) == ("th-long", "")
    assert connection.platform_user_id == "17841400000000002"
    assert _close_to(connection.expires_at, timezone.now() + SIXTY_DAYS)


def test_threads_sync_refreshes_the_token_within_a_week_of_expiry(ambassador_record, httpserver):
    account = _account(ambassador_record, "threads", "@dr.ada")
    _app(account, httpserver, "threads", version="/v1.0", token_path="/oauth/access_token")
    ConnectionFactory(
        account=account,
        access_token="th-long",
        refresh_token="",
        platform_user_id="17841400000000002",
        expires_at=timezone.now() + dt.timedelta(days=6),
    )
    httpserver.expect_ordered_request(
        "/refresh_access_token",
        query_string={"grant_type": "th_refresh_token", "access_token": "th-long"},
    ).respond_with_json(
        {"access_token": "th-long-2", "token_type": "bearer", "expires_in": 5183944}
    )
    bearer = {"Authorization": "Bearer th-long-2"}
    httpserver.expect_ordered_request("/v1.0/me", headers=bearer).respond_with_json(
        fixture("threads/me__ok.json")
    )
    httpserver.expect_ordered_request(
        "/v1.0/17841400000000002/threads_insights", headers=bearer
    ).respond_with_json(fixture("threads/user_insights__ok.json"))
    httpserver.expect_ordered_request(
        "/v1.0/17841400000000002/threads", headers=bearer
    ).respond_with_json(fixture("threads/threads__empty.json"))

    item = _sync(account)

    httpserver.check_assertions()
    assert item.state == ItemState.SYNCED
    connection = Connection.objects.get(account=account)
    assert connection.access_token == "th-long-2"
    assert _close_to(connection.expires_at, timezone.now() + SIXTY_DAYS)
    assert MetricSnapshot.objects.get(account=account).followers == 932


# -------------------------------------------------------------------------------- TikTok


def test_tiktok_sign_in_stores_the_open_id_and_both_tokens(
    client, ambassador, ambassador_record, httpserver
):
    account = _account(
        ambassador_record,
        "tiktok",
        "@dr.amy",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    _app(account, httpserver, "tiktok", token_path="/v2/oauth/token/")
    httpserver.expect_ordered_request(
        "/v2/oauth/token/",
        method="POST",
        data=_form(
            grant_type="authorization_code",
            code="the-code",
            redirect_uri=CALLBACK,
            client_key="tiktok-client",
            client_secret="tiktok-secret",
        ),
    ).respond_with_json(fixture("tiktok/token__ok.json"))
    httpserver.expect_ordered_request(
        "/v2/user/info/", headers={"Authorization": "Bearer act.tiktok2"}
    ).respond_with_json(fixture("tiktok/user_info__ok.json"))
    httpserver.expect_ordered_request("/v2/video/list/", method="POST").respond_with_json(
        fixture("tiktok/video_list__empty.json")
    )
    client.force_login(ambassador)

    _sign_in_round_trip(client, account)

    httpserver.check_assertions()
    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.refresh_token) == ("act.tiktok2", "rft.tiktok2")
    assert (
        connection.platform_user_id
        == fixture("tiktok/user_info__ok.json")["data"]["user"]["open_id"]
    )
    assert _close_to(connection.expires_at, timezone.now() + dt.timedelta(hours=24))


def _tiktok_connected(ambassador_record, httpserver, *, expires_in: dt.timedelta):
    return _connected(
        ambassador_record,
        httpserver,
        "tiktok",
        "@dr.amy",
        token_path="/v2/oauth/token/",
        access_token="act.old",
        refresh_token="rft.old",
        expires_in=expires_in,
    )


def test_tiktok_token_near_expiry_is_refreshed_before_the_sync(ambassador_record, httpserver):
    account = _tiktok_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    httpserver.expect_ordered_request(
        "/v2/oauth/token/",
        method="POST",
        data=_form(
            grant_type="refresh_token",
            refresh_token="rft.old",
            client_key="tiktok-client",
            client_secret="tiktok-secret",
        ),
    ).respond_with_json(fixture("tiktok/token__ok.json"))
    httpserver.expect_ordered_request(
        "/v2/user/info/", headers={"Authorization": "Bearer act.tiktok2"}
    ).respond_with_json(fixture("tiktok/user_info__ok.json"))
    httpserver.expect_ordered_request(
        "/v2/video/list/", method="POST", headers={"Authorization": "Bearer act.tiktok2"}
    ).respond_with_json(fixture("tiktok/video_list__empty.json"))

    item = _sync(account)

    httpserver.check_assertions()
    assert item.state == ItemState.SYNCED
    connection = Connection.objects.get(account=account)
    # TikTok rotates refresh tokens: the new one replaces the old.
    assert (connection.access_token, connection.refresh_token) == ("act.tiktok2", "rft.tiktok2")
    assert _close_to(connection.expires_at, timezone.now() + dt.timedelta(hours=24))
    for column, plain in (("access_token", "act.tiktok2"), ("refresh_token", "rft.tiktok2")):
        stored = _stored(column)
        assert stored.startswith("gAAAA") and plain not in stored


def test_tiktok_token_far_from_expiry_is_used_as_it_is(ambassador_record, httpserver):
    account = _tiktok_connected(ambassador_record, httpserver, expires_in=dt.timedelta(hours=20))
    httpserver.expect_request(
        "/v2/user/info/", headers={"Authorization": "Bearer act.old"}
    ).respond_with_json(fixture("tiktok/user_info__ok.json"))
    httpserver.expect_request("/v2/video/list/", method="POST").respond_with_json(
        fixture("tiktok/video_list__empty.json")
    )

    assert _sync(account).state == ItemState.SYNCED

    assert "/v2/oauth/token/" not in [r.path for r, _ in httpserver.log]
    assert Connection.objects.get(account=account).refresh_token == "rft.old"


# ------------------------------------------------------------------------------- YouTube


def test_youtube_sign_in_asks_for_offline_access_with_pkce(
    client, ambassador, ambassador_record, httpserver
):
    account = _account(
        ambassador_record,
        "youtube",
        "@drada",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    _app(account, httpserver, "youtube", token_path="/token")
    client.force_login(ambassador)

    start = client.post(reverse("connectors:connect", args=[account.pk]))

    query = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    assert (query["access_type"], query["prompt"], query["code_challenge_method"]) == (
        "offline",
        "consent",
        "S256",
    )
    verifier = client.session["whitecoat_oauth"]["verifier"]
    httpserver.expect_ordered_request(
        "/token",
        method="POST",
        data=_form(
            grant_type="authorization_code",
            code="the-code",
            redirect_uri=CALLBACK,
            code_verifier=verifier,
            client_id="youtube-client",
            client_secret="youtube-secret",
        ),
    ).respond_with_json(
        {
            "access_token": "yt-access",
            "expires_in": 3599,
            "refresh_token": "yt-refresh",
            "scope": "https://www.googleapis.com/auth/youtube.readonly",
            "token_type": "Bearer",
        }
    )
    httpserver.expect_ordered_request("/youtube/v3/channels").respond_with_json(
        fixture("youtube/channels__ok.json")
    )
    httpserver.expect_ordered_request("/youtube/v3/playlistItems").respond_with_json(
        fixture("youtube/playlist_items__empty.json")
    )

    client.get(reverse("connectors:callback"), {"code": "the-code", "state": query["state"]})

    httpserver.check_assertions()
    connection = Connection.objects.get(account=account)
    assert (connection.access_token, connection.refresh_token) == ("yt-access", "yt-refresh")
    assert connection.platform_user_id == "UCexampleexampleexample1"


def _youtube_connected(ambassador_record, httpserver, *, expires_in: dt.timedelta):
    return _connected(
        ambassador_record,
        httpserver,
        "youtube",
        "@drada",
        token_path="/token",
        access_token="yt-access",
        refresh_token="yt-refresh",
        platform_user_id="UCexampleexampleexample1",
        expires_in=expires_in,
    )


def test_youtube_token_near_expiry_is_refreshed_and_the_refresh_token_kept(
    ambassador_record, httpserver
):
    account = _youtube_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=1))
    httpserver.expect_ordered_request(
        "/token",
        method="POST",
        data=_form(
            grant_type="refresh_token",
            refresh_token="yt-refresh",
            client_id="youtube-client",
            client_secret="youtube-secret",
        ),
    ).respond_with_json(
        {
            "access_token": "yt-access-2",
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/youtube.readonly",
            "token_type": "Bearer",
        }
    )
    bearer = {"Authorization": "Bearer yt-access-2"}
    httpserver.expect_ordered_request("/youtube/v3/channels", headers=bearer).respond_with_json(
        fixture("youtube/channels__ok.json")
    )
    httpserver.expect_ordered_request(
        "/youtube/v3/playlistItems", headers=bearer
    ).respond_with_json(fixture("youtube/playlist_items__empty.json"))

    item = _sync(account)

    httpserver.check_assertions()
    assert item.state == ItemState.SYNCED
    connection = Connection.objects.get(account=account)
    # Google does not rotate refresh tokens: the one we had stays.
    assert (connection.access_token, connection.refresh_token) == ("yt-access-2", "yt-refresh")
    assert _close_to(connection.expires_at, timezone.now() + dt.timedelta(seconds=3599))
    assert "yt-access-2" not in _stored("access_token")
    assert MetricSnapshot.objects.get(account=account).followers == 2310


# ------------------------------------------------ invalid_grant: reconnect, shown to both


INVALID_GRANT = {
    "tiktok": (
        _tiktok_connected,
        "/v2/oauth/token/",
        {
            "error": "invalid_grant",
            "error_description": "Refresh token is invalid or expired.",
            "log_id": "20261121000000000000000000000009",
        },
    ),
    "youtube": (_youtube_connected, "/token", fixture("youtube/token__revoked.json")),
}


@pytest.mark.parametrize("status", [400, 401])
@pytest.mark.parametrize("platform", ["tiktok", "youtube"])
def test_refresh_refused_with_invalid_grant_marks_the_account_to_reconnect(
    client, personas, ambassador_record, httpserver, platform, status
):
    connected, token_path, body = INVALID_GRANT[platform]
    account = connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    MetricSnapshot.objects.create(
        account=account,
        date=dt.date(2026, 11, 1),
        followers=2000,
        source="api",
        collected_at=timezone.now(),
    )
    httpserver.expect_request(token_path, method="POST").respond_with_json(body, status=status)

    item = _sync(account)

    account.refresh_from_db()
    assert item.state == ItemState.FAILED
    assert item.reason == "access revoked: the platform refused the grant (invalid_grant)"
    assert account.connection_state == ConnectionState.REVOKED
    # Nothing but the token call was made, and what was collected before is still there.
    assert [r.path for r, _ in httpserver.log] == [token_path]
    assert list(MetricSnapshot.objects.filter(account=account).values_list("followers")) == [
        (2000,)
    ]
    connect = reverse("connectors:connect", args=[account.pk])
    # The ambassador sees it on their home page, with the one-click reconnect.
    client.force_login(personas["ambassador"])
    home = client.get(reverse("home")).content.decode()
    assert "Revoked — reconnect" in home and connect in home and "Reconnect" in home
    # The admin sees it on the ambassador's page, the home page and the Connections page.
    client.force_login(personas["admin"])
    page = client.get(reverse("ambassador-detail", args=[ambassador_record.pk])).content.decode()
    assert connect in page and "Reconnect" in page
    admin_home = client.get(reverse("home")).content.decode()
    assert 'Connections to repair <span class="count">(1)</span>' in admin_home
    connections = client.get(reverse("connectors:index")).content.decode()
    assert "<strong>0</strong> expired · <strong>1</strong> revoked" in connections


def test_tiktok_invalid_grant_in_an_http_200_is_a_revoked_grant_too(ambassador_record, httpserver):
    account = _tiktok_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    httpserver.expect_request("/v2/oauth/token/", method="POST").respond_with_json(
        INVALID_GRANT["tiktok"][2]
    )

    item = _sync(account)

    account.refresh_from_db()
    assert (item.state, account.connection_state) == (ItemState.FAILED, ConnectionState.REVOKED)


def test_refresh_with_a_wrong_client_secret_is_an_error_not_a_revoked_grant(
    ambassador_record, httpserver
):
    account = _youtube_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    httpserver.expect_request("/token", method="POST").respond_with_json(
        {"error": "invalid_client", "error_description": "The OAuth client was not found."},
        status=401,
    )

    item = _sync(account)

    account.refresh_from_db()
    # The app's credentials are the admin's to fix: the member need not sign in again.
    assert (item.state, account.connection_state) == (ItemState.FAILED, ConnectionState.CONNECTED)
    assert item.reason == "error in the platform's answer: token endpoint answered HTTP 401"


# ------------------------------------------------------------------------------------ X
# X answers a spent or revoked refresh token with HTTP 400 `invalid_request` (not
# invalid_grant) and "Value passed for the token was invalid."


def _x_connected(ambassador_record, httpserver, *, expires_in: dt.timedelta):
    return _connected(
        ambassador_record,
        httpserver,
        "x",
        "@dr_amy",
        token_path="/2/oauth2/token",
        access_token="x-access",
        refresh_token="x-refresh",
        expires_in=expires_in,
    )


def test_x_refresh_token_refused_as_invalid_marks_the_account_to_reconnect(
    ambassador_record, httpserver
):
    account = _x_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    httpserver.expect_request(
        "/2/oauth2/token",
        method="POST",
        data=_form(grant_type="refresh_token", refresh_token="x-refresh", client_id="x-client"),
    ).respond_with_json(
        {
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid.",
        },
        status=400,
    )

    item = _sync(account)

    account.refresh_from_db()
    assert (item.state, account.connection_state) == (ItemState.FAILED, ConnectionState.REVOKED)
    assert item.reason == (
        "access revoked: the platform refused the grant "
        "(invalid_request: Value passed for the token was invalid)"
    )
    assert [r.path for r, _ in httpserver.log] == ["/2/oauth2/token"]


def test_x_malformed_token_request_is_an_error_not_a_revoked_grant(ambassador_record, httpserver):
    account = _x_connected(ambassador_record, httpserver, expires_in=dt.timedelta(minutes=2))
    httpserver.expect_request("/2/oauth2/token", method="POST").respond_with_json(
        {
            "error": "invalid_request",
            "error_description": "Missing required parameter [refresh_token].",
        },
        status=400,
    )

    item = _sync(account)

    account.refresh_from_db()
    # Our request went wrong: the member need not sign in again.
    assert (item.state, account.connection_state) == (ItemState.FAILED, ConnectionState.CONNECTED)
    assert item.reason == "error in the platform's answer: token endpoint answered HTTP 400"
