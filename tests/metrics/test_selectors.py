from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from tests.factories import MetricSnapshotFactory, SocialAccountFactory
from whitecoat.metrics.models import SocialAccount
from whitecoat.metrics.selectors import account_list, account_numbers, program_totals

TODAY = dt.date(2026, 3, 31)


def test_account_numbers_measure_growth_over_the_window(admin, ambassador_account):
    MetricSnapshotFactory(account=ambassador_account, date=dt.date(2026, 2, 1), followers=900)
    MetricSnapshotFactory(account=ambassador_account, date=dt.date(2026, 3, 1), followers=1000)
    MetricSnapshotFactory(
        account=ambassador_account, date=dt.date(2026, 3, 31), followers=1100, engagements=7
    )

    [numbers] = account_numbers(accounts=account_list(user=admin), days=30, today=TODAY)

    assert numbers.followers == 1100
    assert numbers.follower_growth == 100
    # 1 March is the starting level; its own engagements fall before the window.
    assert numbers.engagements == 7
    assert numbers.followers_on == TODAY


def test_account_numbers_without_data_are_none_not_zero(admin, ambassador_account):
    [numbers] = account_numbers(accounts=account_list(user=admin), today=TODAY)

    assert numbers.followers is None
    assert numbers.follower_growth is None
    assert numbers.engagements is None
    assert numbers.video_views is None


def test_growth_is_none_when_the_window_starts_before_any_data(admin, ambassador_account):
    MetricSnapshotFactory(account=ambassador_account, date=dt.date(2026, 3, 20), followers=50)

    [numbers] = account_numbers(accounts=account_list(user=admin), days=30, today=TODAY)

    assert numbers.followers == 50
    assert numbers.follower_growth is None


def test_program_totals_count_reconnects_and_skip_personal_accounts(admin, ambassador_record):
    SocialAccountFactory(ambassador=ambassador_record, connection_state="expired")
    SocialAccountFactory(
        ambassador=ambassador_record, use="personal", connection_state="not_connected"
    )

    totals = program_totals(user=admin, today=TODAY)

    assert (totals.accounts, totals.connected, totals.needs_reconnect) == (1, 0, 1)
    assert totals.followers is None


def test_personal_account_of_an_ambassador_cannot_be_connected(ambassador_record):
    with pytest.raises(IntegrityError):
        SocialAccountFactory(ambassador=ambassador_record, use="personal")


def test_account_needs_exactly_one_owner(db):
    with pytest.raises(IntegrityError):
        SocialAccount.objects.create(platform="x", handle="@nobody")


def test_handles_are_unique_regardless_of_case(ambassador_record):
    SocialAccountFactory(ambassador=ambassador_record, platform="x", handle="@DrAmy")

    with pytest.raises(IntegrityError):
        SocialAccountFactory(ambassador=ambassador_record, platform="x", handle="@dramy")


def test_one_snapshot_per_account_and_day(ambassador_account):
    MetricSnapshotFactory(account=ambassador_account, date=TODAY)

    with pytest.raises(IntegrityError):
        MetricSnapshotFactory(account=ambassador_account, date=TODAY)
