"""Scheduling, updating and cancelling sessions: conflicts, invitations and their .ics files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings

from tests.factories import AmbassadorFactory, UserFactory
from tests.training.factories import SessionInvitationFactory, TrainingSessionFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.training.enums import Attendance, SessionKind, SessionState
from whitecoat.training.invitations import session_ics
from whitecoat.training.services import session_cancel, session_schedule, session_update

HOUR = dt.timedelta(hours=1)


def schedule(admin, course, starts_at, invitees, **overrides):
    arguments = {
        "course": course,
        "trainer": admin,
        "starts_at": starts_at,
        "duration": HOUR,
        "invitees": invitees,
        "location": "Room 4B",
        "by": admin,
    }
    return session_schedule(**{**arguments, **overrides})


def attachment(message) -> icalendar.Calendar:
    """The invite.ics of a sent message, parsed back."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def test_session_schedule_invites_each_invitee_and_the_trainer(
    admin, ambassador_record, x_course, soon, mail
):
    with mail():
        session = schedule(admin, x_course, soon, [ambassador_record])

    assert session.state == SessionState.SCHEDULED
    assert session.kind == SessionKind.ONE_TO_ONE
    assert session.ends_at == soon + HOUR
    assert [i.ambassador for i in session.invitations.all()] == [ambassador_record]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ambassador_record.person.email, admin.email]
    )
    assert mail.outbox[0].subject == "[WhiteCoat] Invitation: X basics training"


def test_session_ics_carries_start_zone_uid_sequence_and_attendees(
    admin, ambassador_record, x_course, soon, mail
):
    with mail():
        session = schedule(admin, x_course, soon, [ambassador_record])

    calendar = attachment(mail.outbox[0])
    event = calendar.events[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == session.uid
    assert event["SEQUENCE"] == 0
    assert event.start == soon
    assert event.start.tzinfo == ZoneInfo(settings.TIME_ZONE)
    assert event.end == soon + HOUR
    assert event["DTSTART"].params["TZID"] == settings.TIME_ZONE
    assert [str(a) for a in event.attendees] == [f"mailto:{ambassador_record.person.email}"]
    assert str(event["ORGANIZER"]) == f"mailto:{admin.email}"
    assert [tz.tz_name for tz in calendar.timezones] == [settings.TIME_ZONE]


def test_session_ics_message_part_says_its_method(admin, ambassador_record, x_course, soon, mail):
    with mail():
        schedule(admin, x_course, soon, [ambassador_record])

    part = next(
        p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar"
    )
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"


def test_session_schedule_refuses_a_trainer_already_training(
    admin, ambassador_record, other_ambassador, x_course, soon
):
    schedule(admin, x_course, soon, [ambassador_record])
    bob = other_ambassador.person.ambassadorships.get()

    with pytest.raises(WhiteCoatError) as error:
        schedule(admin, x_course, soon + dt.timedelta(minutes=30), [bob])

    assert error.value.code == "conflict"
    assert "(trainer) is already training “X basics”" in error.value.message
    assert f"from {soon:%H:%M} to {soon + HOUR:%H:%M}" in error.value.message


def test_session_schedule_refuses_an_invitee_already_invited(
    admin, ambassador_record, x_course, soon, roles
):
    schedule(admin, x_course, soon, [ambassador_record])
    other_trainer = UserFactory(username="tess")
    user_grant_role(user=other_trainer, role=Role.PROGRAM_ADMIN)

    with pytest.raises(WhiteCoatError) as error:
        schedule(other_trainer, x_course, soon + dt.timedelta(minutes=59), [ambassador_record])

    assert "Amy Ambassador is already invited to “X basics”" in error.value.message
    assert soon.strftime("%a") in error.value.message


def test_session_schedule_allows_back_to_back_sessions(admin, ambassador_record, x_course, soon):
    schedule(admin, x_course, soon, [ambassador_record])

    second = schedule(admin, x_course, soon + HOUR, [ambassador_record])

    assert second.starts_at == soon + HOUR


def test_session_schedule_ignores_cancelled_sessions(admin, ambassador_record, x_course, soon):
    first = schedule(admin, x_course, soon, [ambassador_record])
    session_cancel(session=first, by=admin)

    second = schedule(admin, x_course, soon, [ambassador_record])

    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"duration": dt.timedelta(minutes=2)}, "invalid_duration"),
        ({"location": "", "video_url": ""}, "no_place"),
        ({"invitees": []}, "no_invitees"),
        ({"kind": SessionKind.ONE_TO_ONE, "invitees": "two"}, "one_to_one"),
        ({"starts_at": "yesterday"}, "in_the_past"),
    ],
)
def test_session_schedule_refuses_a_bad_plan(
    admin, ambassador_record, other_ambassador, x_course, soon, overrides, code
):
    overrides = dict(overrides)
    invitees = overrides.pop("invitees", [ambassador_record])
    if invitees == "two":
        invitees = [ambassador_record, other_ambassador.person.ambassadorships.get()]
    starts_at = soon - dt.timedelta(days=2) if overrides.pop("starts_at", None) else soon

    with pytest.raises(WhiteCoatError) as error:
        schedule(admin, x_course, starts_at, invitees, **overrides)

    assert error.value.code == code


