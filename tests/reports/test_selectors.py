"""The reports' selectors on the hand-built program of conftest.py (figures worked out
there), including no-data cases and ambassadors who joined or left mid-range."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AmbassadorFactory, CohortFactory, PersonFactory
from tests.reports.conftest import RANGE
from tests.reports.factories import account_for, ambassador_with_history, snapshots
from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    SessionInvitationFactory,
    TrainingSessionFactory,
)
from whitecoat.reports.figures import ReportRange
from whitecoat.reports.selectors import (
    areas_report,
    program_launch_day,
    report_levels,
    results_report,
)
from whitecoat.reports.tables import results_key_figures
from whitecoat.training.models import ModuleCompletion

D = dt.date


def figures_of(report):
    return {f.key: f.cell.text for f in results_key_figures(report)}


def test_launch_day_is_the_first_cohort_or_first_joining(program):
    assert program_launch_day() == D(2024, 1, 10)


def test_launch_day_is_none_before_anything_exists(db):
    assert program_launch_day() is None


def test_results_count_ambassadors_at_each_point_with_joins_and_departures(program):
    report = results_report(report_range=RANGE)

    assert report.points == [
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
        D(2024, 6, 30),
    ]
    assert report.ambassadors == [2, 2, 1, 1, 2]
    assert report.joined == [None, 0, 0, 0, 1]
    assert report.left == [None, 0, 1, 0, 0]
    assert (report.joined_in_range, report.left_in_range) == (1, 1)
    assert (report.launch_point, report.originally) == (D(2024, 1, 31), 2)


def test_results_break_ambassadors_down_by_cohort_kind_and_status(program):
    report = results_report(report_range=RANGE)

    assert report.by_cohort == {
        "Physicians 2024": [2, 2, 1, 1, 1],
        "Students 2024": [0, 0, 0, 0, 1],
    }
    assert report.by_kind == {
        "Attending physician": [1, 1, 1, 1, 1],
        "Medical student": [0, 0, 0, 0, 1],
        "Resident / fellow": [1, 1, 0, 0, 0],
    }
    assert report.by_status == {
        "nominated": [1, 1, 1, 1, 1],
        "training": [0, 0, 0, 1, 0],
        "active": [2, 2, 1, 1, 2],
        "alumni": [0, 0, 1, 1, 1],
    }


def test_results_audience_counts_members_accounts_in_each_month(program):
    report = results_report(report_range=RANGE)
    audience = report.audience

    assert audience.totals == [1509, 1540, 1070, 1101, 1431]
    assert audience.measured == [2, 2, 1, 1, 2]
    assert (audience.change, round(audience.change_percent, 1)) == (-78, -5.2)
    assert (audience.organic_growth, audience.organic_accounts) == (122, 1)


def test_results_flows_count_only_days_in_the_program(program):
    report = results_report(report_range=RANGE)
    flows = report.flows

    # Ben's account kept reporting after he left on 10 Apr: those days do not count.
    assert (flows.engagements, flows.posts_published) == (1427, 163)
    assert (flows.impressions, flows.video_views) == (None, None)
    assert (flows.accounts, flows.data_up_to, flows.sources) == (3, D(2024, 6, 30), ["api"])


def test_results_key_figures_say_no_data_never_zero(program):
    figures = figures_of(results_report(report_range=RANGE))

    assert figures["engagements"] == "1,427"
    assert figures["impressions"] == "no data"
    assert figures["video_views"] == "no data"
    assert figures["audience_change"] == "-78"
    assert figures["audience_change_percent"] == "-5.2 %"
    # Nothing was ever recorded in the content hub or training: no data, not 0.
    assert figures["content_repurposed"] == "no data"
    assert figures["training_sessions_held"] == "no data"
    assert figures["attendance_rate"] == "no data"
    assert figures["training_completion_rate"] == "100.0 %"


def test_results_before_anyone_joined_have_no_ambassadors_and_no_data(program):
    report = results_report(report_range=ReportRange("custom", D(2023, 1, 1), D(2023, 3, 31)))
    figures = figures_of(report)

    assert report.ambassadors == [0, 0, 0, 0]
    assert report.audience.totals == [0, 0, 0, 0]  # no account was in the program
    assert figures["engagements"] == "no data"
    assert figures["posts_published"] == "no data"
    assert figures["followers_gained"] == "no data"


def test_results_audience_is_no_data_for_a_member_account_without_snapshots(program):
    lone = ambassador_with_history(
        name="Eve Elm", cohort=program.physicians, steps=[(D(2024, 2, 1), "active")]
    )
    account_for(lone)

    report = results_report(report_range=ReportRange("custom", D(2024, 8, 1), D(2024, 8, 31)))

    # Ann and Cat's accounts stopped reporting on 30 Jun and 20 Jun: a figure older than
    # the month is not carried forward.
    assert report.audience.totals == [None, None]
    assert report.audience.accounts == [3, 3]


def test_results_count_program_records_as_zero_once_something_was_recorded(program):
    course = CourseFactory(slug="reports-course")
    module = ModuleFactory(course=course)
    held = TrainingSessionFactory(
        course=course, starts_at=timezone.make_aware(dt.datetime(2024, 5, 10, 10))
    )
    SessionInvitationFactory(session=held, ambassador=program.cat, attendance="attended")
    missed = TrainingSessionFactory(
        course=course, starts_at=timezone.make_aware(dt.datetime(2024, 5, 11, 10))
    )
    SessionInvitationFactory(session=missed, ambassador=program.cat, attendance="no_show")
    ModuleCompletion.objects.create(
        ambassador=program.cat,
        module=module,
        completed_at=timezone.make_aware(dt.datetime(2024, 5, 10, 11)),
        source="session",
    )

    inside = figures_of(results_report(report_range=RANGE))
    later = figures_of(
        results_report(report_range=ReportRange("custom", D(2024, 7, 1), D(2024, 7, 31)))
    )

    assert (inside["training_sessions_held"], inside["modules_completed"]) == ("1", "1")
    assert inside["attendance_rate"] == "50.0 %"
    assert (later["training_sessions_held"], later["modules_completed"]) == ("0", "0")
    assert later["attendance_rate"] == "no data"


def test_results_count_ambassadors_without_a_recorded_history_from_their_joining(db):
    cohort = CohortFactory(launched_on=D(2024, 1, 1))
    AmbassadorFactory(person=PersonFactory(), cohort=cohort, joined_on=D(2024, 3, 15))

    report = results_report(report_range=RANGE)

    assert report.ambassadors == [0, 1, 1, 1, 1]
    assert report.by_status["active"] == [0, 1, 1, 1, 1]


def test_report_levels_take_the_last_count_in_each_bucket(program):
    account = program.ann.accounts.get()

    levels = {
        (level.account_id, level.point): level.followers
        for level in report_levels(points=[D(2024, 2, 25), D(2024, 3, 31)])
    }

    assert levels[(account.pk, 0)] == 1005
    assert levels[(account.pk, 1)] == 1040


def test_areas_report_counts_active_ambassadors_and_audience_per_area(program):
    report = areas_report(report_range=RANGE)

    assert [(a.name, a.active, a.audience, a.measured) for a in report.represented] == [
        ("Cardiology", 2, 1431, 2)
    ]
    assert report.joined == {program.cardiology.pk: 1}
    assert [(s.name, s.active, s.is_gap) for s in report.specialties] == [
        ("Cardiology", 2, False),
        ("Urology", 0, True),
    ]
    assert [s.name for s in report.gaps] == ["Urology"]


def test_areas_report_on_a_day_before_the_alumnus_left_counts_him(program):
    report = areas_report(report_range=ReportRange("custom", D(2024, 3, 1), D(2024, 3, 31)))

    assert [(a.name, a.active, a.audience) for a in report.represented] == [
        ("Cardiology", 1, 1040),
        ("Neurology", 1, 500),
    ]


def test_areas_report_lists_active_ambassadors_without_a_department(program):
    ambassador_with_history(
        name="Fay Fig", cohort=program.physicians, steps=[(D(2024, 1, 2), "active")]
    )

    report = areas_report(report_range=RANGE)

    assert ("No department", 1) in [(a.name, a.active) for a in report.represented]


@pytest.mark.parametrize("extra", [1, 3])
def test_results_query_count_does_not_grow_with_ambassadors(
    program, extra, django_assert_max_num_queries
):
    for i in range(extra):
        member = ambassador_with_history(
            name=f"Gus Guava{i}", cohort=program.physicians, steps=[(D(2024, 1, 2), "active")]
        )
        snapshots(account_for(member), first=D(2024, 3, 1), last=D(2024, 3, 3), followers=10)

    with django_assert_max_num_queries(19):
        results_report(report_range=RANGE)
    with django_assert_max_num_queries(6):
        areas_report(report_range=RANGE)
