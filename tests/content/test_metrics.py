"""Uses, shares and clicks feed the program dashboard's content metrics."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from whitecoat.content import services
from whitecoat.content.selectors import ambassador_content_numbers, content_program_metrics
from whitecoat.leaderboard.scoring import window_for
from whitecoat.leaderboard.selectors import program_dashboard

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


def _feed(item, admin, ambassador, ambassador_record, team_account, open_kit):
    services.item_transition(item=item, to_state="shortlisted", by=admin)
    services.item_transition(item=item, to_state="approved", by=admin)
    services.item_use_record(item=item, by=admin, account=team_account)
    services.kit_share_mark(kit=open_kit, ambassador=ambassador_record, by=ambassador, platform="x")
    token = open_kit.links.get(ambassador=ambassador_record).token
    for ip in ("203.0.113.1", "203.0.113.2"):
        services.kit_link_follow(token=token, ip=ip, user_agent=BROWSER)


def test_uses_shares_and_clicks_are_counted_in_the_window(
    item, consented, admin, ambassador, ambassador_record, team_account, open_kit
):
    _feed(item, admin, ambassador, ambassador_record, team_account, open_kit)
    today = timezone.localdate()

    metrics = content_program_metrics(first_day=today, last_day=today)
    before = content_program_metrics(first_day=None, last_day=today - dt.timedelta(days=1))

    assert [(m.key, m.value) for m in metrics] == [
        ("content_repurposed", 1),
        ("institutional_posts_shared", 1),
        ("link_clicks", 2),
    ]
    assert [m.value for m in before] == [0, 0, 0]
    numbers = ambassador_content_numbers(ambassador=ambassador_record)
    assert (numbers.repurposed, numbers.kits_shared, numbers.link_clicks) == (1, 1, 2)


def test_program_dashboard_shows_the_content_metrics(
    client, item, consented, admin, ambassador, ambassador_record, team_account, open_kit
):
    _feed(item, admin, ambassador, ambassador_record, team_account, open_kit)
    data = program_dashboard(user=admin, window=window_for("30d", today=timezone.localdate()))
    client.force_login(admin)

    response = client.get(reverse("program-dashboard"))

    content = {m.key: m.value for m in data.content}
    assert [content["content_repurposed"], content["institutional_posts_shared"]] == [1, 1]
    assert content["link_clicks"] == 2
    assert "Clicks on ambassadors&#x27; links" in response.text
    assert data.to_come == []
