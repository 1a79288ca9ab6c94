"""Property tests of the leaderboard's arithmetic: any dates give a window or a WindowError,
the nearest snapshots are inside the window, growth is end − start (absent, never 0, without
data), and the ranking does not depend on the order the rows come in."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from whitecoat.leaderboard.scoring import (
    CUSTOM,
    JOINED,
    RELATIVE_DAYS,
    WINDOW_KEYS,
    Row,
    Weights,
    WindowError,
    account_window_from_series,
    nearest_inside,
    previous_window,
    score_rows,
    window_for,
)

ONE_DAY = dt.timedelta(days=1)
# `today` is the server's date; start and end are whatever a user or an API client sends.
TODAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 12, 31))
ANY_DATE = st.one_of(st.none(), st.dates(), TODAYS)


@settings(max_examples=500, deadline=None)
@given(
    key=st.sampled_from([*WINDOW_KEYS, CUSTOM, "14d", ""]),
    today=TODAYS,
    start=ANY_DATE,
    end=ANY_DATE,
)
@example(key=CUSTOM, today=dt.date(2026, 6, 30), start=dt.date.min, end=dt.date(1, 1, 2))
@example(key=CUSTOM, today=dt.date(2026, 6, 30), start=dt.date(1, 1, 5), end=dt.date(1, 1, 10))
def test_window_for_any_dates_is_a_window_or_a_window_error(key, today, start, end):
    try:
        window = window_for(key, today=today, start=start, end=end)
    except WindowError as error:
        assert str(error).endswith(".")
        return

    assert window.closing <= today
    if window.opening is None:
        assert (key, previous_window(window)) == (JOINED, None)
        return
    assert window.first_day is not None and window.first_day <= window.closing
    if start is not None or end is not None or key == CUSTOM:
        assert (window.key, window.first_day, window.closing) == (CUSTOM, start, end)
    elif key in RELATIVE_DAYS:
        assert (window.days, window.closing) == (RELATIVE_DAYS[key], today)
    else:
        assert (window.first_day, window.closing) == (dt.date(today.year, 1, 1), today)
    before = previous_window(window)
    assert before is not None
    assert (before.days, before.closing) == (window.days, window.first_day - ONE_DAY)


DAYS = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 3, 31))
COUNTS = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))


def _ends(pair: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return min(pair), max(pair)


@settings(max_examples=400, deadline=None)
@given(
    series=st.lists(st.tuples(DAYS, COUNTS), max_size=30, unique_by=lambda item: item[0]),
    ends=st.tuples(DAYS, DAYS).map(_ends),
)
def test_nearest_inside_picks_days_inside_the_window_or_none(series, ends):
    opening, closing = ends
    inside = {
        day: value for day, value in series if value is not None and opening <= day <= closing
    }

    first, last = nearest_inside(series, opening=opening, closing=closing)

    if not inside:
        assert (first, last) == (None, None)
    else:
        assert first == (min(inside), inside[min(inside)])
        assert last == (max(inside), inside[max(inside)])


FLOWS = ("engagements", "impressions", "video_views", "posts_published")
SNAPSHOTS = st.lists(
    st.fixed_dictionaries(
        {"date": DAYS, "followers": COUNTS, **dict.fromkeys(FLOWS, COUNTS)},
        optional={"source": st.sampled_from(["api", "import", "manual"])},
    ),
    max_size=30,
    unique_by=lambda snapshot: snapshot["date"],
)


@settings(max_examples=250, deadline=None)
@given(series=SNAPSHOTS, ends=st.tuples(DAYS, DAYS).map(_ends))
def test_account_window_growth_is_end_minus_start_and_none_without_data(series, ends):
    opening, closing = ends
    inside = [s for s in series if opening <= s["date"] <= closing]
    levels = sorted((s["date"], s["followers"]) for s in inside if s["followers"] is not None)

    value = account_window_from_series(7, series, opening=opening, closing=closing)

    if len(levels) >= 2:
        assert value.growth == levels[-1][1] - levels[0][1]
        assert (value.opening_date, value.closing_date) == (levels[0][0], levels[-1][0])
    else:
        assert value.growth is None
    for name in FLOWS:
        present = [s[name] for s in inside if s["date"] > opening and s[name] is not None]
        assert getattr(value, name) == (sum(present) if present else None)
    if not levels and not any(
        s[n] is not None for s in inside for n in FLOWS if s["date"] > opening
    ):
        assert not value.has_data


# ------------------------------------------------------------------------------ scoring

FIGURES = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
ROWS = st.lists(
    st.builds(
        Row,
        key=st.text(min_size=1, max_size=4),
        label=st.sampled_from(["Amy", "amy", "Bob", "Carla", ""]),
        grouping=st.just("ambassador"),
        followers=FIGURES,
        opening_followers=FIGURES,
        follower_growth=st.one_of(st.none(), st.integers(min_value=-1000, max_value=10**5)),
        engagements=FIGURES,
        engagement_followers=FIGURES,
        video_views=FIGURES,
        video_followers=FIGURES,
        posts_published=FIGURES,
    ),
    max_size=12,
    unique_by=lambda row: row.key,
)
WEIGHTS = st.builds(
    Weights,
    growth_rate=st.sampled_from([0, 40, 100]),
    engagement_rate=st.sampled_from([0, 30]),
    posts=st.sampled_from([0, 15]),
    video_rate=st.sampled_from([0, 15]),
    growth=st.sampled_from([0, 10]),
    engagements=st.sampled_from([0, 10]),
    shrinkage=st.sampled_from([0, 1, 500]),
)


def _ranking(rows: list[Row], weights: Weights) -> list[tuple]:
    fresh = [dataclasses.replace(row, components={}) for row in rows]
    return [
        (row.key, row.score, row.rank, row.position, row.components)
        for row in score_rows(fresh, weights)
    ]


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, weights=WEIGHTS, data=st.data())
def test_score_rows_is_deterministic_and_independent_of_input_order(rows, weights, data):
    shuffled = data.draw(st.permutations(rows))

    first = _ranking(rows, weights)

    assert _ranking(rows, weights) == first
    assert _ranking(shuffled, weights) == first


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, weights=WEIGHTS)
def test_score_rows_ranks_rows_with_data_first_and_numbers_them(rows, weights):
    ordered = score_rows(rows, weights)

    scored = [row for row in ordered if row.score is not None]
    assert ordered[: len(scored)] == scored
    assert [row.position for row in ordered] == list(range(1, len(rows) + 1))
    assert [row.rank for row in scored] == list(range(1, len(scored) + 1))
    assert all(row.rank is None for row in ordered[len(scored) :])
    assert all(0 <= row.score <= 100 for row in scored)
    assert [row.score for row in scored] == sorted((row.score for row in scored), reverse=True)


@settings(max_examples=100, deadline=None)
@given(
    rows=ROWS, keys=st.lists(st.text(min_size=1, max_size=4), min_size=2, max_size=5, unique=True)
)
def test_score_rows_breaks_ties_between_identical_rows_by_key(rows, keys):
    twin = rows[0] if rows else Row(key="x", label="Amy", grouping="ambassador", followers=5)
    twins = [dataclasses.replace(twin, key=key, label="Same") for key in keys]

    ordered = [row.key for row in score_rows(twins) if row.key in keys]

    assert ordered == sorted(keys)
