"""The selectors against the database: the grouped query, stored and computed rankings."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import MetricSnapshotFactory, SocialAccountFactory
from tests.leaderboard.factories import TODAY, daily_series, linear, ranked_ambassador
from whitecoat.leaderboard.models import Ranking, ScoreSettings, Standing
from whitecoat.leaderboard.scoring import account_window_from_series, window_for
from whitecoat.leaderboard.selectors import (
    Filters,
    account_window_values,
    ambassador_charts,
    leaderboard_for_window,
    program_dashboard,
    ranking_compute,
)
from whitecoat.leaderboard.services import leaderboard_refresh
from whitecoat.metrics.enums import AccountUse, ConnectionState
from whitecoat.metrics.models import MetricSnapshot
from whitecoat.program.enums import AmbassadorStatus

D = dt.date
WINDOW = window_for("30d", today=TODAY)


def test_account_window_values_match_the_pure_reference_with_gaps(db, ambassador_account):
    daily_series(
        ambassador_account,
        followers=[1000 + 3 * i for i in range(60)],
        skip=[D(2026, 5, 31), D(2026, 6, 1), D(2026, 6, 30)],
    )
    days = list(
        MetricSnapshot.objects.values(
            "date",
            "followers",
            "engagements",
            "impressions",
            "video_views",
            "posts_published",
            "source",
        )
    )

    [got] = account_window_values(window=WINDOW).values()
    expected = account_window_from_series(
        ambassador_account.pk, days, opening=WINDOW.opening, closing=WINDOW.closing
    )

    assert got == expected
    # The ends moved inward over the gaps: 2 June and 29 June.
    assert (got.opening_date, got.closing_date) == (D(2026, 6, 2), D(2026, 6, 29))
    assert got.engagements == 10 * 28


def test_account_window_values_read_followers_only_from_days_that_have_them(db, ambassador_account):
    daily_series(ambassador_account, followers=[100] * 10 + [None] * 5 + [200] * 16)

    [got] = account_window_values(window=WINDOW).values()

    assert (got.opening_followers, got.closing_followers, got.growth) == (100, 200, 100)


def test_account_window_values_leave_accounts_without_data_out(db, ambassador_account):
    MetricSnapshotFactory(account=ambassador_account, date=D(2026, 4, 1), followers=50)

    assert account_window_values(window=WINDOW) == {}


def test_account_window_values_since_joining_open_on_each_joining_day(db, cohort, cardiology):
    early = ranked_ambassador(name="Early Bird", joined=D(2026, 6, 10), cohort=cohort)
    late = ranked_ambassador(name="Late Comer", joined=D(2026, 6, 25), cohort=cohort)
    for account in (early, late):
        daily_series(account, followers=linear(100, 130, 30))

    values = account_window_values(window=window_for("joined", today=TODAY))

    assert values[early.pk].opening_date == D(2026, 6, 10)
    assert values[late.pk].opening_date == D(2026, 6, 25)
    assert values[late.pk].engagements == 10 * 5  # the days after the joining day


def test_ranking_counts_only_current_ambassadors_professional_accounts(
    db, ambassador_record, ambassador_account, cohort
):
    personal = SocialAccountFactory(
        ambassador=ambassador_record,
        use=AccountUse.PERSONAL,
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    alumna = ranked_ambassador(name="Alma Alumna", cohort=cohort, status=AmbassadorStatus.ALUMNI)
    trainee = ranked_ambassador(name="Tim Trainee", cohort=cohort, status=AmbassadorStatus.TRAINING)
    unit = SocialAccountFactory(
        ambassador=None, unit_department=ambassador_record.person.department
    )
    for account in (ambassador_account, personal, alumna, trainee, unit):
        daily_series(account, followers=linear(100, 200, 31))

    rows = ranking_compute(window=WINDOW, grouping="account")

    assert [r.label for r in rows] == ["@dr_amy"]
    assert rows[0].followers == 200


def test_ranking_forgets_a_deleted_account(db, ambassador_account, cohort):
    other = ranked_ambassador(name="Gone Soon", cohort=cohort)
    daily_series(ambassador_account, followers=linear(100, 110, 31))
    daily_series(other, followers=linear(100, 500, 31))
    other.delete()

    rows = ranking_compute(window=WINDOW, grouping="ambassador")

    assert [(r.label, r.rank) for r in rows] == [("Amy Ambassador, MD", 1)]


def test_ranking_shows_no_data_rows_last(db, ambassador_account, cohort):
    quiet = ranked_ambassador(name="Quiet Quinn", cohort=cohort)
    daily_series(quiet, followers=linear(100, 101, 31))

    rows = ranking_compute(window=WINDOW, grouping="ambassador")

    assert [(r.label, r.rank, r.followers) for r in rows] == [
        ("Quiet Quinn", 1, 101),
        ("Amy Ambassador, MD", None, None),
    ]


@pytest.fixture
def program(db, cohort, cardiology, neurology):
    """Four ambassadors in two departments with a month and more of history."""
    accounts = {
        "small": ranked_ambassador(name="Sam Small", department=cardiology, cohort=cohort),
        "big": ranked_ambassador(name="Bea Big", department=cardiology, cohort=cohort),
        "mid": ranked_ambassador(name="Mo Mid", department=neurology, cohort=cohort),
        "new": ranked_ambassador(
            name="Nel New", department=neurology, cohort=cohort, platform="linkedin"
        ),
    }
    daily_series(accounts["small"], followers=linear(500, 700, 61))
    daily_series(accounts["big"], followers=linear(90_000, 90_900, 61))
    daily_series(accounts["mid"], followers=linear(4_000, 4_100, 61))
    daily_series(accounts["new"], followers=linear(50, 60, 10))
    return accounts


def test_leaderboard_stored_after_refresh_equals_the_computed_one(admin, program):
    computed = leaderboard_for_window(user=admin, window=WINDOW, page_size=10)

    summary = leaderboard_refresh(today=TODAY, windows=["30d"], history_months=2)
    stored = leaderboard_for_window(user=admin, window=WINDOW, page_size=10)

    def seen(board):
        return [
            (
                ln.key,
                ln.rank,
                ln.previous_rank,
                round(ln.score, 6),
                ln.followers,
                ln.follower_growth,
                list(ln.badges),
                list(ln.sparkline),
            )
            for ln in board.lines
        ]

    assert (computed.stored, stored.stored) == (False, True)
    assert seen(stored) == seen(computed)
    assert summary.rankings == 6 * 3  # six groupings, every platform and X and LinkedIn


def test_leaderboard_refresh_is_idempotent_and_keeps_monthly_history(admin, program):
    leaderboard_refresh(today=TODAY, windows=["30d"], history_months=2)
    first = Standing.objects.count()

    leaderboard_refresh(today=TODAY, windows=["30d"], history_months=2)

    assert Standing.objects.count() == first
    history = Ranking.objects.filter(window="30d", grouping="ambassador", platform="")
    assert sorted(history.values_list("as_of", flat=True)) == [D(2026, 5, 31), TODAY]


def test_leaderboard_refresh_drops_rankings_of_earlier_days(admin, program):
    leaderboard_refresh(today=TODAY - dt.timedelta(days=1), windows=["7d"], history_months=0)

    leaderboard_refresh(today=TODAY, windows=["7d"], history_months=0)

    assert set(Ranking.objects.values_list("as_of", flat=True)) == {TODAY}


def test_leaderboard_filters_choose_rows_but_ranks_stay_program_wide(admin, program, neurology):
    everyone = leaderboard_for_window(user=admin, window=WINDOW)
    ranks = {ln.label: ln.rank for ln in everyone.lines}

    board = leaderboard_for_window(
        user=admin, window=WINDOW, filters=Filters(department_id=neurology.pk)
    )

    assert sorted(ln.label for ln in board.lines) == ["Mo Mid", "Nel New"]
    assert {ln.label: ln.rank for ln in board.lines} == {
        "Mo Mid": ranks["Mo Mid"],
        "Nel New": ranks["Nel New"],
    }
    assert (board.count, board.total) == (2, 4)


def test_leaderboard_platform_chooses_which_accounts_count(admin, program):
    board = leaderboard_for_window(user=admin, window=WINDOW, platform="linkedin")

    assert [(ln.label, ln.rank) for ln in board.lines] == [("Nel New", 1)]


def test_leaderboard_sorts_by_a_column_with_missing_values_last(admin, program):
    board = leaderboard_for_window(user=admin, window=WINDOW, sort="-followers")

    assert [ln.label for ln in board.lines] == ["Bea Big", "Mo Mid", "Sam Small", "Nel New"]


def test_leaderboard_hides_others_figures_from_ambassadors_when_the_program_says_so(
    ambassador, ambassador_account, program
):
    ScoreSettings.objects.create(ambassadors_see_figures=False)
    daily_series(ambassador_account, followers=linear(10, 20, 31))

    board = leaderboard_for_window(user=ambassador, window=WINDOW)

    shown = {ln.label: ln.figures for ln in board.lines}
    assert shown["Amy Ambassador, MD"] is True
    assert shown["Bea Big"] is False


@pytest.mark.parametrize("count", [1, 3])
def test_stored_leaderboard_queries_do_not_grow_with_rows(
    admin, cohort, count, django_assert_num_queries
):
    for i in range(count):
        daily_series(ranked_ambassador(name=f"Person N{i}", cohort=cohort), followers=[1, 2, 3])
    leaderboard_refresh(today=TODAY, windows=["30d"], history_months=0)

    # settings, the user's roles, the ranking, the count, the page
    with django_assert_num_queries(5):
        board = leaderboard_for_window(user=admin, window=WINDOW)

    assert len(board.lines) == count


@pytest.mark.parametrize("count", [1, 3])
def test_computed_leaderboard_queries_do_not_grow_with_rows(
    admin, cohort, count, django_assert_num_queries
):
    for i in range(count):
        daily_series(ranked_ambassador(name=f"Person N{i}", cohort=cohort), followers=[1, 2, 3])

    # settings, roles, no stored ranking, accounts, values, previous values, sparklines
    with django_assert_num_queries(7):
        board = leaderboard_for_window(user=admin, window=WINDOW)

    assert len(board.lines) == count


def test_ambassador_charts_give_weekly_series_and_rank(admin, ambassador_record, program):
    account = SocialAccountFactory(ambassador=ambassador_record, platform="tiktok")
    daily_series(account, followers=linear(100, 400, 61), video_views=100)

    charts = ambassador_charts(user=admin, ambassador=ambassador_record, today=TODAY, days=28)

    assert charts.chart_data["labels"] == ["2026-06-09", "2026-06-16", "2026-06-23", "2026-06-30"]
    [followers] = charts.chart_data["followers"]
    assert followers["data"][-1] == 400
    assert charts.chart_data["video_views"][0]["data"] == [700, 700, 700, 700]
    assert (charts.rank, charts.ranked, charts.has_video) == (1, 5, True)


def test_ambassador_charts_of_someone_outside_todays_stored_ranking_do_not_rank_again(
    admin, ambassador_record, program, monkeypatch
):
    """Found by the load test: the page of an ambassador who is not in the stored ranking
    (not active) ranked the whole program again on every view."""
    ambassador_record.status = AmbassadorStatus.NOMINATED
    ambassador_record.joined_on = None
    ambassador_record.save()
    leaderboard_refresh(today=TODAY, windows=["30d"], history_months=0)
    stored = Ranking.objects.get(window="30d", grouping="ambassador", platform="", as_of=TODAY)

    def refuse(**_):
        raise AssertionError("ranked the program again")

    monkeypatch.setattr("whitecoat.leaderboard.selectors.ranking_compute", refuse)
    charts = ambassador_charts(user=admin, ambassador=ambassador_record, today=TODAY, days=28)

    assert (charts.rank, charts.ranked) == (None, stored.ranked)
    assert stored.ranked > 0


def test_program_dashboard_totals_add_up_every_platform(admin, program):
    data = program_dashboard(user=admin, window=WINDOW)

    assert data.totals["followers"] == 700 + 90_900 + 4_100 + 60
    assert data.totals["ambassadors"] == 4
    assert data.to_come == []
    assert [(m.key, m.value) for m in data.content] == [
        ("content_repurposed", 0),
        ("institutional_posts_shared", 0),
        ("link_clicks", 0),
        ("training_sessions_held", 0),
        ("modules_completed", 0),
    ]
