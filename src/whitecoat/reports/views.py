"""The report pages, their PDF and XLSX exports, and the admins' monthly e-mail page.
Each view: a permission check, one selector or service, render or respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from whitecoat.core.errors import WhiteCoatError
from whitecoat.reports import exports
from whitecoat.reports.enums import PaperSize, RecipientChoice
from whitecoat.reports.figures import ReportRange
from whitecoat.reports.forms import RecipientAddForm, ReportRangeForm, ScheduleForm
from whitecoat.reports.models import ReportSchedule
from whitecoat.reports.selectors import (
    areas_report,
    delivery_list,
    monthly_runs,
    program_launch_day,
    recipient_candidates,
    recipient_rows,
    results_report,
    user_may_manage_reports,
    user_may_view_reports,
)
from whitecoat.reports.services import report_recipient_set, report_schedule_update
from whitecoat.reports.tables import areas_tables, results_tables

DELIVERIES_PER_PAGE = 25


def _may_view(request: HttpRequest) -> None:
    if not user_may_view_reports(user=request.user):
        raise PermissionDenied


def _may_manage(request: HttpRequest) -> None:
    if not user_may_manage_reports(user=request.user):
        raise PermissionDenied


def _range_form(request: HttpRequest) -> ReportRangeForm:
    return ReportRangeForm(
        request.GET or None, today=timezone.localdate(), launch=program_launch_day()
    )


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", "")
    return paper if paper in PaperSize.values else ReportSchedule.current().paper_size


def _download(content: bytes, *, kind: str, name: str, report_range: ReportRange) -> HttpResponse:
    content_type = exports.PDF_TYPE if kind == "pdf" else exports.XLSX_TYPE
    filename = (
        f"whitecoat-{name}-{report_range.start:%Y-%m-%d}-to-{report_range.end:%Y-%m-%d}.{kind}"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _template(request: HttpRequest, name: str) -> str:
    partial = request.htmx and not request.htmx.boosted  # type: ignore[attr-defined]
    return f"reports/{name}.html" + ("#report" if partial else "")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    return render(request, "reports/index.html", {"runs": monthly_runs(limit=3)})


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    form = _range_form(request)
    report = results_report(report_range=form.report_range(), launch=form.launch)
    kind = request.GET.get("format", "")
    if kind == "pdf":
        content = exports.results_pdf(report, paper=_paper(request))
        return _download(content, kind=kind, name="results", report_range=report.range)
    if kind == "xlsx":
        content = exports.results_xlsx(report)
        return _download(content, kind=kind, name="results", report_range=report.range)
    figures, tables = results_tables(report)
    context = {"form": form, "report": report, "figures": figures, "tables": tables}
    return render(request, _template(request, "results"), context)


@login_required
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    form = _range_form(request)
    report = areas_report(report_range=form.report_range())
    kind = request.GET.get("format", "")
    if kind == "pdf":
        content = exports.areas_pdf(report, paper=_paper(request))
        return _download(content, kind=kind, name="areas", report_range=report.range)
    if kind == "xlsx":
        content = exports.areas_xlsx(report)
        return _download(content, kind=kind, name="areas", report_range=report.range)
    context = {"form": form, "report": report, "tables": areas_tables(report)}
    return render(request, _template(request, "areas"), context)


@login_required
@require_http_methods(["GET", "POST"])
def monthly(request: HttpRequest) -> HttpResponse:
    _may_manage(request)
    form = ScheduleForm(request.POST or None, instance=ReportSchedule.current())
    if request.method == "POST" and form.is_valid():
        try:
            report_schedule_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Monthly report settings saved.")
            return redirect("reports:monthly")
        except WhiteCoatError as error:
            form.add_error(None, error.message)
    deliveries = Paginator(delivery_list(), DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "add_form": RecipientAddForm(candidates=recipient_candidates()),
        "rows": recipient_rows(),
        "runs": monthly_runs(),
        "deliveries": deliveries,
    }
    return render(request, "reports/monthly.html", context)


@login_required
@require_POST
def recipient_add(request: HttpRequest) -> HttpResponse:
    _may_manage(request)
    form = RecipientAddForm(request.POST, candidates=recipient_candidates())
    if form.is_valid():
        return _recipient_set(request, form.cleaned_data["user"], RecipientChoice.SUBSCRIBED)
    messages.error(request, "Choose someone from the list to add.")
    return redirect("reports:monthly")


@login_required
@require_POST
def recipient_change(request: HttpRequest, user_id: int) -> HttpResponse:
    _may_manage(request)
    recipient = get_object_or_404(get_user_model(), pk=user_id)
    choice = request.POST.get("choice", "")
    return _recipient_set(request, recipient, choice)


def _recipient_set(request: HttpRequest, recipient: object, choice: str) -> HttpResponse:
    try:
        report_recipient_set(user=request.user, recipient=recipient, choice=choice)
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        done = "will receive" if choice == RecipientChoice.SUBSCRIBED else "will no longer receive"
        messages.success(request, f"{recipient} {done} the monthly report.")
    return redirect("reports:monthly")
