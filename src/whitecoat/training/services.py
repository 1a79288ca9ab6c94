"""Writes of the training app: the curriculum, sessions and attendance, policies, checklists.

Every function is keyword-only, atomic, checks who may do it, validates with full_clean()
and raises WhiteCoatError with a message for the user. Mail goes out on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.core.mail import deliver, subject_line
from whitecoat.metrics.enums import AccountUse
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.roles import user_is_admin
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador, PlatformChoice
from whitecoat.training.enums import (
    Attendance,
    ChecklistItemKind,
    CompletionSource,
    SessionKind,
    SessionState,
)
from whitecoat.training.invitations import (
    CANCEL,
    REQUEST,
    program_zone,
    send_session_mail,
    user_email,
    user_name,
)
from whitecoat.training.models import (
    ChecklistItem,
    Course,
    Module,
    ModuleCompletion,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    SessionInvitation,
    TrainingSession,
)

MIN_SESSION = dt.timedelta(minutes=5)
MAX_SESSION = dt.timedelta(hours=8)


def _require_admin(user: Any) -> None:
    if not user_is_admin(user):
        raise WhiteCoatError("Only program admins can do this.", code="forbidden")


def _require_self_or_admin(user: Any, ambassador: Ambassador) -> None:
    if user_is_admin(user):
        return
    if user is not None and user.is_authenticated and ambassador.person.user_id == user.pk:
        return
    raise WhiteCoatError("Only the ambassador or a program admin can do this.", code="forbidden")


def _save(instance: Any) -> Any:
    """full_clean() then save, turning validation errors into one WhiteCoatError."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [
            f"{field.replace('_', ' ').capitalize()}: {message}" if field != "__all__" else message
            for field, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        raise WhiteCoatError(" ".join(messages), code="invalid") from None
    instance.save()
    return instance


def _move(items: list[Any], item: Any, direction: int) -> None:
    """Renumber `items` 1..n with `item` moved one place up (-1) or down (+1)."""
    if direction not in (-1, 1):
        raise WhiteCoatError("Move up or down, one place at a time.", code="invalid")
    order = [i.pk for i in items]
    index = order.index(item.pk)
    target = index + direction
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    by_pk = {i.pk: i for i in items}
    changed = []
    for position, pk in enumerate(order, start=1):
        if by_pk[pk].position != position:
            by_pk[pk].position = position
            changed.append(by_pk[pk])
    type(item).objects.bulk_update(changed, ["position"])


# ------------------------------------------------------------------------ curriculum


@transaction.atomic
def course_create(
    *,
    title: str,
    slug: str,
    platform: str | None,
    summary: str = "",
    is_published: bool = False,
    by: Any,
) -> Course:
    _require_admin(by)
    last = Course.objects.aggregate(last=Max("position"))["last"] or 0
    course = Course(
        title=title,
        slug=slug,
        platform=platform or None,
        summary=summary,
        is_published=is_published,
        position=last + 1,
    )
    return _save(course)


@transaction.atomic
def course_update(
    *,
    course: Course,
    title: str,
    slug: str,
    platform: str | None,
    summary: str = "",
    is_published: bool = False,
    by: Any,
) -> Course:
    _require_admin(by)
    course.title = title
    course.slug = slug
    course.platform = platform or None
    course.summary = summary
    course.is_published = is_published
    return _save(course)


@transaction.atomic
def course_publish(*, course: Course, publish: bool, by: Any) -> Course:
    _require_admin(by)
    course.is_published = publish
    course.save(update_fields=["is_published", "updated_at"])
    return course


@transaction.atomic
def course_move(*, course: Course, direction: int, by: Any) -> None:
    """Move a course one place up (-1) or down (+1) in the curriculum."""
    _require_admin(by)
    _move(
        list(Course.objects.select_for_update().order_by("position", "title", "id")),
        course,
        direction,
    )


