# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.program.selectors import ambassador_for_user, ambassador_get
from whitecoat.training.models import Course, TrainingSession
from whitecoat.training.schemas import (
    CourseOut,
    ProgressOut,
    ProgressQuery,
    SessionOut,
    SessionQuery,
)
from whitecoat.training.selectors import (
    ambassador_readiness,
    course_list_with_modules,
    session_list,
    training_progress,
)

router = Router(tags=["training"])


@router.get(
    "/training/courses",
    response={200: list[CourseOut], **LIST_ERRORS},
    operation_id="list_courses",
)
@paginate(Paginator)
def list_courses(request: HttpRequest) -> QuerySet[Course]:
    """The curriculum with each course's modules, in order. Published ones for everyone;
    program admins also get drafts."""
    return course_list_with_modules(user=request.auth)


@router.get(
    "/training/sessions",
    response={200: list[SessionOut], **LIST_ERRORS},
    operation_id="list_training_sessions",
)
@paginate(Paginator)
def list_sessions(request: HttpRequest, filters: Query[SessionQuery]) -> QuerySet[TrainingSession]:
    """Training sessions: all for admins and leadership, a chair's departments' ambassadors',
    an ambassador's own, a trainer's own. Attendance is shown to admins, leadership and the
    ambassador concerned."""
    return session_list(
        user=request.auth, start=filters.start, end=filters.end, upcoming=filters.upcoming
    )


@router.get(
    "/training/progress",
    response={200: ProgressOut, **DETAIL_ERRORS},
    operation_id="get_training_progress",
)
def get_progress(request: HttpRequest, params: Query[ProgressQuery]) -> dict[str, Any]:
    """An ambassador's course progress and readiness: yours by default, or another
    ambassador's you may see (404 otherwise, and when you have no ambassador record)."""
    if params.ambassador is None:
        ambassador = ambassador_for_user(user=request.auth)
        if ambassador is None:
            raise Http404("You have no ambassador record.")
    else:
        ambassador = ambassador_get(user=request.auth, ambassador_id=params.ambassador)
    readiness = ambassador_readiness(ambassador=ambassador)
    return {
        "ambassador": {"id": ambassador.pk, "name": ambassador.person.display_name},
        "courses": [
            {
                "course": {"id": p.course.pk, "name": p.course.title},
                "platform": p.course.platform,
                "modules_done": p.done,
                "modules_total": p.total,
                "is_done": p.is_done,
            }
            for p in training_progress(ambassador=ambassador)
        ],
        "readiness": {
            "platform_training_missing": readiness.platform_training_missing,
            "professionalism_done": readiness.professionalism_done,
            "policies_unacknowledged": readiness.policies_unacknowledged,
            "accounts_set_up": readiness.accounts_set_up,
            "ready_for_onboarding": readiness.ready_for_onboarding,
            "ready_for_active": readiness.ready_for_active,
        },
    }
