"""The audit's arithmetic on hand-built series (pure: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from whitecoat.governance.audit import (
    NO_DATA,
    ZERO_BASE,
    AccountInput,
    AuditError,
    Change,
    Day,
    OverlapMember,
    Period,
    PeriodFigures,
    audit_compute,
    change_words,
    default_periods,
    dormancy,
    engagement_rate,
    figures_from_series,
    growth_change,
    overlaps,
    period_growth,
    period_make,
    posts_per_week,
    sort_rows,
)

FIRST = Period(dt.date(2024, 7, 1), dt.date(2025, 6, 30))
SECOND = Period(dt.date(2025, 7, 1), dt.date(2026, 6, 30))


def daily(start: dt.date, end: dt.date, followers, posts=None, engagements=None) -> list[Day]:
    """One Day per date; `followers(i)` etc. give the day's figures (None: missing)."""
    days = []
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        days.append(
            Day(
                day,
                followers=followers(i),
                posts_published=posts(i) if posts else None,
                engagements=engagements(i) if engagements else None,
            )
        )
    return days


def account(entry_id: int = 1, **kwargs) -> AccountInput:
    values = dict(
        entry_id=entry_id,
        label=f"X @unit{entry_id}",
        unit_key="d1",
        unit_name="Cardiology",
        platform="x",
        platform_label="X",
        status="active",
        status_label="Active",
        created_on=None,
        owner_id=10,
        owner_name="Olga Owner",
        owner_departed=False,
        backup_id=None,
        backup_name="",
        backup_departed=False,
        first=PeriodFigures(),
        second=PeriodFigures(),
        last_post=SECOND.end,
        tracked_since=dt.date(2020, 1, 1),
    )
    values.update(kwargs)
    return AccountInput(**values)


def figures(opening: int, closing: int, period: Period, **kwargs) -> PeriodFigures:
    return PeriodFigures(
        opening_date=period.opening,
        opening_followers=opening,
        closing_date=period.closing,
        closing_followers=closing,
        **kwargs,
    )


# -------------------------------------------------------------------------- periods


def test_default_periods_are_the_last_twelve_months_and_the_twelve_before():
    first, second = default_periods(dt.date(2026, 6, 30))

    assert (second.start, second.end) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert (first.start, first.end) == (dt.date(2024, 7, 1), dt.date(2025, 6, 30))
    assert (first.days, second.days) == (365, 365)


def test_default_periods_survive_a_leap_day():
    first, second = default_periods(dt.date(2028, 2, 29))

    assert second.start == dt.date(2027, 3, 1)
    assert first.end == dt.date(2027, 2, 28)


def test_period_make_refuses_an_end_before_its_start_or_in_the_future():
    today = dt.date(2026, 6, 30)
    with pytest.raises(AuditError, match="ends before"):
        period_make(dt.date(2026, 2, 1), dt.date(2026, 1, 1), today=today)
    with pytest.raises(AuditError, match="future"):
        period_make(dt.date(2026, 2, 1), dt.date(2026, 7, 1), today=today)


def test_period_opens_the_evening_before_its_first_day():
    assert FIRST.opening == dt.date(2024, 6, 30)
    assert FIRST.label == "1 Jul 2024 – 30 Jun 2025"


# ----------------------------------------------------------------- growth of growth


def test_growth_change_reads_like_the_seeds_52_percent_decrease():
    change = growth_change(1000, 480)

    assert change.ratio == pytest.approx(-0.52)
    assert change.words == "52 % decrease"


def test_growth_change_of_an_increase():
    assert growth_change(1000, 1120).words == "12 % increase"


def test_growth_change_divides_by_the_size_of_a_negative_first_growth():
    # Losing 50 instead of 100 is growth improving: a 50 % increase.
    change = growth_change(-100, -50)

    assert change.ratio == pytest.approx(0.5)
    assert change.words == "50 % increase"


def test_growth_change_without_data_is_no_data_never_zero():
    for first, second in [(None, 10), (10, None), (None, None)]:
        change = growth_change(first, second)
        assert change == Change(None, NO_DATA)
        assert change.words == "no data"


def test_growth_change_from_zero_growth_says_so():
    assert growth_change(0, 25) == Change(None, ZERO_BASE)
    assert growth_change(0, 25).words == "no growth in the first period"
    assert growth_change(0, 0).words == "no change"


def test_change_words_round_half_up_and_keep_tiny_changes_visible():
    assert change_words(Change(-0.525)) == "53 % decrease"
    assert change_words(Change(0.004)) == "less than 1 % increase"
    assert change_words(Change(12.5)) == "1,250 % increase"


# ------------------------------------------------------------------- period growth


