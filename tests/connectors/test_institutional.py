"""The admins' page for connecting the institution's own accounts, and the links to it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.connectors.conftest import fixture
from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
from tests.factories import SocialAccountFactory
from whitecoat.connectors.models import SyncItem
from whitecoat.metrics.enums import AccountUse, ConnectionState

PAGE = reverse("connectors:institutional")
LINK = "Connect an institutional account"


def _unit_account(unit, handle, platform="x", **kw):
    kw.setdefault("connection_state", ConnectionState.NOT_CONNECTED)
    kw.setdefault("connected_at", None)
    return SocialAccountFactory(
        ambassador=None, unit_department=unit, platform=platform, handle=handle, **kw
    )


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
def test_institutional_page_is_for_admins_only(client, personas, persona, status):
    client.force_login(personas[persona])

    assert client.get(PAGE).status_code == status


def test_institutional_page_anonymous_is_sent_to_log_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_institutional_page_lists_unit_accounts_with_their_action(
    client, admin, cardiology, ambassador_account
):
    new = _unit_account(cardiology, "@cardio_news")
    broken = _unit_account(
        cardiology,
        "@cardio_ig",
        platform="instagram",
        connection_state=ConnectionState.REVOKED,
        connected_at="2026-01-01T00:00Z",
    )
    live = _unit_account(
        cardiology,
        "@cardio.bsky.social",
        platform="bluesky",
        connection_state=ConnectionState.CONNECTED,
        connected_at="2026-01-01T00:00Z",
    )
    ConnectionFactory(account=live, auth="public", access_token="", refresh_token="")
    _unit_account(cardiology, "@cardio_private_fan", use=AccountUse.PERSONAL)
    client.force_login(admin)

    html = client.get(PAGE).content.decode()

    assert "@dr_amy" not in html  # an ambassador's account is connected from their page
    assert "@cardio_private_fan" not in html
    connect = reverse("connectors:connect", args=[new.pk])
    assert f'href="{connect}">Connect<span class="visually-hidden"> @cardio_news' in html
    reconnect = reverse("connectors:connect", args=[broken.pk])
    assert f'href="{reconnect}">Reconnect<span class="visually-hidden"> @cardio_ig' in html
    assert reverse("connectors:sync-account", args=[live.pk]) in html
    assert "Cardiology (Demo Health System)" in html


def test_institutional_page_filters_by_platform_state_and_handle(client, admin, cardiology):
    _unit_account(cardiology, "@cardio_news")
    _unit_account(
        cardiology,
        "@cardio_ig",
        platform="instagram",
        connection_state=ConnectionState.EXPIRED,
        connected_at="2026-01-01T00:00Z",
    )
    client.force_login(admin)

    by_platform = client.get(PAGE, {"platform": "instagram"}).content.decode()
    by_state = client.get(PAGE, {"connection_state": "not_connected"}).content.decode()
    by_handle = client.get(PAGE, {"q": "NEWS"}).content.decode()

    assert "@cardio_ig" in by_platform and "@cardio_news" not in by_platform
    assert "@cardio_news" in by_state and "@cardio_ig" not in by_state
    assert "@cardio_news" in by_handle and "@cardio_ig" not in by_handle


@pytest.mark.parametrize("count", [1, 3])
def test_institutional_page_queries_do_not_grow(
    client, admin, cardiology, django_assert_num_queries, count
):
    for index in range(count):
        account = _unit_account(
            cardiology,
            f"@unit{index}",
            connection_state=ConnectionState.CONNECTED,
            connected_at="2026-01-01T00:00Z",
        )
        ConnectionFactory(account=account)
    client.force_login(admin)

    with django_assert_num_queries(6):
        client.get(PAGE)


def test_admin_connects_a_unit_bluesky_account_and_comes_back_here(
    client, admin, cardiology, httpserver
):
    account = _unit_account(cardiology, "@alice01936.test", platform="bluesky")
    httpserver.expect_request(
        "/xrpc/app.bsky.actor.getProfile", query_string={"actor": "alice01936.test"}
    ).respond_with_json(fixture("bluesky/profile__ok.json"))
    PlatformAppFactory(
        organization=cardiology.entity,
        platform="bluesky",
        client_id="",
        api_base_url=httpserver.url_for("/").rstrip("/"),
    )
    client.force_login(admin)
    connect_page = client.get(reverse("connectors:connect", args=[account.pk])).content.decode()
    assert f'href="{PAGE}">Back</a>' in connect_page

    response = client.post(
        reverse("connectors:connect", args=[account.pk]), {"handle": "@alice01936.test"}
    )

    assert response["Location"] == PAGE
    account.refresh_from_db()
    assert account.connection_state == ConnectionState.CONNECTED
    assert SyncItem.objects.get(account=account).run.requested_by == admin


def test_account_list_links_admins_to_the_institutional_connect_page(
    client, admin, chair_cardiology
):
    client.force_login(admin)
    admin_html = client.get(reverse("account-list")).content.decode()
    client.force_login(chair_cardiology)
    chair_html = client.get(reverse("account-list")).content.decode()

    assert f'<a href="{PAGE}">{LINK}</a>' in admin_html
    assert LINK not in chair_html


def test_connections_page_links_to_the_institutional_page(client, admin):
    client.force_login(admin)

    assert f'<a href="{PAGE}">{LINK}</a>' in client.get(reverse("connectors:index")).text
