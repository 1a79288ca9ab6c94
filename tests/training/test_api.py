"""The training API: courses with modules, scoped sessions, progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.training.factories import (
    CourseFactory,
    SessionInvitationFactory,
    TrainingSessionFactory,
)
from whitecoat.training.enums import Attendance


@pytest.fixture
def session(admin, ambassador_record, x_course):
    session = TrainingSessionFactory(
        course=x_course, trainer=admin, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    SessionInvitationFactory(session=session, ambassador=ambassador_record)
    return session


def test_courses_list_modules_in_order(api_get, ambassador, x_course):
    CourseFactory(title="Draft", is_published=False)

    response = api_get(ambassador, "/training/courses")

    [course] = response.json()["items"]
    assert course["title"] == "X basics"
    assert course["platform"] == "x"
    assert [m["title"] for m in course["modules"]] == [
        "X features",
        "X best practices",
        "X analytics",
    ]
    assert course["modules"][0]["kind"] == "technical"


def test_courses_include_drafts_for_admins(api_get, admin, x_course):
    CourseFactory(title="Draft", is_published=False)

    response = api_get(admin, "/training/courses")

    assert [c["title"] for c in response.json()["items"]] == ["X basics", "Draft"]


def test_courses_need_authentication(api_get, x_course):
    assert api_get(None, "/training/courses").status_code == 401


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("admin", 1),
        ("leadership", 1),
        ("chair_cardiology", 1),
        ("chair_neurology", 0),
        ("ambassador", 1),
        ("other_ambassador", 0),
        ("outsider", 0),
    ],
)
def test_sessions_are_scoped_like_the_pages(
    request, api_get, session, other_ambassador, chair_neurology, persona, count
):
    response = api_get(request.getfixturevalue(persona), "/training/sessions")

    assert response.status_code == 200
    assert response.json()["count"] == count


def test_sessions_show_attendance_to_the_ambassador_concerned(
    api_get, ambassador, chair_cardiology, session
):
    mine = api_get(ambassador, "/training/sessions").json()["items"][0]
    chairs = api_get(chair_cardiology, "/training/sessions").json()["items"][0]

    assert mine["uid"] == session.uid
    assert mine["invitations"] == [
        {
            "ambassador": {"id": session.invitations.get().ambassador_id, "name": "Amy Ambassador"},
            "attendance": Attendance.PENDING,
        }
    ]
    assert chairs["invitations"][0]["attendance"] is None


def test_sessions_filter_upcoming(api_get, admin, session):
    assert api_get(admin, "/training/sessions", upcoming="false").json()["count"] == 0
    assert api_get(admin, "/training/sessions", upcoming="true").json()["count"] == 1


def test_sessions_list_costs_the_same_for_more_sessions(
    api_get, admin, session, cohort, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        api_get(admin, "/training/sessions")
    for _ in range(2):
        SessionInvitationFactory(session=TrainingSessionFactory(), ambassador__cohort=cohort)

    with django_assert_num_queries(len(first)):
        api_get(admin, "/training/sessions")


def test_progress_is_the_callers_own(api_get, ambassador, ambassador_record, x_course, amy_chose_x):
    response = api_get(ambassador, "/training/progress")

    body = response.json()
    assert body["ambassador"]["id"] == ambassador_record.pk
    assert [
        (c["course"]["name"], c["modules_done"], c["modules_total"]) for c in body["courses"]
    ] == [("X basics", 0, 3)]
    assert body["readiness"]["platform_training_missing"] == ["x"]
    assert body["readiness"]["ready_for_active"] is False


def test_progress_of_another_ambassador_is_scoped(
    api_get, chair_cardiology, chair_neurology, ambassador_record, x_course
):
    path = "/training/progress"

    assert api_get(chair_cardiology, path, ambassador=ambassador_record.pk).status_code == 200
    assert api_get(chair_neurology, path, ambassador=ambassador_record.pk).status_code == 404


def test_progress_without_an_ambassador_record_is_404(api_get, outsider, clean):
    assert api_get(outsider, "/training/progress").status_code == 404


def test_training_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/training/courses",
        "/api/v1/training/sessions",
        "/api/v1/training/progress",
    } <= set(paths)