def test_growth_reads_the_snapshots_nearest_inside_the_period_ends():
    # Days 0..9 of June have figures, the period runs 3–7 June: 2 June (opening) to 7 June.
    period = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 7))
    days = daily(dt.date(2026, 6, 1), dt.date(2026, 6, 10), lambda i: 100 + 10 * i)

    found = figures_from_series(days, period)

    assert (found.opening_date, found.opening_followers) == (dt.date(2026, 6, 2), 110)
    assert (found.closing_date, found.closing_followers) == (dt.date(2026, 6, 7), 160)
    assert period_growth(found, period, created_on=None).value == 50


def test_growth_skips_gaps_at_the_ends_to_the_nearest_day_inside():
    period = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 9))
    missing = {1, 2, 3, 8, 9}  # 2, 3, 4, 9 and 10 June have no follower count
    days = daily(
        dt.date(2026, 6, 1), dt.date(2026, 6, 10), lambda i: None if i in missing else 100 + i
    )

    found = figures_from_series(days, period)
    growth = period_growth(found, period, created_on=None)

    assert (found.opening_date, found.closing_date) == (dt.date(2026, 6, 5), dt.date(2026, 6, 8))
    assert growth.value == 107 - 104
    assert growth.note == "figures from 5 Jun 2026; until 8 Jun 2026"


def test_growth_with_a_single_day_of_figures_is_no_data():
    period = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 9))
    found = figures_from_series([Day(dt.date(2026, 6, 5), followers=300)], period)

    assert period_growth(found, period, created_on=None).value is None


def test_an_account_created_mid_period_counts_from_zero_on_its_creation_day():
    created = dt.date(2025, 12, 1)
    # Figures start a week after creation, with 70 followers; 400 at the end.
    found = figures_from_series(daily(dt.date(2025, 12, 8), SECOND.end, lambda i: 70 + i), SECOND)

    growth = period_growth(found, SECOND, created_on=created)

    assert growth.value == found.closing_followers == 70 + (SECOND.end - dt.date(2025, 12, 8)).days
    assert growth.note == "created 1 Dec 2025: counted from 0 followers that day"


def test_an_account_created_after_a_period_has_no_growth_in_it():
    growth = period_growth(PeriodFigures(), FIRST, created_on=dt.date(2025, 12, 1))

    assert growth.value is None
    assert growth.note == "created after this period"


def test_an_account_created_before_the_period_uses_its_snapshots():
    found = figures(500, 650, SECOND)

    assert period_growth(found, SECOND, created_on=dt.date(2019, 1, 1)).value == 150


# ------------------------------------------------------------ posting, engagement


def test_posts_per_week_over_the_days_with_posting_figures_only():
    # 14 days with figures (2 posts a day on even days), then a 16-day gap without.
    period = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    days = daily(
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 14),
        lambda i: 1000,
        posts=lambda i: 2 if i % 2 == 0 else 0,
    )

    found = figures_from_series(days, period)

    assert (found.posts, found.posting_days) == (14, 14)
    assert posts_per_week(found, period, created_on=None) == pytest.approx(7.0)


def test_posts_per_week_falls_back_to_stored_posts_since_creation():
    period = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 28))
    found = figures_from_series(
        [],
        period,
        post_dates=[dt.date(2026, 6, d) for d in (15, 16, 20, 27)] + [dt.date(2026, 5, 31)],
    )

    assert found.post_rows == 4
    # Created on 15 June: 14 days, 4 posts → 2 a week.
    assert posts_per_week(found, period, created_on=dt.date(2026, 6, 15)) == pytest.approx(2.0)
    assert posts_per_week(PeriodFigures(), period, created_on=None) is None


def test_engagement_rate_is_engagements_per_post_as_a_share_of_followers():
    found = PeriodFigures(
        closing_followers=2000, closing_date=SECOND.end, engagements=600, posts=30
    )

    assert engagement_rate(found) == pytest.approx(1.0)  # 20 per post, 1 % of 2,000
    assert engagement_rate(PeriodFigures(closing_followers=2000, engagements=600, posts=0)) is None
    assert engagement_rate(PeriodFigures(closing_followers=2000, posts=3)) is None


# --------------------------------------------------------------------------- dormancy


def test_dormancy_edges_at_exactly_n_days():
    as_of = dt.date(2026, 6, 30)
    tracked = dt.date(2020, 1, 1)

    at_n = dormancy(
        last_post=as_of - dt.timedelta(days=90), as_of=as_of, days=90, tracked_since=tracked
    )
    before_n = dormancy(
        last_post=as_of - dt.timedelta(days=89), as_of=as_of, days=90, tracked_since=tracked
    )

    assert at_n is True
    assert before_n is False


def test_dormancy_without_posts_depends_on_how_long_posting_was_tracked():
    as_of = dt.date(2026, 6, 30)

    assert dormancy(last_post=None, as_of=as_of, days=90, tracked_since=dt.date(2026, 4, 1)) is True
    assert dormancy(last_post=None, as_of=as_of, days=90, tracked_since=dt.date(2026, 4, 2)) is None
    assert dormancy(last_post=None, as_of=as_of, days=90, tracked_since=None) is None


