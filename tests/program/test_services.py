from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import AmbassadorFactory, PersonFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.program import services
from whitecoat.program.enums import AmbassadorStatus as S
from whitecoat.program.models import Ambassador, Nomination, StatusChange

ALL = list(S)


def _nominate(chair, department, cohort, **kwargs):
    person = kwargs.pop("person", None) or PersonFactory(department=department)
    return services.nomination_submit(
        by=chair,
        department=department,
        cohort=cohort,
        rationale="Great teacher, active on X already.",
        suggested_platforms=["x", "linkedin"],
        person=person,
        **kwargs,
    )


def test_nomination_submit_creates_a_nominated_ambassador_with_history(
    chair_cardiology, cardiology, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = _nominate(chair_cardiology, cardiology, cohort)

    ambassador = nomination.ambassador
    assert ambassador.status == S.NOMINATED
    assert ambassador.nominated_by == chair_cardiology
    assert list(ambassador.status_changes.values_list("from_status", "to_status")) == [
        ("", "nominated")
    ]
    assert nomination.suggested_platforms == ["linkedin", "x"]
    assert len(mail.outbox) == 1


def test_nomination_submit_refuses_another_department(chair_cardiology, neurology, cohort):
    with pytest.raises(WhiteCoatError, match="only from your own departments"):
        _nominate(chair_cardiology, neurology, cohort)


def test_nomination_submit_can_add_a_new_person(chair_cardiology, cardiology, cohort):
    nomination = services.nomination_submit(
        by=chair_cardiology,
        department=cardiology,
        cohort=cohort,
        rationale="Runs our journal club.",
        suggested_platforms=[],
        new_person=services.NewPerson(
            first_name="Rosa", last_name="Diaz", email="rosa@example.org", kind="resident_fellow"
        ),
    )

    assert nomination.person.department == cardiology
    assert nomination.person.full_name == "Rosa Diaz"


def test_nomination_submit_refuses_an_email_already_on_the_roster(
    chair_cardiology, cardiology, cohort
):
    PersonFactory(email="Rosa@Example.org", department=cardiology)

    with pytest.raises(WhiteCoatError, match="already on the roster"):
        services.nomination_submit(
            by=chair_cardiology,
            department=cardiology,
            cohort=cohort,
            rationale="x",
            suggested_platforms=[],
            new_person=services.NewPerson(
                first_name="R", last_name="D", email="rosa@example.org", kind="attending"
            ),
        )


def test_nomination_submit_refuses_someone_already_in_the_program(
    chair_cardiology, cardiology, cohort, ambassador
):
    with pytest.raises(WhiteCoatError, match="already in the program"):
        _nominate(chair_cardiology, cardiology, cohort, person=ambassador.person)


def test_nomination_submit_needs_a_rationale(chair_cardiology, cardiology, cohort):
    with pytest.raises(WhiteCoatError, match="Say why"):
        services.nomination_submit(
            by=chair_cardiology,
            department=cardiology,
            cohort=cohort,
            rationale="  ",
            suggested_platforms=[],
            person=PersonFactory(department=cardiology),
        )


def test_nomination_accept_moves_to_intake_and_mails_chair_and_nominee(
    admin, chair_cardiology, cardiology, cohort, django_capture_on_commit_callbacks
):
    nomination = _nominate(chair_cardiology, cardiology, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_accept(nomination=nomination, by=admin, note="Welcome")

    nomination.refresh_from_db()
    assert nomination.state == "accepted"
    assert nomination.ambassador.status == S.INTAKE
    assert set(mail.outbox[-1].to) == {chair_cardiology.email, nomination.person.email}


def test_nomination_accept_is_for_admins_only(chair_cardiology, cardiology, cohort):
    nomination = _nominate(chair_cardiology, cardiology, cohort)

    with pytest.raises(WhiteCoatError, match="Only program admins"):
        services.nomination_accept(nomination=nomination, by=chair_cardiology)


def test_nomination_decline_needs_a_reason_and_removes_the_nominee(
    admin, chair_cardiology, cardiology, cohort
):
    nomination = _nominate(chair_cardiology, cardiology, cohort)
    with pytest.raises(WhiteCoatError, match="reason"):
        services.nomination_decline(nomination=nomination, by=admin, reason="")

    services.nomination_decline(nomination=nomination, by=admin, reason="Cohort is full")

    nomination.refresh_from_db()
    assert nomination.state == "declined"
    assert nomination.ambassador is None
    assert not Ambassador.objects.filter(person=nomination.person).exists()


def test_nomination_cannot_be_decided_twice(admin, chair_cardiology, cardiology, cohort):
    nomination = _nominate(chair_cardiology, cardiology, cohort)
    services.nomination_accept(nomination=nomination, by=admin)

    with pytest.raises(WhiteCoatError, match="already accepted"):
        services.nomination_decline(nomination=nomination, by=admin, reason="oops")


def test_question_and_answer_return_the_nomination_to_the_queue(
    admin, chair_cardiology, cardiology, cohort
):
    nomination = _nominate(chair_cardiology, cardiology, cohort)
    services.nomination_request_info(nomination=nomination, by=admin, question="Which platform?")

    services.nomination_answer(nomination=nomination, by=chair_cardiology, answer="LinkedIn")

    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert "Q: Which platform?\nA: LinkedIn" in nomination.rationale


def test_only_the_nominating_chair_answers(
    admin, chair_cardiology, chair_neurology, cardiology, cohort
):
    nomination = _nominate(chair_cardiology, cardiology, cohort)
    services.nomination_request_info(nomination=nomination, by=admin, question="?")

    with pytest.raises(WhiteCoatError, match="Only the chair"):
        services.nomination_answer(nomination=nomination, by=chair_neurology, answer="x")


def test_intake_records_platforms_and_starts_training(admin, cohort):
    ambassador = AmbassadorFactory(cohort=cohort, status=S.INTAKE)

    services.intake_record(
        ambassador=ambassador,
        by=admin,
        choices=[services.ChosenPlatform("x", "Reach journalists", True)],
        notes="Wants to share research.",
    )

    ambassador.refresh_from_db()
    assert ambassador.status == S.TRAINING
    assert list(ambassador.platform_choices.values_list("platform", "has_existing_account")) == [
        ("x", True)
    ]
    assert "chose X" in ambassador.status_changes.last().reason


def test_intake_needs_a_platform(admin, cohort):
    ambassador = AmbassadorFactory(cohort=cohort, status=S.INTAKE)

    with pytest.raises(WhiteCoatError, match="at least one platform"):
        services.intake_record(ambassador=ambassador, by=admin, choices=[])


def test_intake_only_at_the_intake_stage(admin, cohort):
    ambassador = AmbassadorFactory(cohort=cohort, status=S.NOMINATED)

    with pytest.raises(WhiteCoatError, match="not at the intake stage"):
        services.intake_record(
            ambassador=ambassador, by=admin, choices=[services.ChosenPlatform("x")]
        )


ILLEGAL_MOVES = [(a, b) for a in ALL for b in ALL if b not in services.ALLOWED_MOVES[a]]


@pytest.mark.parametrize("current,target", ILLEGAL_MOVES)
def test_transition_table_refuses_every_illegal_move(admin, cohort, current, target):
    ambassador = AmbassadorFactory(cohort=cohort, status=current)

    with pytest.raises(WhiteCoatError, match="cannot move to"):
        services.ambassador_transition(ambassador=ambassador, to_status=target, by=admin)

    ambassador.refresh_from_db()
    assert ambassador.status == current
    assert not StatusChange.objects.exists()


def test_transition_to_training_needs_platforms(admin, cohort):
    ambassador = AmbassadorFactory(cohort=cohort, status=S.INTAKE)

    with pytest.raises(WhiteCoatError, match="at least one platform"):
        services.ambassador_transition(ambassador=ambassador, to_status=S.TRAINING, by=admin)


def test_pause_and_resume_return_to_the_same_stage(admin, cohort):
    ambassador = AmbassadorFactory(cohort=cohort, status=S.INTAKE)
    services.ambassador_transition(ambassador=ambassador, to_status=S.PAUSED, by=admin)

    with pytest.raises(WhiteCoatError, match="resume to intake"):
        services.ambassador_transition(ambassador=ambassador, to_status=S.TRAINING, by=admin)
    services.ambassador_transition(ambassador=ambassador, to_status=S.INTAKE, by=admin)

    ambassador.refresh_from_db()
    assert ambassador.status == S.INTAKE


def test_active_ambassador_can_pause_resume_and_leave(admin, ambassador_record):
    services.ambassador_transition(
        ambassador=ambassador_record, to_status=S.PAUSED, by=admin, reason="Parental leave"
    )
    services.ambassador_transition(ambassador=ambassador_record, to_status=S.ACTIVE, by=admin)
    change = services.ambassador_transition(
        ambassador=ambassador_record, to_status=S.ALUMNI, by=admin, reason="Moved away"
    )

    history = list(ambassador_record.status_changes.values_list("from_status", "to_status"))
    assert history == [("active", "paused"), ("paused", "active"), ("active", "alumni")]
    assert change.changed_by == admin
    assert change.reason == "Moved away"


def test_transition_mails_the_nominee_and_their_chair(
    admin, chair_cardiology, ambassador_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ambassador_transition(ambassador=ambassador_record, to_status=S.PAUSED, by=admin)

    assert set(mail.outbox[0].to) == {ambassador_record.person.email, chair_cardiology.email}
    assert "now paused" in mail.outbox[0].subject


def test_consultation_lifecycle(admin, outsider, cardiology, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = services.consultation_request(
            by=outsider, topic="Lab account?", department=cardiology, preferred_times="Mornings"
        )
        when = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 0))
        services.consultation_schedule(consultation=consultation, by=admin, when=when)
        services.consultation_close(
            consultation=consultation, by=admin, outcome="Advised a personal profile."
        )

    consultation.refresh_from_db()
    assert (consultation.state, consultation.handled_by) == ("closed", admin)
    assert outsider.email in mail.outbox[-1].to
    with pytest.raises(WhiteCoatError, match="already closed"):
        services.consultation_schedule(consultation=consultation, by=admin, when=when)


def test_requester_may_cancel_but_not_close(outsider):
    consultation = services.consultation_request(by=outsider, topic="Help")

    with pytest.raises(WhiteCoatError, match="Only program admins"):
        services.consultation_close(consultation=consultation, by=outsider, outcome="done")
    services.consultation_close(consultation=consultation, by=outsider, outcome="", cancelled=True)

    consultation.refresh_from_db()
    assert consultation.state == "cancelled"


def test_nomination_history_survives_decline(admin, chair_cardiology, cardiology, cohort):
    nomination = _nominate(chair_cardiology, cardiology, cohort)
    services.nomination_decline(nomination=nomination, by=admin, reason="Not this year")

    assert Nomination.objects.get().decision_reason == "Not this year"
