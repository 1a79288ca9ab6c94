# No `from __future__ import annotations` here: ninja reads these signatures at runtime.
"""The program reports: the same figures as the report pages, for any date range."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError

from whitecoat.api.schemas import ErrorOut, ValidationErrorOut
from whitecoat.reports.figures import RangeError, ReportRange, range_for
from whitecoat.reports.schemas import AreasOut, ReportQuery, ResultsOut, areas_out, results_out
from whitecoat.reports.selectors import (
    areas_report,
    program_launch_day,
    results_report,
    user_may_view_reports,
)

router = Router(tags=["reports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


def _allowed_range(request: HttpRequest, params: ReportQuery) -> ReportRange:
    if not user_may_view_reports(user=request.auth):
        raise HttpError(403, "Reports are for program admins and leadership.")
    custom = params.start is not None or params.end is not None
    try:
        return range_for(
            "custom" if custom else params.window,
            today=timezone.localdate(),
            launch=program_launch_day(),
            start=params.start,
            end=params.end,
        )
    except RangeError as error:
        raise ValidationError(
            [{"loc": ["query", "start"], "msg": str(error), "type": "value_error"}]
        ) from None


@router.get(
    "/reports/results",
    response={200: ResultsOut, **ERRORS},
    operation_id="get_results_report",
    summary="Results since launch",
)
def get_results(request: HttpRequest, params: Query[ReportQuery]) -> dict[str, Any]:
    """The results report over a range: ambassadors at each month end (by cohort, kind and
    status), how many the program had at launch, audience and its growth, engagement,
    impressions, video views, posts, content repurposed, share kits shared, link clicks,
    training held and completion rates.

    `window` is launch (the default), 12m, ytd or last_month; `start` and `end` (both,
    ISO dates) make a custom range. A figure with no data is null, never 0; each key
    figure also comes as the page writes it (`text`). Program admins and leadership only.
    """
    report = results_report(report_range=_allowed_range(request, params))
    return results_out(report)


@router.get(
    "/reports/areas",
    response={200: AreasOut, **ERRORS},
    operation_id="get_areas_report",
    summary="Areas represented",
)
def get_areas(request: HttpRequest, params: Query[ReportQuery]) -> dict[str, Any]:
    """Departments and service lines with active ambassadors on the range's last day
    (headcount, joined in the range, audience), and every nationally ranked specialty with
    `gap` true when none of its departments has an active ambassador. Same range
    parameters as the results; program admins and leadership only."""
    report = areas_report(report_range=_allowed_range(request, params))
    return areas_out(report)