@transaction.atomic
def module_create(
    *,
    course: Course,
    title: str,
    kind: str,
    body: str,
    estimated_minutes: int,
    is_self_study: bool,
    is_published: bool = True,
    by: Any,
) -> Module:
    _require_admin(by)
    last = course.modules.aggregate(last=Max("position"))["last"] or 0
    module = Module(
        course=course,
        title=title,
        kind=kind,
        body=body,
        estimated_minutes=estimated_minutes,
        is_self_study=is_self_study,
        is_published=is_published,
        position=last + 1,
    )
    return _save(module)


@transaction.atomic
def module_update(
    *,
    module: Module,
    title: str,
    kind: str,
    body: str,
    estimated_minutes: int,
    is_self_study: bool,
    is_published: bool = True,
    by: Any,
) -> Module:
    _require_admin(by)
    module.title = title
    module.kind = kind
    module.body = body
    module.estimated_minutes = estimated_minutes
    module.is_self_study = is_self_study
    module.is_published = is_published
    return _save(module)


@transaction.atomic
def module_move(*, module: Module, direction: int, by: Any) -> None:
    """Move a module one place up (-1) or down (+1) within its course."""
    _require_admin(by)
    siblings = Module.objects.select_for_update().filter(course_id=module.course_id)
    _move(list(siblings.order_by("position", "id")), module, direction)


@transaction.atomic
def module_complete(*, module: Module, ambassador: Ambassador, by: Any) -> ModuleCompletion:
    """Self-study: the ambassador (or an admin for them) marks a module done. Idempotent."""
    _require_self_or_admin(by, ambassador)
    if not (module.is_published and module.course.is_published):
        raise WhiteCoatError("This module is not published.", code="unpublished")
    if not module.is_self_study:
        raise WhiteCoatError(
            f"“{module.title}” is covered in a training session: it is completed when the "
            "session's attendance is recorded.",
            code="not_self_study",
        )
    completion, _ = ModuleCompletion.objects.get_or_create(
        ambassador=ambassador,
        module=module,
        defaults={
            "completed_at": timezone.now(),
            "source": CompletionSource.SELF,
            "recorded_by": by,
        },
    )
    return completion


@transaction.atomic
def module_completion_undo(*, module: Module, ambassador: Ambassador, by: Any) -> None:
    """Take back a self-study completion; completions from a session stay."""
    _require_self_or_admin(by, ambassador)
    completion = ModuleCompletion.objects.filter(ambassador=ambassador, module=module).first()
    if completion is None:
        return
    if completion.source != CompletionSource.SELF:
        raise WhiteCoatError(
            "This module was completed by attending a session; only the attendance can "
            "change that.",
            code="from_session",
        )
    completion.delete()


# -------------------------------------------------------------------------- sessions


def _when(session: TrainingSession) -> str:
    zone = program_zone()
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    return f"on {start:%a} {start.day} {start:%b %Y} from {start:%H:%M} to {end:%H:%M}"


def _minutes(duration: dt.timedelta) -> int:
    if duration < MIN_SESSION or duration > MAX_SESSION:
        raise WhiteCoatError(
            "A session lasts between 5 minutes and 8 hours.", code="invalid_duration"
        )
    if duration % dt.timedelta(minutes=1):
        raise WhiteCoatError("Give the duration in whole minutes.", code="invalid_duration")
    return int(duration / dt.timedelta(minutes=1))


def _check_plan(
    *, starts_at: dt.datetime, invitees: list[Ambassador], kind: str, location: str, video_url: str
) -> None:
    if timezone.is_naive(starts_at):
        raise WhiteCoatError("The start time needs a time zone.", code="naive_time")
    if starts_at <= timezone.now():
        raise WhiteCoatError("A session cannot start in the past.", code="in_the_past")
    if not invitees:
        raise WhiteCoatError("Invite at least one ambassador.", code="no_invitees")
    if kind == SessionKind.ONE_TO_ONE and len(invitees) != 1:
        raise WhiteCoatError(
            f"A one-to-one session has exactly one invitee, not {len(invitees)}: choose "
            "a group session.",
            code="one_to_one",
        )
    if not location.strip() and not video_url.strip():
        raise WhiteCoatError("Give a place or a video link.", code="no_place")
    gone = [a.person.full_name for a in invitees if a.status == AmbassadorStatus.ALUMNI]
    if gone:
        raise WhiteCoatError(
            f"{', '.join(gone)} left the program (alumni) and cannot be invited.",
            code="alumni",
        )


