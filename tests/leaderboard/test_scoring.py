"""The pure arithmetic: windows, nearest snapshots, growth, fairness, ties, movement, badges."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from whitecoat.leaderboard.scoring import (
    AccountMeta,
    AccountWindow,
    Row,
    Weights,
    WindowError,
    account_window_from_series,
    apply_movement,
    badges_for,
    forward_fill,
    group_rows,
    nearest_inside,
    percentile_ranks,
    previous_window,
    sample_days,
    score_rows,
    shrunk_rate,
    sort_rows,
    sparkline_points,
    sum_series,
    window_for,
)

TODAY = dt.date(2026, 6, 30)
D = dt.date


def row(key: str, **figures: object) -> Row:
    return Row(key=key, label=key, grouping="ambassador", **figures)  # type: ignore[arg-type]


def grown(key: str, opening: int, gained: int, **extra: object) -> Row:
    return row(
        key,
        opening_followers=opening,
        follower_growth=gained,
        followers=opening + gained,
        **extra,
    )


# ----------------------------------------------------------------------------- windows


@pytest.mark.parametrize(
    ("key", "opening", "days"),
    [
        ("7d", D(2026, 6, 23), 7),
        ("30d", D(2026, 5, 31), 30),
        ("90d", D(2026, 4, 1), 90),
        ("365d", D(2025, 6, 30), 365),
        ("ytd", D(2025, 12, 31), 181),
    ],
)
def test_window_for_relative_windows_end_today(key, opening, days):
    window = window_for(key, today=TODAY)

    assert (window.opening, window.closing, window.days) == (opening, TODAY, days)


def test_window_for_custom_includes_both_days():
    window = window_for("custom", today=TODAY, start=D(2026, 1, 1), end=D(2026, 1, 31))

    assert (window.key, window.opening, window.first_day, window.closing, window.days) == (
        "custom",
        D(2025, 12, 31),
        D(2026, 1, 1),
        D(2026, 1, 31),
        31,
    )


def test_window_for_dates_make_any_window_custom():
    window = window_for("7d", today=TODAY, start=D(2026, 3, 1), end=D(2026, 3, 2))

    assert window.key == "custom"


def test_window_for_joined_opens_per_row():
    window = window_for("joined", today=TODAY)

    assert (window.opening, window.is_per_row, previous_window(window)) == (None, True, None)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (D(2026, 3, 1), None, "needs both"),
        (D(2026, 3, 2), D(2026, 3, 1), "before the start"),
        (D(2026, 3, 1), D(2026, 7, 1), "future"),
        (D(2010, 1, 1), D(2026, 1, 1), "ten years"),
    ],
)
def test_window_for_rejects_bad_custom_dates(start, end, message):
    with pytest.raises(WindowError, match=message):
        window_for("custom", today=TODAY, start=start, end=end)


def test_window_for_rejects_unknown_keys():
    with pytest.raises(WindowError):
        window_for("fortnight", today=TODAY)


def test_previous_window_has_the_same_length_just_before():
    window = window_for("30d", today=TODAY)

    before = previous_window(window)

    assert (before.opening, before.closing, before.days) == (D(2026, 5, 1), D(2026, 5, 31), 30)


def test_sample_days_spread_evenly_and_include_both_ends():
    days = sample_days(D(2026, 1, 1), D(2026, 1, 31), points=4)

    assert days == [D(2026, 1, 1), D(2026, 1, 11), D(2026, 1, 21), D(2026, 1, 31)]


# ------------------------------------------------------------------- nearest snapshots


def test_nearest_inside_uses_exact_ends_when_present():
    series = [(D(2026, 6, d), 100 + d) for d in range(1, 31)]

    first, last = nearest_inside(series, opening=D(2026, 6, 5), closing=D(2026, 6, 20))

    assert (first, last) == ((D(2026, 6, 5), 105), (D(2026, 6, 20), 120))


def test_nearest_inside_moves_inward_over_gaps_and_missing_values():
    series = [(D(2026, 6, 3), None), (D(2026, 6, 4), 40), (D(2026, 6, 9), 90), (D(2026, 6, 2), 20)]

    first, last = nearest_inside(series, opening=D(2026, 6, 3), closing=D(2026, 6, 10))

    # 2 June is outside the window; 3 June has no value.
    assert (first, last) == ((D(2026, 6, 4), 40), (D(2026, 6, 9), 90))


def test_nearest_inside_finds_nothing_in_an_empty_window():
    series = [(D(2026, 5, 1), 10), (D(2026, 7, 1), 20)]

    assert nearest_inside(series, opening=D(2026, 6, 1), closing=D(2026, 6, 30)) == (None, None)


def snap(day: int, followers: int | None, engagements: int | None = 5) -> dict:
    return {"date": D(2026, 6, day), "followers": followers, "engagements": engagements}


def test_account_window_sums_flows_after_the_opening_day():
    days = [snap(d, 100 + d) for d in range(1, 31)]

    value = account_window_from_series(1, days, opening=D(2026, 6, 20), closing=D(2026, 6, 30))

    assert (value.growth, value.engagements) == (10, 50)


def test_account_window_of_an_account_that_joined_mid_window_starts_at_its_first_day():
    days = [snap(d, 10 * d) for d in range(25, 31)]

    value = account_window_from_series(1, days, opening=D(2026, 5, 31), closing=D(2026, 6, 30))

    assert (value.opening_date, value.opening_followers, value.growth) == (D(2026, 6, 25), 250, 50)


def test_account_window_with_one_snapshot_has_no_growth_rather_than_zero():
    value = account_window_from_series(
        1, [snap(30, 500)], opening=D(2026, 5, 31), closing=D(2026, 6, 30)
    )

    assert (value.closing_followers, value.growth, value.has_data) == (500, None, True)


def test_account_window_without_snapshots_has_no_data_rather_than_zero():
    value = account_window_from_series(1, [], opening=D(2026, 5, 31), closing=D(2026, 6, 30))

    assert (value.has_data, value.growth, value.engagements) == (False, None, None)


def test_account_window_flows_missing_every_day_are_none_not_zero():
    days = [snap(d, 100, engagements=None) for d in range(1, 31)]

    value = account_window_from_series(1, days, opening=D(2026, 6, 1), closing=D(2026, 6, 30))

    assert value.engagements is None


# ----------------------------------------------------------------------------- grouping


def meta(
    account_id: int, ambassador_id: int, platform: str = "x", department: int = 1
) -> AccountMeta:
    return AccountMeta(
        account_id=account_id,
        handle=f"@a{account_id}",
        platform=platform,
        platform_label=platform.upper(),
        ambassador_id=ambassador_id,
        ambassador_name=f"Ambassador {ambassador_id}",
        joined_on=D(2020, 2, 1),
        department_id=department,
        department_name=f"Department {department}",
        cohort_id=1,
        cohort_name="Physicians 2020",
        entity_id=1,
        entity_name="Health System",
    )


def value(account_id: int, opening: int | None, closing: int | None, **flows: int) -> AccountWindow:
    return AccountWindow(
        account_id=account_id,
        opening_date=D(2026, 6, 1) if opening is not None else None,
        opening_followers=opening,
        closing_date=D(2026, 6, 30) if closing is not None else None,
        closing_followers=closing,
        **flows,
    )


def test_group_rows_add_an_ambassadors_accounts_together():
    metas = [meta(1, 1), meta(2, 1, "linkedin"), meta(3, 2)]
    values = {1: value(1, 100, 150, engagements=10), 2: value(2, 50, 60), 3: value(3, 10, 20)}

    rows = {r.key: r for r in group_rows(metas, values, grouping="ambassador")}

    assert (rows["1"].followers, rows["1"].follower_growth, rows["1"].members) == (210, 60, 2)
    # Engagement counts the followers of the accounts whose engagements were counted.
    assert (rows["1"].engagements, rows["1"].engagement_followers) == (10, 150)
    assert rows["1"].growth_percent == pytest.approx(40.0)


def test_group_rows_leave_groups_without_values_empty():
    rows = group_rows([meta(1, 1)], {}, grouping="platform")

    assert (rows[0].key, rows[0].followers, rows[0].members) == ("x", None, 1)


# ------------------------------------------------------------------------------ scoring


def test_percentile_ranks_count_ties_as_half():
    ranks = percentile_ranks({"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0})

    assert ranks == {"a": 0.0, "b": 0.5, "c": 0.5, "d": 1.0}


def test_shrunk_rate_pulls_small_accounts_toward_the_prior():
    tiny = shrunk_rate(10, 10, prior=0.02, strength=500)
    large = shrunk_rate(1000, 100_000, prior=0.02, strength=500)

    assert tiny == pytest.approx((10 + 10) / 510)
    assert large == pytest.approx(0.01, rel=0.01)


def test_score_rows_let_a_small_fast_account_outrank_a_big_slow_one_by_default():
    # 1 % on 100,000, 50 % on 800 and 2 % on 5,000 followers.
    rows = [grown("big", 100_000, 1_000), grown("small", 800, 400), grown("mid", 5_000, 100)]

    ranked = score_rows(rows)

    assert [r.key for r in ranked] == ["small", "mid", "big"]


def test_score_rows_keep_one_lucky_day_on_a_tiny_account_from_the_top():
    rows = [
        grown("tiny_lucky", 10, 30),  # 300 % on ten followers
        grown("steady", 2_000, 400),  # 20 % on a real audience
        *(grown(f"peer{i}", 3_000, 60 + i) for i in range(5)),
    ]

    ranked = score_rows(rows, Weights(growth_rate=1, engagement_rate=0, posts=0, video_rate=0))

    assert ranked[0].key == "steady"


def test_score_rows_without_shrinkage_rank_by_raw_rate():
    rows = [grown("tiny_lucky", 10, 30), grown("steady", 2_000, 400)]
    weights = Weights(growth_rate=1, engagement_rate=0, posts=0, video_rate=0, shrinkage=0)

    ranked = score_rows(rows, weights)

    assert [r.key for r in ranked] == ["tiny_lucky", "steady"]


def test_score_rows_rank_rows_without_data_after_every_row_with_data():
    rows = [row("empty"), grown("low", 1000, 1), row("also_empty"), grown("high", 1000, 50)]

    ranked = score_rows(rows)

    assert [(r.key, r.rank, r.position) for r in ranked] == [
        ("high", 1, 1),
        ("low", 2, 2),
        ("also_empty", None, 3),
        ("empty", None, 4),
    ]
    assert ranked[-1].score is None


def test_score_rows_break_ties_the_same_way_whatever_the_input_order():
    rows = [grown(k, 1000, 10) for k in ("delta", "alpha", "charlie", "bravo")]
    shuffled = rows[:]
    random.Random(4).shuffle(shuffled)

    first = [r.key for r in score_rows(rows)]
    second = [r.key for r in score_rows([grown(r.key, 1000, 10) for r in shuffled])]

    assert first == second == ["alpha", "bravo", "charlie", "delta"]


def test_score_rows_leave_out_missing_components_instead_of_counting_zero():
    # "text" has no video views at all; it must not lose to "video" for that.
    rows = [
        grown("text", 1000, 50, engagements=100, engagement_followers=1050),
        grown(
            "video",
            1000,
            10,
            engagements=20,
            engagement_followers=1010,
            video_views=5000,
            video_followers=1010,
        ),
    ]

    ranked = score_rows(rows)

    assert ranked[0].key == "text"
    assert set(ranked[0].components) == {"growth_rate", "engagement_rate"}


def test_score_rows_weights_choose_what_counts():
    rows = [grown("reach", 100_000, 2_000), grown("rate", 1_000, 200)]
    absolute = Weights(growth_rate=0, engagement_rate=0, posts=0, video_rate=0, growth=1)

    assert score_rows(rows, absolute)[0].key == "reach"
    assert score_rows(rows)[0].key == "rate"


def test_apply_movement_compares_with_the_previous_window():
    now = score_rows([grown("a", 100, 50), grown("b", 100, 10), grown("new", 100, 1)])
    before = score_rows([grown("a", 100, 1), grown("b", 100, 10)])

    apply_movement(now, before)

    assert {r.key: r.movement for r in now} == {"a": 1, "b": -1, "new": None}


# ------------------------------------------------------------------------------- badges


def test_badges_for_follow_milestones_years_and_rank():
    ambassador = grown("a", 9_000, 1_500)
    ambassador.joined_on = D(2023, 7, 1)
    ambassador.rank = 2

    assert badges_for(ambassador, ranked=20, as_of=TODAY) == ("followers_10k", "year_1", "top_10")


def test_badges_for_count_whole_years_only():
    ambassador = grown("a", 900, 50)
    ambassador.joined_on = D(2025, 7, 1)

    assert badges_for(ambassador, ranked=5, as_of=TODAY) == ()


def test_badges_for_give_no_top_ten_percent_in_a_tiny_list():
    ambassador = grown("a", 10, 5)
    ambassador.rank = 1

    assert badges_for(ambassador, ranked=3, as_of=TODAY) == ()


# ------------------------------------------------------------------ sorting, sparklines


def test_sort_rows_put_missing_values_last_in_either_direction():
    rows = score_rows([grown("a", 100, 5), row("none"), grown("b", 100, 50)])

    up = [r.key for r in sort_rows(rows, "follower_growth")]
    down = [r.key for r in sort_rows(rows, "-follower_growth")]

    assert (up, down) == (["a", "b", "none"], ["b", "a", "none"])


def test_forward_fill_and_sum_series_keep_gaps_as_none():
    assert forward_fill([None, 1, None, 3]) == [None, 1, 1, 3]
    assert sum_series([[None, 1, 2], [None, None, 5]]) == (None, 1, 7)


def test_sparkline_points_need_two_values():
    assert sparkline_points([None, 5]) == ""
    assert sparkline_points([0, 10], width=100, height=24, pad=2) == "2.0,22.0 98.0,2.0"
