"""Training's figures on the program dashboard."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    SessionInvitationFactory,
    TrainingSessionFactory,
)
from whitecoat.training.models import ModuleCompletion
from whitecoat.training.selectors import training_program_metrics


def test_training_metrics_count_attended_sessions_and_completions_in_the_window(
    ambassador_record,
):
    course = CourseFactory(slug="metrics-course")
    module = ModuleFactory(course=course)
    starts = timezone.make_aware(dt.datetime(2026, 3, 10, 10, 0))
    attended = TrainingSessionFactory(course=course, starts_at=starts)
    SessionInvitationFactory(session=attended, ambassador=ambassador_record, attendance="attended")
    missed = TrainingSessionFactory(course=course, starts_at=starts + dt.timedelta(hours=2))
    SessionInvitationFactory(session=missed, ambassador=ambassador_record, attendance="no_show")
    ModuleCompletion.objects.create(
        ambassador=ambassador_record, module=module, completed_at=starts, source="session"
    )

    inside = training_program_metrics(first_day=dt.date(2026, 3, 1), last_day=dt.date(2026, 3, 31))
    before = training_program_metrics(first_day=dt.date(2026, 2, 1), last_day=dt.date(2026, 2, 28))

    assert [(key, value) for key, _, value, _ in inside] == [
        ("training_sessions_held", 1),
        ("modules_completed", 1),
    ]
    assert [value for _, _, value, _ in before] == [0, 0]
