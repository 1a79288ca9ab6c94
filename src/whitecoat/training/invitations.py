"""iCalendar invitations for training sessions, and the e-mails that carry them.

One VEVENT per session: its UID never changes, its SEQUENCE grows with each update, and
METHOD is REQUEST for an invitation or an update and CANCEL for a cancellation or for
someone taken off the session (RFC 5546). Times carry the program's time zone
(settings.TIME_ZONE) as a TZID with its VTIMEZONE, so calendars show the right local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.message import MIMEPart
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from whitecoat.core.mail import deliver, subject_line
from whitecoat.training.models import TrainingSession

PRODID = "-//WhiteCoat//Training sessions//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def program_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def user_email(user: object) -> str:
    """A user's address: their own, else the one on their roster entry."""
    address = getattr(user, "email", "") or ""
    if not address:
        person = getattr(user, "person", None)
        address = getattr(person, "email", "") if person is not None else ""
    return address


def user_name(user: object) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def _address(email: str, name: str, *, organizer: bool = False) -> icalendar.vCalAddress:
    if organizer:
        return icalendar.vCalAddress.new(f"mailto:{email}", cn=name)
    return icalendar.vCalAddress.new(
        f"mailto:{email}",
        cn=name,
        role="REQ-PARTICIPANT",
        partstat="NEEDS-ACTION",
        rsvp=True,
    )


def session_ics(
    *, session: TrainingSession, method: str = REQUEST, attendees: Iterable[object] = ()
) -> bytes:
    """The session as an iCalendar object; `attendees` are the ambassadors listed in it."""
    zone = program_zone()
    start = session.starts_at.astimezone(zone)
    end = start + dt.timedelta(minutes=session.duration_minutes)
    description = [f"{session.get_kind_display()} training: {session.course.title}."]
    if session.video_url:
        description.append(f"Join: {session.video_url}")
    if session.notes:
        description.append(session.notes)
    if method == CANCEL and session.cancel_reason:
        description.append(f"Cancelled: {session.cancel_reason}")
    trainer_email = user_email(session.trainer)
    event = icalendar.Event.new(
        uid=session.uid,
        sequence=session.sequence,
        start=start,
        end=end,
        summary=f"Training: {session.course.title}",
        description="\n\n".join(description),
        location=session.location or session.video_url or None,
        url=session.video_url or None,
        status="CANCELLED" if method == CANCEL else "CONFIRMED",
        organizer=_address(trainer_email, user_name(session.trainer), organizer=True)
        if trainer_email
        else None,
        attendees=[
            _address(ambassador.person.email, ambassador.person.full_name)
            for ambassador in attendees
        ],
    )
    calendar = icalendar.Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
    calendar.add_missing_timezones(
        first_date=start.date() - dt.timedelta(days=366),
        last_date=end.date() + dt.timedelta(days=366),
    )
    return calendar.to_ical()


def _calendar_part(ics: bytes, method: str) -> MIMEPart:
    """A text/calendar attachment with its METHOD parameter, as calendar clients expect."""
    part = MIMEPart()
    part.set_content(ics.decode(), subtype="calendar", charset="utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def send_session_mail(
    *,
    session: TrainingSession,
    method: str,
    recipients: Iterable[str],
    attendees: Iterable[object],
    subject: str,
    template: str,
) -> int:
    """One message per address, each with the .ics attached; returns how many were sent."""
    attendees = list(attendees)
    ics = session_ics(session=session, method=method, attendees=attendees)
    zone = program_zone()
    context = {
        "session": session,
        "starts_at": session.starts_at.astimezone(zone),
        "ends_at": session.ends_at.astimezone(zone),
        "zone": settings.TIME_ZONE,
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string(f"training/email/{template}.txt", context)
    messages = []
    for address in sorted({address for address in recipients if address}):
        message = EmailMessage(subject=subject_line(subject), body=body, to=[address])
        message.attach(_calendar_part(ics, method))
        messages.append(message)
    return deliver(messages)