def _lock_people(trainer: Any, invitees: list[Ambassador]) -> None:
    """Serialise scheduling for these people (PostgreSQL; SQLite already serialises writes)."""
    list(get_user_model().objects.select_for_update().filter(pk=trainer.pk))
    list(
        Ambassador.objects.select_for_update()
        .filter(pk__in=[a.pk for a in invitees])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _check_conflicts(
    *,
    trainer: Any,
    invitees: list[Ambassador],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_id: int | None = None,
) -> None:
    """Refuse when the trainer or an invitee is already in an overlapping scheduled session."""
    overlapping = TrainingSession.objects.filter(
        state=SessionState.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exclude(pk=exclude_id)
    problems = [
        f"{user_name(trainer)} (trainer) is already training “{clash.course.title}” {_when(clash)}"
        for clash in overlapping.filter(trainer=trainer).select_related("course")
    ]
    busy = (
        SessionInvitation.objects.filter(
            session__in=overlapping, ambassador__in=[a.pk for a in invitees]
        )
        .exclude(attendance=Attendance.CANCELLED)
        .select_related("ambassador__person", "session__course")
        .order_by("session__starts_at", "ambassador__person__last_name")
    )
    problems += [
        f"{invitation.ambassador.person.full_name} is already invited to "
        f"“{invitation.session.course.title}” {_when(invitation.session)}"
        for invitation in busy
    ]
    if problems:
        raise WhiteCoatError("This time clashes: " + "; ".join(problems) + ".", code="conflict")


def _distinct(invitees: Iterable[Ambassador]) -> list[Ambassador]:
    seen: dict[int, Ambassador] = {}
    for ambassador in invitees:
        seen.setdefault(ambassador.pk, ambassador)
    return list(seen.values())


def _mail_on_commit(
    session: TrainingSession,
    *,
    method: str,
    to: list[Ambassador],
    listed: list[Ambassador],
    trainer: bool,
    subject: str,
    template: str,
) -> None:
    recipients = [a.person.email for a in to]
    if trainer:
        recipients.append(user_email(session.trainer))
    transaction.on_commit(
        lambda: send_session_mail(
            session=session,
            method=method,
            recipients=recipients,
            attendees=listed,
            subject=subject,
            template=template,
        )
    )


def _session_plan(
    *,
    starts_at: dt.datetime,
    duration: dt.timedelta,
    invitees: Iterable[Ambassador],
    kind: str | None,
    location: str,
    video_url: str,
) -> tuple[list[Ambassador], str, int, dt.datetime]:
    """What scheduling and changing a session both check: the invitees (each once), the
    kind (one-to-one for a single invitee unless given), the duration and the place."""
    people = _distinct(invitees)
    kind = kind or (SessionKind.ONE_TO_ONE if len(people) == 1 else SessionKind.GROUP)
    minutes = _minutes(duration)
    _check_plan(
        starts_at=starts_at, invitees=people, kind=kind, location=location, video_url=video_url
    )
    return people, kind, minutes, starts_at + duration


@transaction.atomic
def session_schedule(
    *,
    course: Course,
    trainer: Any,
    starts_at: dt.datetime,
    duration: dt.timedelta,
    invitees: Iterable[Ambassador],
    location: str = "",
    video_url: str = "",
    kind: str | None = None,
    notes: str = "",
    by: Any,
) -> TrainingSession:
    """Schedule a session and send each invitee and the trainer an iCalendar invitation."""
    _require_admin(by)
    invitees, kind, minutes, ends_at = _session_plan(
        starts_at=starts_at,
        duration=duration,
        invitees=invitees,
        kind=kind,
        location=location,
        video_url=video_url,
    )
    _lock_people(trainer, invitees)
    _check_conflicts(trainer=trainer, invitees=invitees, starts_at=starts_at, ends_at=ends_at)
    session = _save(
        TrainingSession(
            course=course,
            trainer=trainer,
            kind=kind,
            starts_at=starts_at,
            duration_minutes=minutes,
            ends_at=ends_at,
            location=location.strip(),
            video_url=video_url.strip(),
            notes=notes,
            created_by=by,
        )
    )
    SessionInvitation.objects.bulk_create(
        SessionInvitation(session=session, ambassador=ambassador) for ambassador in invitees
    )
    _mail_on_commit(
        session,
        method=REQUEST,
        to=invitees,
        listed=invitees,
        trainer=True,
        subject=f"Invitation: {course.title} training",
        template="session_invitation",
    )
    return session


def _changeable(session: TrainingSession) -> None:
    if session.state == SessionState.CANCELLED:
        raise WhiteCoatError("This session is cancelled.", code="cancelled")
    if session.starts_at <= timezone.now():
        raise WhiteCoatError(
            "This session has already started; record its attendance instead.",
            code="started",
        )


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    course: Course,
    trainer: Any,
    starts_at: dt.datetime,
    duration: dt.timedelta,
    invitees: Iterable[Ambassador],
    location: str = "",
    video_url: str = "",
    kind: str | None = None,
    notes: str = "",
    by: Any,
) -> TrainingSession:
    """Change a future session; invitees get an update (SEQUENCE + 1), removed ones a CANCEL."""
    _require_admin(by)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _changeable(session)
    invitees, kind, minutes, ends_at = _session_plan(
        starts_at=starts_at,
        duration=duration,
        invitees=invitees,
        kind=kind,
        location=location,
        video_url=video_url,
    )
    invitations = {
        i.ambassador_id: i
        for i in session.invitations.select_related("ambassador__person").order_by("id")
    }
    active_before = {pk for pk, i in invitations.items() if i.attendance != Attendance.CANCELLED}
    wanted = {a.pk for a in invitees}
    new_values = {
        "course_id": course.pk,
        "trainer_id": trainer.pk,
        "kind": kind,
        "starts_at": starts_at,
        "duration_minutes": minutes,
        "ends_at": ends_at,
        "location": location.strip(),
        "video_url": video_url.strip(),
        "notes": notes,
    }
    changed = [name for name, value in new_values.items() if getattr(session, name) != value]
    if not changed and wanted == active_before:
        return session
    _lock_people(trainer, invitees)
    _check_conflicts(
        trainer=trainer,
        invitees=invitees,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_id=session.pk,
    )
    old_trainer = session.trainer
    for name, value in new_values.items():
        setattr(session, name, value)
    session.sequence += 1
    _save(session)

    removed = [invitations[pk] for pk in active_before - wanted]
    for invitation in removed:
        invitation.attendance = Attendance.CANCELLED
    SessionInvitation.objects.bulk_update(removed, ["attendance"])
    returning = [invitations[pk] for pk in wanted & set(invitations) if pk not in active_before]
    for invitation in returning:
        invitation.attendance = Attendance.PENDING
    SessionInvitation.objects.bulk_update(returning, ["attendance"])
    SessionInvitation.objects.bulk_create(
        SessionInvitation(session=session, ambassador=a)
        for a in invitees
        if a.pk not in invitations
    )

    session.refresh_from_db()
    title = session.course.title
    _mail_on_commit(
        session,
        method=REQUEST,
        to=invitees,
        listed=invitees,
        trainer=True,
        subject=f"Updated: {title} training",
        template="session_update",
    )
    if removed:
        _mail_on_commit(
            session,
            method=CANCEL,
            to=[i.ambassador for i in removed],
            listed=[i.ambassador for i in removed],
            trainer=False,
            subject=f"Cancelled for you: {title} training",
            template="session_removed",
        )
    if old_trainer.pk != trainer.pk and user_email(old_trainer):
        transaction.on_commit(
            lambda: send_session_mail(
                session=session,
                method=CANCEL,
                recipients=[user_email(old_trainer)],
                attendees=invitees,
                subject=f"Cancelled for you: {title} training",
                template="session_removed",
            )
        )
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, reason: str = "", by: Any) -> TrainingSession:
    """Cancel a future session: everyone invited and the trainer get a METHOD:CANCEL."""
    _require_admin(by)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _changeable(session)
    invitations = list(
        session.invitations.exclude(attendance=Attendance.CANCELLED).select_related(
            "ambassador__person"
        )
    )
    session.state = SessionState.CANCELLED
    session.cancel_reason = reason.strip()
    session.sequence += 1
    session.save(update_fields=["state", "cancel_reason", "sequence", "updated_at"])
    session.invitations.filter(pk__in=[i.pk for i in invitations]).update(
        attendance=Attendance.CANCELLED
    )
    ambassadors = [i.ambassador for i in invitations]
    _mail_on_commit(
        session,
        method=CANCEL,
        to=ambassadors,
        listed=ambassadors,
        trainer=True,
        subject=f"Cancelled: {session.course.title} training",
        template="session_cancelled",
    )
    return session


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, marks: Mapping[int, str], by: Any
) -> list[SessionInvitation]:
    """Record attendance per invitation id. Attending completes the course's published
    modules for that ambassador; taking "attended" back removes what it completed."""
    _require_admin(by)
    session = TrainingSession.objects.select_related("course").get(pk=session.pk)
    if session.state == SessionState.CANCELLED:
        raise WhiteCoatError("This session was cancelled.", code="cancelled")
    if session.starts_at > timezone.now():
        raise WhiteCoatError(
            "This session has not started yet: record attendance once it has.",
            code="not_started",
        )
    invitations = {
        i.pk: i
        for i in session.invitations.select_for_update().select_related("ambassador__person")
    }
    unknown = set(marks) - set(invitations)
    if unknown:
        raise WhiteCoatError("Some of these people were not invited.", code="not_invited")
    modules = list(session.course.modules.filter(is_published=True))
    now = timezone.now()
    changed = []
    for invitation_id, attendance in marks.items():
        if attendance not in Attendance.values:
            raise WhiteCoatError(f"“{attendance}” is not an attendance.", code="invalid")
        invitation = invitations[invitation_id]
        if invitation.attendance == attendance:
            continue
        was_attended = invitation.attendance == Attendance.ATTENDED
        invitation.attendance = attendance
        invitation.recorded_at = now
        invitation.recorded_by = by
        changed.append(invitation)
        if attendance == Attendance.ATTENDED:
            done = set(
                ModuleCompletion.objects.filter(
                    ambassador=invitation.ambassador, module__in=modules
                ).values_list("module_id", flat=True)
            )
            ModuleCompletion.objects.bulk_create(
                ModuleCompletion(
                    ambassador=invitation.ambassador,
                    module=module,
                    completed_at=now,
                    source=CompletionSource.SESSION,
                    session=session,
                    recorded_by=by,
                )
                for module in modules
                if module.pk not in done
            )
        elif was_attended:
            ModuleCompletion.objects.filter(
                ambassador=invitation.ambassador, session=session
            ).delete()
    SessionInvitation.objects.bulk_update(changed, ["attendance", "recorded_at", "recorded_by"])
    return [invitations[pk] for pk in marks]


