# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from whitecoat.api.routers.common import LIST_ERRORS, Paginator
from whitecoat.api.schemas import AccountOut, AccountQuery
from whitecoat.metrics.models import SocialAccount
from whitecoat.metrics.selectors import account_list

router = Router(tags=["metrics"])


@router.get(
    "/accounts", response={200: list[AccountOut], **LIST_ERRORS}, operation_id="list_accounts"
)
@paginate(Paginator)
def list_accounts(request: HttpRequest, filters: Query[AccountQuery]) -> QuerySet[SocialAccount]:
    """Social accounts with their latest follower count (null when there is no data yet)."""
    return account_list(
        user=request.auth,
        platform=filters.platform or "",
        connection_state=filters.connection_state or "",
        institutional=filters.institutional,
        ambassador_id=filters.ambassador,
        department_id=filters.department,
        search=filters.q,
    )
