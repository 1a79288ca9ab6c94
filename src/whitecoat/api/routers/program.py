# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from whitecoat.api.routers.common import DETAIL_ERRORS, LIST_ERRORS, Paginator
from whitecoat.api.schemas import AmbassadorOut, AmbassadorQuery
from whitecoat.program.models import Ambassador
from whitecoat.program.selectors import ambassador_get, ambassador_list

router = Router(tags=["program"])


@router.get(
    "/ambassadors",
    response={200: list[AmbassadorOut], **LIST_ERRORS},
    operation_id="list_ambassadors",
)
@paginate(Paginator)
def list_ambassadors(request: HttpRequest, filters: Query[AmbassadorQuery]) -> QuerySet[Ambassador]:
    """Ambassadors: all for admins and leadership, a chair's departments, else your own record."""
    return ambassador_list(
        user=request.auth,
        search=filters.q,
        status=filters.status or "",
        cohort_id=filters.cohort,
        department_id=filters.department,
        entity_id=filters.entity,
    )


@router.get(
    "/ambassadors/{ambassador_id}",
    response={200: AmbassadorOut, **DETAIL_ERRORS},
    operation_id="get_ambassador",
)
def get_ambassador(request: HttpRequest, ambassador_id: int) -> Ambassador:
    """One ambassador; 404 when it is outside what you may see."""
    return ambassador_get(user=request.auth, ambassador_id=ambassador_id)