# -------------------------------------------------------------------------- policies


@transaction.atomic
def policy_create(*, title: str, slug: str, summary: str = "", by: Any) -> Policy:
    _require_admin(by)
    return _save(Policy(title=title, slug=slug, summary=summary))


@transaction.atomic
def policy_version_create(
    *,
    policy: Policy,
    label: str,
    body: str,
    effective_on: dt.date,
    asks_disclaimer: bool = False,
    by: Any,
) -> PolicyVersion:
    """A draft version; nobody is asked to acknowledge it until it is published."""
    _require_admin(by)
    version = PolicyVersion(
        policy=policy,
        label=label,
        body=body,
        effective_on=effective_on,
        asks_disclaimer=asks_disclaimer,
    )
    return _save(version)


@transaction.atomic
def policy_version_update(
    *,
    version: PolicyVersion,
    label: str,
    body: str,
    effective_on: dt.date,
    asks_disclaimer: bool = False,
    by: Any,
) -> PolicyVersion:
    _require_admin(by)
    if version.is_published:
        raise WhiteCoatError(
            "A published version never changes: create a new version instead.",
            code="published",
        )
    version.label = label
    version.body = body
    version.effective_on = effective_on
    version.asks_disclaimer = asks_disclaimer
    return _save(version)


@transaction.atomic
def policy_version_publish(*, version: PolicyVersion, by: Any) -> PolicyVersion:
    """Make the version current: every active ambassador is asked to acknowledge it."""
    _require_admin(by)
    version = PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)
    if version.is_published:
        raise WhiteCoatError("This version is already published.", code="published")
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["published_at", "published_by", "updated_at"])
    addresses = list(
        Ambassador.objects.filter(status=AmbassadorStatus.ACTIVE)
        .values_list("person__email", flat=True)
        .distinct()
    )
    transaction.on_commit(lambda: _mail_policy_published(version, addresses))
    return version


