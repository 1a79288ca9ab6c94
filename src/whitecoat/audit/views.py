"""The audit trail's pages, for program admins. Each view: permission check, one selector,
render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from whitecoat.audit import selectors
from whitecoat.audit.exports import audit_csv
from whitecoat.audit.forms import AuditFilterForm

PAGE_SIZE = 50


def _admins_only(request: HttpRequest) -> None:
    if not selectors.user_may_view_audit(user=request.user):
        raise PermissionDenied


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    _admins_only(request)
    form = AuditFilterForm(request.GET or None)
    entries = selectors.audit_entries(filters=form.filters())
    if request.GET.get("format") == "csv":
        return audit_csv(entries.iterator(chunk_size=2000))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "audit/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@login_required
@require_GET
def object_history(request: HttpRequest, model_label: str, object_id: str) -> HttpResponse:
    _admins_only(request)
    model = selectors.audited_model(label=model_label)
    if model is None:
        raise Http404("No audit trail is kept for this kind of record.")
    entries = selectors.audit_object_entries(model=model, object_id=object_id)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "model": model,
        "verbose_name": model._meta.verbose_name,
        "label": model._meta.label,
        "object_id": object_id,
        "page": page,
        "links": selectors.audit_object_links(model=model, object_id=object_id),
    }
    return render(request, "audit/object.html", context)
