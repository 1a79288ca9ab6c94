"""Imports and manual entry, for program admins only (others 403; anonymous → login).

Each view: the admin check, a fetch that 404s, validate, one service call, redirect or
render. The plan (what committing would do) comes from `import_plan`, as in the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports.enums import ImportState
from whitecoat.imports.forms import ManualEntryForm, MappingForm, PreviewForm, UploadForm
from whitecoat.imports.models import Import
from whitecoat.imports.parsers import GENERIC
from whitecoat.imports.selectors import (
    account_figures,
    account_imported_posts,
    format_label,
    import_accounts_written,
    import_columns,
    import_list,
    import_plan,
    imports_may_manage,
    mapping_for_header_row,
)
from whitecoat.imports.services import (
    INLINE_ROWS,
    import_choose,
    import_discard,
    import_start,
    import_undo,
    import_upload,
    snapshot_enter,
)
from whitecoat.metrics.models import SocialAccount

PAGE_SIZE = 25
PREVIEW_ROWS = 50
ERRORS_SHOWN = 200


def _require_admin(request: HttpRequest) -> None:
    if not imports_may_manage(user=request.user):
        raise PermissionDenied


def _get(import_id: int) -> Import:
    return get_object_or_404(
        Import.objects.select_related("uploaded_by", "committed_by"), pk=import_id
    )


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Upload a file (then preview it) and the history of imports."""
    _require_admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = import_upload(
                by=request.user,
                file_name=upload.name,
                data=upload.read(),
                format=form.cleaned_data["format"],
                account=form.cleaned_data["account"],
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            name = "imports:mapping" if record.format == GENERIC else "imports:detail"
            return _go(request, reverse(name, args=[record.pk]))
    page = Paginator(import_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "imports/index.html"
    if request.htmx and request.method == "POST":
        template += "#upload"
    elif request.htmx and not request.htmx.boosted:
        template += "#history"
    return render(request, template, {"form": form, "page": page})


def _preview(
    request: HttpRequest, record: Import, form: Any = None, error: str = ""
) -> HttpResponse:
    plan = import_plan(record=record)
    form = form or PreviewForm(plan=plan)
    shown = [op for op in plan.ops if op.action != "unchanged"][:PREVIEW_ROWS]
    context = {
        "record": record,
        "plan": plan,
        "form": form,
        "error": error,
        "rows": shown,
        "errors": plan.errors[:ERRORS_SHOWN],
        "format_label": format_label(plan.format),
        "detected_label": format_label(plan.detected) if plan.detected else "",
        "queued": len(plan.ops) > INLINE_ROWS,
        "inline_rows": INLINE_ROWS,
    }
    return render(request, "imports/preview.html", context, status=409 if error else 200)


@login_required
def detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview of an upload (GET), its choices saved (POST); the progress of a commit
    under way (polled by htmx with ?progress=<state>); the result once imported."""
    _require_admin(request)
    record = _get(import_id)
    polled = request.GET.get("progress")
    if polled is not None:
        if record.state != polled or not record.busy:
            # Done, failed or given back: the whole page changes, so reload it.
            return HttpResponseClientRefresh() if request.htmx else redirect(request.path)
        return render(request, "imports/result.html#progress", {"record": record})
    if record.state != ImportState.UPLOADED:
        context = {
            "record": record,
            "accounts": import_accounts_written(record=record),
            "format_label": format_label(record.format),
        }
        return render(request, "imports/result.html", context)
    if request.method == "POST":
        form = PreviewForm(request.POST, plan=import_plan(record=record))
        if form.is_valid():
            import_choose(
                record=record,
                by=request.user,
                format=form.cleaned_data["format"],
                accounts=form.accounts(),
                replace_existing=form.cleaned_data["replace_existing"],
            )
            if record.format == GENERIC and not record.mapping.get("columns"):
                return redirect("imports:mapping", record.pk)
            return redirect("imports:detail", record.pk)
        return _preview(request, record, form)
    return _preview(request, record)


@login_required
@require_POST
def commit(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_admin(request)
    record = _get(import_id)
    if record.state != ImportState.UPLOADED:
        if record.state == ImportState.COMMITTING:
            messages.info(request, "This file is being imported: this page shows the progress.")
        else:
            messages.info(request, "This file has already been imported.")
        return redirect("imports:detail", record.pk)
    form = PreviewForm(request.POST, plan=import_plan(record=record))
    if not form.is_valid() or form.cleaned_data["format"] != record.format:
        # A changed format changes the preview: show it before importing anything.
        if form.is_valid():
            import_choose(record=record, by=request.user, format=form.cleaned_data["format"])
            messages.info(request, "The file is now read as another format: check the preview.")
            return redirect("imports:detail", record.pk)
        return _preview(request, record, form)
    try:
        record = import_start(
            record=record,
            by=request.user,
            plan=form.plan,
            accounts=form.accounts(),
            replace_existing=form.cleaned_data["replace_existing"],
        )
    except WhiteCoatError as error:
        record.refresh_from_db()
        return _preview(request, record, error=error.message)
    if record.state == ImportState.COMMITTING:
        messages.info(
            request,
            f"{record.file_name} is being imported by a worker: this page shows how far it "
            "is. You can leave it; nothing is saved until every row is written.",
        )
    else:
        messages.success(request, f"Imported {record.file_name}: {record.written:,} rows written.")
    return redirect("imports:detail", record.pk)


@login_required
def mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    """The column-mapping screen of the generic format (Hootsuite and anything else)."""
    _require_admin(request)
    record = _get(import_id)
    if record.state != ImportState.UPLOADED or record.format != GENERIC:
        return redirect("imports:detail", record.pk)
    columns = import_columns(record=record)
    form = MappingForm(
        request.POST or None, labels=[c.label for c in columns], mapping=record.mapping or {}
    )
    if request.method == "POST" and form.is_valid():
        proposed = form.mapping()
        if proposed["header_row"] != (record.mapping or {}).get("header_row"):
            # Other column names: propose their mapping and show the screen again.
            moved = mapping_for_header_row(record=record, header_row=proposed["header_row"])
            import_choose(record=record, by=request.user, mapping={**proposed, **moved})
            return redirect("imports:mapping", record.pk)
        import_choose(record=record, by=request.user, mapping=proposed)
        return redirect("imports:detail", record.pk)
    context = {"record": record, "form": form, "columns": columns}
    return render(request, "imports/mapping.html", context)


@login_required
@require_POST
def undo(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_admin(request)
    record = _get(import_id)
    try:
        import_undo(record=record, by=request.user)
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Import of {record.file_name} undone.")
    return redirect("imports:detail", record.pk)


@login_required
@require_POST
def discard(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_admin(request)
    record = _get(import_id)
    try:
        import_discard(record=record, by=request.user)
    except WhiteCoatError as error:
        messages.error(request, error.message)
        return redirect("imports:detail", record.pk)
    messages.success(request, f"{record.file_name} discarded; nothing was imported.")
    return redirect("imports:index")


@login_required
def manual(request: HttpRequest) -> HttpResponse:
    """An admin types one day's figures of an account; they are marked "entered by hand"."""
    _require_admin(request)
    initial = {}
    if request.GET.get("account", "").isdigit():
        initial["account"] = request.GET["account"]
    form = ManualEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            snapshot_enter(
                account=data["account"],
                day=data["date"],
                figures=form.figures(),
                by=request.user,
                replace=data["replace"],
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Figures of {data['account']} for {data['date']:%-d %b %Y} saved."
            )
            return redirect("imports:account", data["account"].pk)
    return render(request, "imports/manual.html", {"form": form})


@login_required
def account(request: HttpRequest, account_id: int) -> HttpResponse:
    """One account's daily figures with where each day came from, and its recent posts."""
    _require_admin(request)
    try:
        social = SocialAccount.objects.select_related(
            "ambassador__person", "unit_department", "unit_entity"
        ).get(pk=account_id)
    except SocialAccount.DoesNotExist:
        raise Http404("No such account.") from None
    context = {
        "account": social,
        "days": account_figures(account=social),
        "posts": account_imported_posts(account=social),
    }
    return render(request, "imports/account.html", context)
