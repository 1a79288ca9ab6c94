"""The reports' arithmetic on hand-built values: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whitecoat.program.enums import AmbassadorStatus
from whitecoat.reports import figures as F
from whitecoat.reports.figures import Area, Cell, Level, Member, RangeError, ReportRange

D = dt.date
TODAY = D(2026, 11, 21)


def member(
    aid: int,
    joined: dt.date | None,
    left: dt.date | None = None,
    steps: tuple[tuple[dt.date, str], ...] = (),
    **kw,
) -> Member:
    if not steps and joined:
        steps = ((joined, "active"),) + (((left, "alumni"),) if left else ())
    return Member(ambassador_id=aid, joined_on=joined, left_on=left, steps=steps, **kw)


# ------------------------------------------------------------------------------ ranges


def test_statuses_match_the_program_enum():
    assert set(F.STATUSES) == set(AmbassadorStatus.values)


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("launch", D(2020, 2, 3), TODAY),
        ("12m", D(2025, 11, 22), TODAY),
        ("ytd", D(2026, 1, 1), TODAY),
        ("last_month", D(2026, 10, 1), D(2026, 10, 31)),
    ],
)
def test_range_for_presets_end_today_or_last_month(key, start, end):
    report_range = F.range_for(key, today=TODAY, launch=D(2020, 2, 3))

    assert (report_range.key, report_range.start, report_range.end) == (key, start, end)


def test_range_for_last_12_months_on_a_leap_day():
    report_range = F.range_for("12m", today=D(2028, 2, 29), launch=None)

    assert report_range.start == D(2027, 3, 1)


def test_range_for_since_launch_without_a_launch_is_today_only():
    report_range = F.range_for("launch", today=TODAY, launch=None)

    assert (report_range.start, report_range.end) == (TODAY, TODAY)


def test_range_for_custom_dates_includes_both_days():
    report_range = F.range_for(
        "custom", today=TODAY, launch=None, start=D(2024, 1, 1), end=D(2024, 1, 31)
    )

    assert (report_range.opening, report_range.days) == (D(2023, 12, 31), 31)
    assert report_range.title == "Custom dates: 1 Jan 2024 to 31 Jan 2024"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (D(2024, 1, 1), None, "both a start and an end"),
        (D(2024, 2, 1), D(2024, 1, 1), "before the start"),
        (D(2026, 1, 1), D(2026, 12, 1), "in the future"),
        (D(1999, 1, 1), D(2000, 1, 1), "may not be before"),
    ],
)
def test_range_for_custom_dates_refuses_bad_input(start, end, message):
    with pytest.raises(RangeError, match=message):
        F.range_for("custom", today=TODAY, launch=None, start=start, end=end)


def test_range_for_unknown_key_is_refused():
    with pytest.raises(RangeError, match="Unknown range"):
        F.range_for("forever", today=TODAY, launch=None)


def test_month_range_is_the_calendar_month():
    report_range = F.month_range(D(2024, 2, 1))

    assert (report_range.start, report_range.end, report_range.label) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
        "February 2024",
    )
    with pytest.raises(RangeError):
        F.month_range(D(2024, 2, 2))


def test_points_are_the_opening_each_month_end_and_the_end():
    report_range = ReportRange("custom", D(2024, 1, 15), D(2024, 4, 10))

    assert F.points_for(report_range) == [
        D(2024, 1, 14),
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 10),
    ]


def test_points_do_not_repeat_an_end_on_a_month_end():
    report_range = ReportRange("custom", D(2024, 3, 1), D(2024, 4, 30))

    assert F.points_for(report_range) == [D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]


def test_buckets_start_at_the_month_or_after_the_previous_point():
    points = [D(2024, 1, 14), D(2024, 1, 31), D(2024, 2, 10)]

    assert F.buckets_for(points) == [
        (D(2024, 1, 1), D(2024, 1, 14)),
        (D(2024, 1, 15), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 10)),
    ]


# -------------------------------------------------------------------------- membership


def test_member_is_in_from_joining_until_the_day_they_left():
    ben = member(1, D(2024, 1, 20), D(2024, 4, 10))

    assert [
        ben.is_in(d) for d in (D(2024, 1, 19), D(2024, 1, 20), D(2024, 4, 9), D(2024, 4, 10))
    ] == [
        False,
        True,
        True,
        False,
    ]


def test_member_status_on_is_the_last_step_on_or_before_the_day():
    cat = member(
        1,
        D(2024, 6, 15),
        steps=(
            (D(2024, 5, 1), "nominated"),
            (D(2024, 5, 10), "training"),
            (D(2024, 6, 15), "active"),
        ),
    )

    assert [
        cat.status_on(d) for d in (D(2024, 4, 30), D(2024, 5, 9), D(2024, 5, 10), D(2024, 7, 1))
    ] == [
        None,
        "nominated",
        "training",
        "active",
    ]


def test_member_build_takes_the_departure_from_the_history():
    built = F.member_build(
        ambassador_id=1,
        status="alumni",
        joined_on=D(2024, 1, 20),
        entered_on=D(2024, 1, 5),
        last_changed=D(2025, 1, 1),
        steps=[(D(2024, 1, 20), "active"), (D(2024, 4, 10), "alumni")],
    )

    assert built.left_on == D(2024, 4, 10)


def test_member_build_without_history_uses_joining_and_the_last_change():
    alumnus = F.member_build(
        ambassador_id=1,
        status="alumni",
        joined_on=D(2024, 1, 20),
        entered_on=D(2024, 1, 5),
        last_changed=D(2024, 9, 1),
        steps=[],
    )
    nominee = F.member_build(
        ambassador_id=2,
        status="intake",
        joined_on=None,
        entered_on=D(2024, 3, 1),
        last_changed=D(2024, 3, 2),
        steps=[],
    )

    assert alumnus.left_on == D(2024, 9, 1)
    assert alumnus.steps == ((D(2024, 1, 20), "active"), (D(2024, 9, 1), "alumni"))
    assert (nominee.left_on, nominee.steps) == (None, ((D(2024, 3, 1), "intake"),))


def test_counts_over_time_follow_joining_and_leaving():
    members = [
        member(1, D(2024, 1, 15), cohort="A", kind="Attending"),
        member(2, D(2024, 1, 20), D(2024, 4, 10), cohort="A", kind="Resident"),
        member(3, D(2024, 6, 15), cohort="B", kind="Student"),
        member(4, None, steps=((D(2024, 2, 1), "nominated"),), cohort="A"),
    ]
    days = [D(2024, 2, 29), D(2024, 4, 30), D(2024, 6, 30)]

    assert F.count_in(members, days) == [2, 1, 2]
    assert F.count_in_by(members, days, lambda m: m.cohort) == {"A": [2, 1, 1], "B": [0, 0, 1]}
    assert F.count_statuses(members, days) == {
        "nominated": [1, 1, 1],
        "active": [2, 1, 2],
        "alumni": [0, 1, 1],
    }
    assert F.joined_between(members, D(2024, 2, 29), D(2024, 6, 30)) == 1
    assert F.left_between(members, D(2024, 2, 29), D(2024, 6, 30)) == 1


def test_joined_and_left_balance_the_counts_between_points():
    members = [
        member(1, D(2024, 3, 5), D(2024, 3, 20)),  # in and out inside one month
        member(2, D(2024, 1, 1), D(2024, 3, 1)),
        member(3, D(2024, 3, 31)),
    ]
    before, after = D(2024, 2, 29), D(2024, 3, 31)

    counts = F.count_in(members, [before, after])

    assert counts[1] == counts[0] + F.joined_between(members, before, after) - F.left_between(
        members, before, after
    )


def test_training_completion_counts_who_began_in_the_range_and_finished_by_its_end():
    finished = member(
        1, D(2024, 6, 15), steps=((D(2024, 5, 10), "training"), (D(2024, 6, 1), "onboarding"))
    )
    still = member(2, None, steps=((D(2024, 5, 20), "training"),))
    finished_later = member(
        3, None, steps=((D(2024, 5, 25), "training"), (D(2024, 7, 2), "onboarding"))
    )
    before = member(4, None, steps=((D(2024, 1, 2), "training"), (D(2024, 5, 3), "onboarding")))

    started, done = F.training_completion(
        [finished, still, finished_later, before], D(2024, 5, 1), D(2024, 6, 30)
    )

    assert (started, done) == (3, 1)


# ---------------------------------------------------------------------------- audience


def test_audience_sums_accounts_of_members_at_each_point():
    points = [D(2024, 2, 29), D(2024, 4, 30), D(2024, 6, 30)]
    members = {1: member(1, D(2024, 1, 15)), 2: member(2, D(2024, 1, 20), D(2024, 4, 10))}
    accounts = {10: 1, 20: 2}
    levels = [
        Level(10, 1, 0, 1009),
        Level(20, 2, 0, 500),
        Level(10, 1, 1, 1070),
        Level(20, 2, 1, 500),  # Ben left on 10 Apr: not counted from then on
        Level(10, 1, 2, 1131),
        Level(20, 2, 2, 500),
    ]

    audience = F.audience_at_points(
        levels=levels, accounts=accounts, members=members, points=points
    )

    assert audience.totals == [1509, 1070, 1131]
    assert audience.measured == [2, 1, 1]
    assert audience.accounts == [2, 1, 1]
    assert (audience.change, round(audience.change_percent, 2)) == (-378, -25.05)
    assert (audience.organic_growth, audience.organic_accounts) == (122, 1)


def test_audience_is_no_data_when_members_have_accounts_but_nothing_was_measured():
    points = [D(2024, 2, 29), D(2024, 3, 31)]
    members = {1: member(1, D(2024, 3, 10))}

    audience = F.audience_at_points(levels=[], accounts={10: 1}, members=members, points=points)

    assert audience.totals == [0, None]  # nobody yet, then an account without data
    assert audience.change is None
    assert audience.organic_growth is None
    assert F.Cell(audience.closing, "int").text == "no data"


# ------------------------------------------------------------------------------- areas


def test_ranked_specialties_group_departments_and_flag_gaps():
    areas = [
        Area(1, "Cardiology", "Main", "Heart", 3, 2025, active=2, audience=1431, measured=2),
        Area(2, "Cardiac Surgery", "Main", "Heart", 5, 2024, active=0),
        Area(3, "Urology", "Main", "", 9, 2025, active=0),
        Area(4, "Neurology", "Main", "", None, None, active=1, audience=None),
    ]

    specialties = F.ranked_specialties(areas)

    assert [
        (s.name, s.national_rank, s.departments, s.active, s.audience, s.is_gap)
        for s in specialties
    ] == [
        ("Heart", 3, ("Cardiac Surgery", "Cardiology"), 2, 1431, False),
        ("Urology", 9, ("Urology",), 0, None, True),
    ]
    assert [a.name for a in F.areas_represented(areas)] == ["Cardiology", "Neurology"]


# ----------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Cell(1234567, "int"), "1,234,567"),
        (Cell(None, "int"), "no data"),
        (Cell(0, "int"), "0"),
        (Cell(-78, "signed"), "-78"),
        (Cell(122, "signed"), "+122"),
        (Cell(2025, "plain"), "2025"),
        (Cell(12.345, "percent"), "12.3 %"),
        (Cell(-5.17, "signed_percent"), "-5.2 %"),
        (Cell(D(2024, 2, 29), "date"), "29 Feb 2024"),
        (Cell("Urology"), "Urology"),
    ],
)
def test_cells_write_figures_one_way(cell, text):
    assert cell.text == text


def test_percent_has_no_value_without_a_whole():
    assert (F.percent(3, 0), F.percent(None, 4), F.percent(1, 4)) == (None, None, 25.0)
    assert (F.percent_change(110, 100), F.percent_change(5, 0)) == (10.0, None)


days_strategy = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31))


@st.composite
def members_strategy(draw):
    members = []
    for aid in range(draw(st.integers(0, 8))):
        steps = tuple(
            sorted(
                draw(st.lists(st.tuples(days_strategy, st.sampled_from(F.STATUSES)), max_size=5))
            )
        )
        joined = draw(st.none() | days_strategy)
        left = draw(st.none() | days_strategy) if joined else None
        members.append(Member(aid, joined, left, steps, cohort=draw(st.sampled_from(["A", "B"]))))
    return members


@given(members=members_strategy(), days=st.lists(days_strategy, min_size=1, max_size=6))
def test_counts_agree_with_each_members_own_answer(members, days):
    days = sorted(days)

    in_program = [sum(m.is_in(d) for m in members) for d in days]
    statuses = {s: [sum(m.status_on(d) == s for m in members) for d in days] for s in F.STATUSES}

    assert F.count_in(members, days) == in_program
    assert F.count_statuses(members, days) == {s: v for s, v in statuses.items() if any(v)}
    by_cohort = F.count_in_by(members, days, lambda m: m.cohort)
    totals = [sum(values[i] for values in by_cohort.values()) for i in range(len(days))]
    assert totals == in_program
