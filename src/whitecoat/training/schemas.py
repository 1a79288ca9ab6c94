"""The training API's shapes. Fields are listed explicitly, as in whitecoat.api.schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from whitecoat.metrics.enums import Platform
from whitecoat.organizations.roles import user_sees_everything
from whitecoat.training.enums import Attendance, ModuleKind, SessionKind, SessionState
from whitecoat.training.invitations import user_name


class RefOut(Schema):
    id: int
    name: str


class ModuleOut(Schema):
    id: int
    title: str
    kind: ModuleKind
    position: int
    estimated_minutes: int
    is_self_study: bool
    is_published: bool
    body: str = Field(description="Markdown source.")


class CourseOut(Schema):
    id: int
    slug: str
    title: str
    platform: Platform | None = Field(description="null for the course every ambassador takes.")
    summary: str
    position: int
    is_published: bool
    modules: list[ModuleOut]

    @staticmethod
    def resolve_modules(obj: Any) -> list[Any]:
        return list(obj.modules.all())


class InvitationOut(Schema):
    ambassador: RefOut
    attendance: Attendance | None = Field(
        description="Shown to admins, leadership and the ambassador themselves; else null."
    )


class SessionOut(Schema):
    id: int
    uid: str = Field(description="The iCalendar UID, stable for the session's life.")
    sequence: int = Field(description="The iCalendar SEQUENCE: grows with every update sent.")
    course: RefOut
    trainer: RefOut
    kind: SessionKind
    state: SessionState
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    location: str
    video_url: str
    invitations: list[InvitationOut]

    @staticmethod
    def resolve_course(obj: Any) -> dict[str, Any]:
        return {"id": obj.course_id, "name": obj.course.title}

    @staticmethod
    def resolve_trainer(obj: Any) -> dict[str, Any]:
        return {"id": obj.trainer_id, "name": user_name(obj.trainer)}

    @staticmethod
    def resolve_invitations(obj: Any, context: Any) -> list[dict[str, Any]]:
        user = context["request"].auth
        everything = user_sees_everything(user)
        return [
            {
                "ambassador": {"id": i.ambassador_id, "name": i.ambassador.person.full_name},
                "attendance": i.attendance
                if everything or i.ambassador.person.user_id == user.pk
                else None,
            }
            for i in obj.invitations.all()
        ]


class SessionQuery(Schema):
    upcoming: bool | None = Field(
        None, description="true: not yet ended; false: ended (most recent first)."
    )
    start: dt.datetime | None = Field(None, description="Only sessions ending after this.")
    end: dt.datetime | None = Field(None, description="Only sessions starting before this.")


class CourseProgressOut(Schema):
    course: RefOut
    platform: Platform | None
    modules_done: int
    modules_total: int
    is_done: bool


class ReadinessOut(Schema):
    platform_training_missing: list[Platform]
    professionalism_done: bool
    policies_unacknowledged: list[str]
    accounts_set_up: int
    ready_for_onboarding: bool
    ready_for_active: bool


class ProgressOut(Schema):
    ambassador: RefOut
    courses: list[CourseProgressOut]
    readiness: ReadinessOut


class ProgressQuery(Schema):
    ambassador: int | None = Field(
        None, description="Another ambassador you may see; your own record when omitted."
    )
