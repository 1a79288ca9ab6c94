"""Attendance and self-study make progress; readiness sums it up for the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import SocialAccountFactory
from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    PlatformChoiceFactory,
    PolicyVersionFactory,
    check_all,
    complete_course,
    make_ready_for_active,
)
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.training.enums import Attendance, ChecklistItemKind, CompletionSource
from whitecoat.training.models import PolicyAcknowledgement
from whitecoat.training.selectors import ambassador_readiness, training_progress
from whitecoat.training.services import (
    attendance_record,
    checklist_item_set,
    module_complete,
    module_completion_undo,
    session_schedule,
)


@pytest.fixture
def held_session(admin, ambassador_record, x_course, soon):
    """An X session Amy was invited to, now two hours in the past."""
    session = session_schedule(
        course=x_course,
        trainer=admin,
        starts_at=soon,
        duration=dt.timedelta(hours=1),
        invitees=[ambassador_record],
        location="Room 4B",
        by=admin,
    )
    with time_machine.travel(soon + dt.timedelta(hours=2)):
        yield session


def record(session, attendance, admin):
    invitation = session.invitations.get()
    return attendance_record(session=session, marks={invitation.pk: attendance}, by=admin)


# ------------------------------------------------------------------------ attendance


def test_attendance_attended_completes_every_published_module_of_the_course(
    admin, ambassador_record, x_course, held_session
):
    ModuleFactory(course=x_course, title="Unpublished", is_published=False)

    record(held_session, Attendance.ATTENDED, admin)

    completions = ambassador_record.module_completions.order_by("module__position")
    assert [c.module.title for c in completions] == [
        "X features",
        "X best practices",
        "X analytics",
    ]
    assert {c.source for c in completions} == {CompletionSource.SESSION}
    assert {c.session for c in completions} == {held_session}


def test_attendance_no_show_completes_nothing(admin, ambassador_record, held_session):
    [invitation] = record(held_session, Attendance.NO_SHOW, admin)

    assert invitation.attendance == Attendance.NO_SHOW
    assert invitation.recorded_by == admin
    assert ambassador_record.module_completions.count() == 0


def test_attendance_taken_back_removes_only_what_the_session_completed(
    admin, ambassador, ambassador_record, x_course, held_session
):
    self_studied = x_course.modules.get(title="X best practices")
    module_complete(module=self_studied, ambassador=ambassador_record, by=ambassador)
    record(held_session, Attendance.ATTENDED, admin)

    record(held_session, Attendance.NO_SHOW, admin)

    assert [c.module for c in ambassador_record.module_completions.all()] == [self_studied]


def test_attendance_refuses_a_session_that_has_not_started(
    admin, ambassador_record, x_course, soon
):
    session = session_schedule(
        course=x_course,
        trainer=admin,
        starts_at=soon,
        duration=dt.timedelta(hours=1),
        invitees=[ambassador_record],
        location="Room 4B",
        by=admin,
    )

    with pytest.raises(WhiteCoatError) as error:
        record(session, Attendance.ATTENDED, admin)

    assert error.value.code == "not_started"


def test_attendance_refuses_someone_not_invited(admin, held_session):
    with pytest.raises(WhiteCoatError) as error:
        attendance_record(session=held_session, marks={999_999: Attendance.ATTENDED}, by=admin)

    assert error.value.code == "not_invited"


# ------------------------------------------------------------------------ self-study


def test_module_complete_records_self_study(ambassador, ambassador_record, x_course):
    module = x_course.modules.get(title="X best practices")

    completion = module_complete(module=module, ambassador=ambassador_record, by=ambassador)

    assert completion.source == CompletionSource.SELF
    assert completion.recorded_by == ambassador


def test_module_complete_twice_keeps_one_completion(ambassador, ambassador_record, x_course):
    module = x_course.modules.get(title="X best practices")

    first = module_complete(module=module, ambassador=ambassador_record, by=ambassador)
    second = module_complete(module=module, ambassador=ambassador_record, by=ambassador)

    assert first.pk == second.pk


def test_module_complete_refuses_a_module_taught_in_session(
    ambassador, ambassador_record, x_course
):
    module = x_course.modules.get(title="X features")

    with pytest.raises(WhiteCoatError) as error:
        module_complete(module=module, ambassador=ambassador_record, by=ambassador)

    assert error.value.code == "not_self_study"


def test_module_complete_refuses_someone_else(other_ambassador, ambassador_record, x_course):
    module = x_course.modules.get(title="X best practices")

    with pytest.raises(WhiteCoatError) as error:
        module_complete(module=module, ambassador=ambassador_record, by=other_ambassador)

    assert error.value.code == "forbidden"


def test_module_completion_undo_keeps_session_completions(
    admin, ambassador, ambassador_record, x_course, held_session
):
    record(held_session, Attendance.ATTENDED, admin)
    module = x_course.modules.get(title="X best practices")

    with pytest.raises(WhiteCoatError) as error:
        module_completion_undo(module=module, ambassador=ambassador_record, by=ambassador)

    assert error.value.code == "from_session"


# ------------------------------------------------------------------------- progress


def test_training_progress_lists_everyones_course_then_the_chosen_platforms(
    ambassador, ambassador_record, x_course, everyone_course, amy_chose_x
):
    CourseFactory(title="LinkedIn", platform=Platform.LINKEDIN)
    everyone_course.position = 0
    everyone_course.save()
    module_complete(
        module=x_course.modules.get(title="X best practices"),
        ambassador=ambassador_record,
        by=ambassador,
    )

    progress = training_progress(ambassador=ambassador_record)

    assert [(p.course.title, p.done, p.total) for p in progress] == [
        ("Professionalism", 0, 1),
        ("X basics", 1, 3),
    ]
    assert progress[1].percent == 33


# ------------------------------------------------------------------------ readiness


@pytest.fixture
def ready(ambassador_record, x_course, everyone_course, amy_chose_x):
    """Amy with every requirement met: the fixture returns her readiness parts to undo."""
    complete_course(ambassador=ambassador_record, course=x_course)
    complete_course(ambassador=ambassador_record, course=everyone_course)
    version = PolicyVersionFactory(policy__title="Code of conduct", asks_disclaimer=True)
    PolicyAcknowledgement.objects.create(
        version=version, ambassador=ambassador_record, acknowledged_at=timezone.now()
    )
    check_all(choice=amy_chose_x)
    account = SocialAccountFactory(ambassador=ambassador_record, platform=Platform.X)
    return {"version": version, "account": account, "choice": amy_chose_x}


def test_readiness_of_a_fully_prepared_ambassador(ambassador_record, ready):
    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.platform_training_missing == []
    assert readiness.professionalism_done is True
    assert readiness.policies_unacknowledged == []
    assert readiness.accounts_set_up == 1
    assert readiness.ready_for_onboarding is True
    assert readiness.ready_for_active is True


def test_readiness_names_each_chosen_platform_whose_course_is_not_done(ambassador_record, ready):
    CourseFactory(title="LinkedIn", platform=Platform.LINKEDIN, with_module=True)
    PlatformChoiceFactory(ambassador=ambassador_record, platform=Platform.LINKEDIN)

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.platform_training_missing == ["linkedin"]
    assert readiness.ready_for_onboarding is False
    assert readiness.ready_for_active is False


def test_readiness_ignores_courses_of_platforms_not_chosen(ambassador_record, ready):
    CourseFactory(title="TikTok", platform=Platform.TIKTOK, with_module=True)

    assert ambassador_readiness(ambassador=ambassador_record).ready_for_active is True


def test_readiness_of_a_chosen_platform_without_a_published_course(ambassador_record, ready):
    PlatformChoiceFactory(ambassador=ambassador_record, platform=Platform.MASTODON)

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.platform_training_missing == []


def test_readiness_wants_the_professionalism_course_done(ambassador_record, everyone_course, ready):
    ModuleFactory(course=everyone_course, title="Paid partnerships")

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.professionalism_done is False
    assert readiness.ready_for_onboarding is False


def test_readiness_lists_current_policies_not_acknowledged(ambassador_record, ready):
    PolicyVersionFactory(policy__title="Usage procedure")

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.policies_unacknowledged == ["Usage procedure"]
    assert readiness.ready_for_onboarding is True
    assert readiness.ready_for_active is False


def test_readiness_asks_again_when_a_new_version_is_published(ambassador_record, ready):
    PolicyVersionFactory(
        policy=ready["version"].policy,
        label="v2",
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.policies_unacknowledged == ["Code of conduct"]


def test_readiness_ignores_draft_versions(ambassador_record, ready):
    PolicyVersionFactory(policy=ready["version"].policy, label="draft", published_at=None)

    assert ambassador_readiness(ambassador=ambassador_record).policies_unacknowledged == []


def test_readiness_counts_only_accounts_whose_checklist_is_complete(
    ambassador, ambassador_record, ready
):
    checklist_item_set(
        platform_choice=ready["choice"],
        item=ChecklistItemKind.PROFILE_PHOTO,
        checked=False,
        by=ambassador,
    )

    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.accounts_set_up == 0
    assert readiness.ready_for_active is False


def test_readiness_needs_the_disclaimer_only_when_a_policy_asks(
    ambassador, ambassador_record, ready
):
    checklist_item_set(
        platform_choice=ready["choice"],
        item=ChecklistItemKind.DISCLAIMER,
        checked=False,
        by=ambassador,
    )
    assert ambassador_readiness(ambassador=ambassador_record).accounts_set_up == 0

    ready["version"].asks_disclaimer = False
    ready["version"].save()

    assert ambassador_readiness(ambassador=ambassador_record).accounts_set_up == 1


def test_readiness_ignores_personal_accounts(ambassador_record, ready):
    ready["account"].use = AccountUse.PERSONAL
    ready["account"].connection_state = "not_connected"
    ready["account"].save()

    assert ambassador_readiness(ambassador=ambassador_record).accounts_set_up == 0


def test_readiness_counts_each_set_up_professional_account(ambassador_record, ready):
    SocialAccountFactory(ambassador=ambassador_record, platform=Platform.X, handle="@second")
    SocialAccountFactory(ambassador=ambassador_record, platform=Platform.LINKEDIN)

    assert ambassador_readiness(ambassador=ambassador_record).accounts_set_up == 2


def test_readiness_of_a_new_nominee_is_empty(ambassador_record, clean):
    readiness = ambassador_readiness(ambassador=ambassador_record)

    assert readiness.platform_training_missing == []
    assert readiness.professionalism_done is True
    assert readiness.accounts_set_up == 0
    assert readiness.ready_for_onboarding is True
    assert readiness.ready_for_active is False


def test_make_ready_for_active_works_with_the_starter_content(ambassador_record, db):
    make_ready_for_active(ambassador=ambassador_record, platform=Platform.LINKEDIN)

    assert ambassador_readiness(ambassador=ambassador_record).ready_for_active is True


def test_readiness_costs_a_fixed_number_of_queries(
    ambassador_record, ready, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        ambassador_readiness(ambassador=ambassador_record)
