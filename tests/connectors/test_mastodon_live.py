"""Mastodon against mastodon-mock (a third-party Mastodon API server from PyPI) on
loopback: statuses posted and favourited, boosted and replied to through Mastodon.py,
read back by our connector — pagination through the Link header, the counts stored."""

from __future__ import annotations

import pytest

from tests.factories import SocialAccountFactory
from whitecoat.connectors.enums import SyncKind
from whitecoat.connectors.services import connection_connect_public
from whitecoat.connectors.sync import sync_run_create, sync_run_work
from whitecoat.metrics.enums import ConnectionState
from whitecoat.metrics.models import MetricSnapshot, Post

FILLERS = 44  # with the main post, 45 statuses: two pages of 40

pytestmark = pytest.mark.live


@pytest.fixture
def mastodon_server():
    from mastodon_mock.testing import MockServer

    with MockServer() as server:
        yield server


def test_mastodon_sync_against_mastodon_mock(mastodon_server, ambassador_record, settings):
    from mastodon import Mastodon

    settings.SYNC_FETCH_CONCURRENCY = 2
    alice = Mastodon(access_token="alice_token", api_base_url=mastodon_server.base_url)
    bob = Mastodon(access_token="bob_token", api_base_url=mastodon_server.base_url)
    main = alice.status_post("Our new asthma guide https://example.org/asthma #health")
    for n in range(FILLERS):
        alice.status_post(f"Clinic note {n}")
    bob.status_favourite(main["id"])
    bob.status_reblog(main["id"])
    bob.status_post("@alice thank you!", in_reply_to_id=main["id"])
    bob.account_follow(alice.me()["id"])
    account = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="mastodon",
        handle="@alice@mock.local",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )

    connection_connect_public(
        user=ambassador_record.person.user,
        account=account,
        handle="@alice@mock.local",
        instance_url=mastodon_server.base_url,
    )
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)
    sync_run_work(run_id=run.pk, worker_id="live")

    run.refresh_from_db()
    assert (run.synced, run.failed) == (1, 0), list(run.items.values_list("reason", flat=True))
    # profile, then two pages of statuses (the second found through the Link header)
    assert run.requests == 3
    snapshot = MetricSnapshot.objects.get(account=account)
    assert (snapshot.followers, snapshot.following, snapshot.posts_count) == (1, 1, 45)
    assert Post.objects.filter(account=account).count() == 45
    stored = Post.objects.get(account=account, platform_post_id=str(main["id"]))
    assert (stored.likes, stored.reposts, stored.replies) == (1, 1, 1)
    # mastodon-mock has no quotes_count (like servers before 4.5): absent, not zero.
    assert (stored.quotes, stored.saves, stored.impressions) == (None, None, None)
    assert "https://example.org/asthma" in stored.links
    assert snapshot.engagements == 3