def _mail_policy_published(version: PolicyVersion, addresses: list[str]) -> int:
    body = render_to_string(
        "training/email/policy_published.txt",
        {"version": version, "site_name": settings.SITE_NAME},
    )
    subject = subject_line(f"Please acknowledge: {version.policy.title} ({version.label})")
    return deliver(
        [
            EmailMessage(subject=subject, body=body, to=[address])
            for address in sorted({a for a in addresses if a})
        ]
    )


def _is_current(version: PolicyVersion) -> bool:
    latest = (
        PolicyVersion.objects.filter(policy_id=version.policy_id, published_at__isnull=False)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == version.pk


@transaction.atomic
def policy_acknowledge(
    *, version: PolicyVersion, by: Any, ambassador: Ambassador | None = None
) -> PolicyAcknowledgement:
    """Acknowledge the current version: for an ambassador (themselves, or an admin recording
    it for them), or as a user who is not an ambassador. Idempotent."""
    if not _is_current(version):
        raise WhiteCoatError(
            "Only the current, published version of a policy can be acknowledged.",
            code="not_current",
        )
    if ambassador is not None:
        _require_self_or_admin(by, ambassador)
        acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(
            version=version,
            ambassador=ambassador,
            defaults={"user": by, "acknowledged_at": timezone.now()},
        )
        return acknowledgement
    if by is None or not by.is_authenticated:
        raise WhiteCoatError("Sign in to acknowledge a policy.", code="forbidden")
    acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(
        version=version,
        ambassador=None,
        user=by,
        defaults={"acknowledged_at": timezone.now()},
    )
    return acknowledgement


# ------------------------------------------------------------------------- checklist


@transaction.atomic
def checklist_item_set(
    *, platform_choice: PlatformChoice, item: str, checked: bool, by: Any
) -> ChecklistItem:
    """Check or uncheck one set-up item, recording who and when (idempotent)."""
    ambassador = platform_choice.ambassador
    _require_self_or_admin(by, ambassador)
    if item not in ChecklistItemKind.values:
        raise WhiteCoatError(f"“{item}” is not a checklist item.", code="invalid")
    account = (
        SocialAccount.objects.filter(
            ambassador_id=ambassador.pk,
            platform=platform_choice.platform,
            use=AccountUse.PROFESSIONAL,
        )
        .order_by("id")
        .first()
    )
    row, created = ChecklistItem.objects.select_for_update().get_or_create(
        platform_choice=platform_choice,
        item=item,
        defaults={
            "is_checked": checked,
            "account": account,
            "changed_at": timezone.now(),
            "changed_by": by,
        },
    )
    if not created and (
        row.is_checked != checked or row.account_id != getattr(account, "pk", None)
    ):
        row.is_checked = checked
        row.account = account
        row.changed_at = timezone.now()
        row.changed_by = by
        row.save(update_fields=["is_checked", "account", "changed_at", "changed_by"])
    return row
