# No `from __future__ import annotations` here: ninja reads these signatures at runtime.

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError

from whitecoat.api.schemas import ErrorOut, ValidationErrorOut
from whitecoat.leaderboard.schemas import LeaderboardOut, LeaderboardQuery, item_out
from whitecoat.leaderboard.scoring import WindowError, window_for
from whitecoat.leaderboard.selectors import (
    PROGRAM_METRICS_TO_COME,
    Filters,
    leaderboard_for_window,
    user_may_view_leaderboard,
)

router = Router(tags=["leaderboard"])


@router.get(
    "/leaderboard",
    response={200: LeaderboardOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    operation_id="get_leaderboard",
    summary="Leaderboard",
)
def get_leaderboard(request: HttpRequest, params: Query[LeaderboardQuery]) -> dict[str, Any]:
    """A page of the leaderboard, with the web page's parameters and rows.

    `window` is 7d, 30d, 90d, 365d, ytd (year to date) or joined (since each ambassador
    joined), ending today; `start` and `end` (both, ISO dates) make a custom window.
    `group` ranks ambassadors, accounts, departments, cohorts, platforms or entities.
    `platform` counts only that platform's accounts; `department`, `cohort`, `entity` and
    `q` only choose which rows to return: ranks stay program-wide. Rows without data have
    a null rank and score and come last. Requesters without another role get 403.
    """
    if not user_may_view_leaderboard(user=request.auth):
        raise HttpError(403, "The leaderboard is for the program's members.")
    try:
        window = window_for(
            "custom" if params.start or params.end else params.window,
            today=timezone.localdate(),
            start=params.start,
            end=params.end,
        )
    except WindowError as error:
        raise ValidationError(
            [{"loc": ["query", "start"], "msg": str(error), "type": "value_error"}]
        ) from None
    board = leaderboard_for_window(
        user=request.auth,
        window=window,
        grouping=params.group,
        platform=params.platform or "",
        filters=Filters(
            department_id=params.department,
            cohort_id=params.cohort,
            entity_id=params.entity,
            search=params.q,
        ),
        sort=params.sort,
        page=params.page,
        page_size=params.page_size,
    )
    return {
        "window": {
            "key": window.key,
            "label": window.label,
            "first_day": window.first_day,
            "last_day": window.closing,
            "days": window.days,
        },
        "group": board.grouping,
        "platform": board.platform,
        "sort": board.sort,
        "stored": board.stored,
        "computed_at": board.computed_at,
        "ranked": board.ranked,
        "total": board.total,
        "count": board.count,
        "page": board.page,
        "page_size": board.page_size,
        "pages": board.pages,
        "weights": {name: weight for name, weight in board.weights.items()}
        | {"shrinkage": board.weights.shrinkage},
        "metrics_not_tracked_yet": [
            {"key": key, "label": label, "waits_for": waits_for}
            for key, label, waits_for in PROGRAM_METRICS_TO_COME
        ],
        "items": [item_out(line) for line in board.lines],
    }