def test_session_schedule_refuses_alumni(admin, cohort, x_course, soon):
    alumnus = AmbassadorFactory(cohort=cohort, status=AmbassadorStatus.ALUMNI)

    with pytest.raises(WhiteCoatError) as error:
        schedule(admin, x_course, soon, [alumnus])

    assert error.value.code == "alumni"


def test_session_schedule_is_for_admins_only(ambassador, ambassador_record, x_course, soon):
    with pytest.raises(WhiteCoatError) as error:
        schedule(ambassador, x_course, soon, [ambassador_record], trainer=ambassador)

    assert error.value.code == "forbidden"


def test_session_schedule_makes_a_group_session_for_several(
    admin, ambassador_record, other_ambassador, x_course, soon
):
    bob = other_ambassador.person.ambassadorships.get()

    session = schedule(admin, x_course, soon, [ambassador_record, bob, bob])

    assert session.kind == SessionKind.GROUP
    assert session.invitations.count() == 2


def test_session_update_increments_sequence_and_keeps_uid(
    admin, ambassador_record, x_course, soon, mail
):
    session = schedule(admin, x_course, soon, [ambassador_record])
    later = soon + dt.timedelta(hours=2)

    with mail():
        updated = session_update(
            session=session,
            course=x_course,
            trainer=admin,
            starts_at=later,
            duration=HOUR,
            invitees=[ambassador_record],
            location="Room 5",
            by=admin,
        )

    assert updated.sequence == 1
    assert updated.uid == session.uid
    event = attachment(mail.outbox[0]).events[0]
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == session.uid
    assert event.start == later
    assert str(event["LOCATION"]) == "Room 5"
    assert mail.outbox[0].subject == "[WhiteCoat] Updated: X basics training"


def test_session_update_sends_a_cancel_to_a_removed_invitee(
    admin, ambassador_record, other_ambassador, x_course, soon, mail
):
    bob = other_ambassador.person.ambassadorships.get()
    session = schedule(admin, x_course, soon, [ambassador_record, bob])

    with mail():
        session_update(
            session=session,
            course=x_course,
            trainer=admin,
            starts_at=soon,
            duration=HOUR,
            invitees=[ambassador_record],
            location="Room 4B",
            by=admin,
        )

    to_bob = [m for m in mail.outbox if m.to == [bob.person.email]]
    assert len(to_bob) == 1
    assert attachment(to_bob[0])["METHOD"] == "CANCEL"
    assert session.invitations.get(ambassador=bob).attendance == Attendance.CANCELLED


def test_session_update_checks_conflicts_except_with_itself(
    admin, ambassador_record, x_course, soon
):
    session = schedule(admin, x_course, soon, [ambassador_record])
    schedule(admin, x_course, soon + 2 * HOUR, [ambassador_record])
    arguments = {
        "session": session,
        "course": x_course,
        "trainer": admin,
        "duration": HOUR,
        "invitees": [ambassador_record],
        "location": "Room 4B",
        "by": admin,
    }

    moved = session_update(starts_at=soon + dt.timedelta(minutes=30), **arguments)
    with pytest.raises(WhiteCoatError) as error:
        session_update(starts_at=soon + dt.timedelta(minutes=90), **arguments)

    assert moved.starts_at == soon + dt.timedelta(minutes=30)
    assert error.value.code == "conflict"


def test_session_update_without_changes_sends_nothing(
    admin, ambassador_record, x_course, soon, mail
):
    session = schedule(admin, x_course, soon, [ambassador_record])

    with mail():
        same = session_update(
            session=session,
            course=x_course,
            trainer=admin,
            starts_at=soon,
            duration=HOUR,
            invitees=[ambassador_record],
            location="Room 4B",
            by=admin,
        )

    assert same.sequence == 0
    assert mail.outbox == []


def test_session_cancel_sends_method_cancel_to_everyone(
    admin, ambassador_record, x_course, soon, mail
):
    session = schedule(admin, x_course, soon, [ambassador_record])

    with mail():
        cancelled = session_cancel(session=session, reason="Trainer ill", by=admin)

    assert cancelled.state == SessionState.CANCELLED
    assert cancelled.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ambassador_record.person.email, admin.email]
    )
    calendar = attachment(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.events[0]["STATUS"] == "CANCELLED"
    assert calendar.events[0]["SEQUENCE"] == 1
    assert str(calendar.events[0]["UID"]) == session.uid
    assert session.invitations.get().attendance == Attendance.CANCELLED


def test_session_cancel_refuses_a_session_that_has_started(admin, ambassador_record, clean):
    session = TrainingSessionFactory(
        trainer=admin, starts_at=dt.datetime(2020, 1, 1, 14, tzinfo=dt.UTC)
    )
    SessionInvitationFactory(session=session, ambassador=ambassador_record)

    with pytest.raises(WhiteCoatError) as error:
        session_cancel(session=session, by=admin)

    assert error.value.code == "started"


def test_session_ics_in_utc_zone_keeps_the_instant(settings, admin, ambassador_record, clean):
    settings.TIME_ZONE = "UTC"
    start = dt.datetime(2030, 6, 3, 9, 30, tzinfo=dt.UTC)
    session = TrainingSessionFactory(trainer=admin, starts_at=start, duration_minutes=45)

    event = icalendar.Calendar.from_ical(session_ics(session=session)).events[0]

    assert event.start == start
    assert event.end == start + dt.timedelta(minutes=45)