# ---------------------------------------------------------------------------- overlap


def test_small_accounts_of_one_unit_on_one_platform_merge_into_its_largest():
    members = [
        OverlapMember(1, "d1", "x", 12_000),
        OverlapMember(2, "d1", "x", 400),
        OverlapMember(3, "d1", "x", 150),
        OverlapMember(4, "d1", "instagram", 300),  # alone on its platform
        OverlapMember(5, "d2", "x", 90),  # another unit
    ]

    found = overlaps(members, small=1000)

    assert set(found) == {2, 3}
    assert found[2].into == found[3].into == 1
    assert (found[2].accounts, found[2].small) == (3, 2)


def test_overlap_of_only_small_accounts_keeps_the_largest():
    members = [OverlapMember(1, "d1", "x", 300), OverlapMember(2, "d1", "x", 800)]

    assert {k: v.into for k, v in overlaps(members, small=1000).items()} == {1: 2}


def test_overlap_ignores_archived_and_unknown_sizes():
    members = [
        OverlapMember(1, "d1", "x", 5000),
        OverlapMember(2, "d1", "x", None),
        OverlapMember(3, "d1", "x", 200, archived=True),
    ]

    assert overlaps(members, small=1000) == {}


# ------------------------------------------------------------------ the whole audit


def test_audit_totals_compare_only_accounts_with_both_growths():
    accounts = [
        account(1, first=figures(1000, 1600, FIRST), second=figures(1600, 1888, SECOND)),
        account(2, first=figures(200, 600, FIRST), second=figures(600, 792, SECOND)),
        # Created during the second period: its growth does not enter the comparison.
        account(
            3,
            created_on=dt.date(2025, 9, 1),
            second=PeriodFigures(
                opening_date=dt.date(2025, 9, 8),
                opening_followers=10,
                closing_date=SECOND.end,
                closing_followers=5000,
            ),
        ),
    ]

    audit = audit_compute(accounts, first=FIRST, second=SECOND)

    assert (audit.totals.comparable, audit.totals.growth1, audit.totals.growth2) == (2, 1000, 480)
    assert audit.totals.change.words == "52 % decrease"
    assert audit.rows[2].growth2.value == 5000
    assert audit.rows[2].change.words == "no data"


def test_audit_recommends_archive_for_dormant_accounts_first():
    dormant = account(1, last_post=SECOND.end - dt.timedelta(days=200), owner_id=None)

    rec = audit_compute([dormant], first=FIRST, second=SECOND).rows[0].recommendation

    assert rec.kind == "archive"
    assert rec.reason.startswith("No post in 200 days (the last on 12 Dec 2025)")


def test_audit_recommends_merging_a_small_overlapping_account():
    big = account(1, second=figures(9000, 9500, SECOND))
    small = account(2, second=figures(300, 320, SECOND))

    rows = audit_compute([big, small], first=FIRST, second=SECOND).rows

    assert rows[0].recommendation.kind == "keep"
    assert (rows[1].recommendation.kind, rows[1].recommendation.merge_into) == ("merge", 1)
    assert "X @unit1 is the largest" in rows[1].recommendation.reason


def test_audit_recommends_handing_over_to_the_backup_when_the_owner_left():
    left = account(1, owner_departed=True, backup_id=11, backup_name="Bea Backup")
    orphan = account(2, owner_id=None, owner_name="", platform="linkedin")

    rows = audit_compute([left, orphan], first=FIRST, second=SECOND).rows

    assert (rows[0].recommendation.kind, rows[0].recommendation.hand_over_to) == ("hand_over", 11)
    assert rows[0].owner_problem == "owner has left"
    assert (rows[1].recommendation.kind, rows[1].recommendation.hand_over_to) == ("hand_over", None)
    assert audit_compute([left, orphan], first=FIRST, second=SECOND).totals.without_owner == 1


def test_audit_gives_archived_accounts_no_recommendation():
    archived = account(1, status="archived", last_post=None, tracked_since=None)

    assert audit_compute([archived], first=FIRST, second=SECOND).rows[0].recommendation is None


def test_audit_refuses_nonsense_settings():
    with pytest.raises(AuditError):
        audit_compute([], first=FIRST, second=SECOND, dormancy_days=0)
    with pytest.raises(AuditError):
        audit_compute([], first=FIRST, second=SECOND, small=0)


def test_sort_by_change_puts_the_steepest_fall_first_and_no_data_last():
    accounts = [
        account(1, first=figures(0, 100, FIRST), second=figures(100, 150, SECOND)),  # -50 %
        account(2, first=figures(0, 100, FIRST), second=figures(100, 110, SECOND)),  # -90 %
        account(3),  # no data
    ]
    rows = audit_compute(accounts, first=FIRST, second=SECOND).rows

    assert [r.account.entry_id for r in sort_rows(rows, "change")] == [2, 1, 3]
