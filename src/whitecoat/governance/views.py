"""The governance pages. Each view: a permission check or a scoped fetch that 404s,
validate, one selector or service, redirect or render.

Who may open what is in selectors.py (and docs/governance.md); anonymous users are sent to
sign in everywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from whitecoat.core.errors import WhiteCoatError
from whitecoat.governance import exports, selectors, services
from whitecoat.governance.enums import AccountRequestState, ActionKind, ActionState, ImportState
from whitecoat.governance.forms import (
    AccountRequestForm,
    ActionMoveForm,
    AttestationPolicyForm,
    AttestForm,
    AuditForm,
    DecisionForm,
    FreezeEndForm,
    FreezeForm,
    RegistryFilterForm,
    RegistryForm,
    RequestDecisionForm,
    StatusForm,
    UploadForm,
)
from whitecoat.governance.models import GovernanceSettings
from whitecoat.governance.selectors import (
    RegistryFilters,
    user_may_audit,
    user_may_manage_registry,
    user_may_read_registry,
)
from whitecoat.organizations.roles import user_is_admin, user_sees_everything
from whitecoat.organizations.selectors import department_ids_nominated_by

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50
PREVIEW_ROWS = 200


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("page"))


def _partial(request: HttpRequest, template: str, part: str) -> str:
    if request.htmx and not request.htmx.boosted:
        return f"{template}#{part}"
    return template


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Admins and leadership start at the registry; everyone else at their own page."""
    if user_may_read_registry(user=request.user):
        return redirect("governance:registry")
    return redirect("governance:mine")


# ------------------------------------------------------------------------------ registry


@login_required
def registry_list(request: HttpRequest) -> HttpResponse:
    _require(user_may_read_registry(user=request.user))
    form = RegistryFilterForm(request.GET or None)
    entries = selectors.registry_list(user=request.user, filters=form.filters())
    if request.GET.get("format") == "csv":
        return exports.registry_csv(entries)
    context = {
        "form": form,
        "page": _page(request, entries),
        "can_manage": user_may_manage_registry(user=request.user),
    }
    return render(request, _partial(request, "governance/registry_list.html", "results"), context)


@login_required
def registry_create(request: HttpRequest) -> HttpResponse:
    _require(user_may_manage_registry(user=request.user))
    origin = None
    initial: dict[str, Any] = {}
    if request.GET.get("request"):
        if not request.GET["request"].isdigit():
            raise Http404("No such request.")
        origin = selectors.account_request_get(
            user=request.user, request_id=int(request.GET["request"])
        )
        initial = {
            "platform": origin.platform,
            "handle": origin.proposed_handle,
            "department": origin.unit_department,
            "entity": origin.unit_entity,
            "owner_email": origin.owner_email,
            "purpose": origin.purpose,
        }
    form = RegistryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.registry_create(
                by=request.user, data=form.registry_input(), request=origin
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{entry} is in the registry.")
            return redirect("governance:registry-detail", entry.pk)
    context = {
        "form": form,
        "origin": origin,
        "unregistered": selectors.unregistered_unit_accounts(),
    }
    return render(request, "governance/registry_form.html", context)


@login_required
def registry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.registry_get(user=request.user, entry_id=entry_id)
    numbers = selectors.registry_numbers(entry=entry)
    context = {
        "entry": entry,
        "numbers": numbers,
        "last_post": selectors.registry_last_post(entry=entry),
        "events": selectors.registry_history(entry=entry),
        "actions": selectors.registry_actions(entry=entry),
        "attestations": selectors.registry_attestations(entry=entry),
        "can_manage": user_may_manage_registry(user=request.user),
        "status_form": StatusForm(initial={"status": entry.status}),
    }
    return render(request, "governance/registry_detail.html", context)


@login_required
def registry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    _require(user_may_manage_registry(user=request.user))
    entry = selectors.registry_get(user=request.user, entry_id=entry_id)
    form = RegistryForm(request.POST or None, initial=RegistryForm.initial_for(entry), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.registry_update(
                entry=entry, by=request.user, data=form.registry_input()
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Saved." if event else "Nothing changed.")
            return redirect("governance:registry-detail", entry.pk)
    return render(request, "governance/registry_form.html", {"form": form, "entry": entry})


@login_required
def registry_status(request: HttpRequest, entry_id: int) -> HttpResponse:
    """GET: confirm the new status; POST: change it (with the reason)."""
    _require(user_may_manage_registry(user=request.user))
    entry = selectors.registry_get(user=request.user, entry_id=entry_id)
    form = StatusForm(request.POST or request.GET or None, initial={"status": entry.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.registry_status_set(
                entry=entry,
                to_status=form.cleaned_data["status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Status changed.")
            return redirect("governance:registry-detail", entry.pk)
    return render(request, "governance/registry_status.html", {"form": form, "entry": entry})


# ------------------------------------------------------------------------------- import


@login_required
def import_index(request: HttpRequest) -> HttpResponse:
    _require(user_may_manage_registry(user=request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.registry_import_upload(
                by=request.user, file_name=upload.name, data=upload.read()
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            return redirect("governance:import-detail", record.pk)
    context = {"form": form, "page": _page(request, selectors.registry_import_list())}
    return render(request, "governance/import_index.html", context)


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview (what importing would do, every error by row), or the result."""
    _require(user_may_manage_registry(user=request.user))
    record = selectors.registry_import_get(import_id=import_id)
    plan = (
        selectors.registry_import_plan(record=record)
        if record.state == ImportState.UPLOADED
        else None
    )
    context = {
        "record": record,
        "plan": plan,
        "counts": {a: plan.count(a) for a in ("create", "update", "unchanged")} if plan else {},
        "error_rows": len({e.row for e in plan.errors}) if plan else 0,
        "rows": [r for r in plan.rows if r.action != "unchanged"][:PREVIEW_ROWS] if plan else [],
        "seen_before": selectors.registry_import_seen_before(record=record),
        "events": record.events.select_related("entry__account").order_by("id")[:PREVIEW_ROWS]
        if record.state == ImportState.COMMITTED
        else [],
    }
    return render(request, "governance/import_detail.html", context)


@login_required
@require_POST
def import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    _require(user_may_manage_registry(user=request.user))
    record = selectors.registry_import_get(import_id=import_id)
    try:
        record = services.registry_import_commit(record=record, by=request.user)
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Imported: {record.created} new, {record.updated} updated, "
            f"{record.unchanged} unchanged.",
        )
    return redirect("governance:import-detail", record.pk)


@login_required
@require_POST
def import_discard(request: HttpRequest, import_id: int) -> HttpResponse:
    _require(user_may_manage_registry(user=request.user))
    record = selectors.registry_import_get(import_id=import_id)
    try:
        services.registry_import_discard(record=record, by=request.user)
    except WhiteCoatError as error:
        messages.error(request, error.message)
        return redirect("governance:import-detail", record.pk)
    messages.success(request, "The upload was discarded; nothing was imported.")
    return redirect("governance:import")


# ----------------------------------------------------------------------------- the audit


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    _require(user_may_audit(user=request.user))
    form = AuditForm(request.GET or None)
    params = form.params()
    result = selectors.audit_run(
        user=request.user,
        first=params.first,
        second=params.second,
        dormancy_days=params.dormancy_days,
        small=params.small,
        filters=params.filters,
        sort=params.sort,
    )
    if request.GET.get("format") == "csv":
        return exports.audit_csv(result)
    page = _page(request, result.rows, AUDIT_PAGE_SIZE)
    context = {
        "form": form,
        "params": params,
        "audit": result.audit,
        "page": page,
        "rows": [(row, result.decisions.get(row.account.entry_id)) for row in page],
        "decisions": result.decisions,
        "can_decide": user_is_admin(request.user),
        "periods": f"{params.first.label} vs {params.second.label}",
        "chart": {
            "labels": [params.first.label, params.second.label],
            "series": [
                {
                    "label": "Follower growth, accounts with figures in both periods",
                    "data": [result.audit.totals.growth1, result.audit.totals.growth2],
                }
            ],
        },
    }
    return render(request, _partial(request, "governance/audit.html", "results"), context)


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return reverse("governance:audit")


@login_required
def decide(request: HttpRequest) -> HttpResponse:
    """Accept or reject a recommendation. The audit posts here; a hand-over without a
    backup owner (or a merge without its target) asks for it on this page first."""
    _require(user_may_manage_registry(user=request.user))
    form = DecisionForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid() and not form.needs_more:
        data = form.cleaned_data
        try:
            action = services.recommendation_decide(
                entry=data["entry"],
                by=request.user,
                kind=data["kind"],
                accept=data["decision"] == "accept",
                reason=data["reason"],
                merge_into=data.get("merge_into"),
                hand_over_to=data.get("hand_over_to"),
                periods=data.get("periods") or "",
                note=data.get("note") or "",
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            verb = "rejected" if action.state == ActionState.REJECTED else "accepted"
            messages.success(request, f"{action.get_kind_display()} {action.entry}: {verb}.")
            return redirect(_safe_next(request, data.get("next") or ""))
    if form.is_bound:
        form.is_valid()  # the fields' values, valid ones kept, for the page
    entry = getattr(form, "cleaned_data", {}).get("entry")
    context = {"form": form, "entry": entry, "kinds": ActionKind}
    return render(request, "governance/decide.html", context, status=200)


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    _require(user_may_audit(user=request.user))
    state = request.GET.get("state", ActionState.OPEN)
    state = state if state in {*ActionState.values, ""} else ActionState.OPEN
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActionKind.values else ""
    actions = selectors.action_list(user=request.user, state=state, kind=kind)
    context = {
        "page": _page(request, actions),
        "state": state,
        "kind": kind,
        "states": ActionState.choices,
        "kinds": ActionKind.choices,
        "can_manage": user_is_admin(request.user),
    }
    return render(request, "governance/action_list.html", context)


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    _require(user_may_audit(user=request.user))
    action = selectors.action_get(user=request.user, action_id=action_id)
    form = ActionMoveForm(request.POST or None)
    if request.method == "POST":
        _require(user_is_admin(request.user))
        if form.is_valid():
            try:
                services.action_transition(
                    action=action,
                    to_state=form.cleaned_data["to_state"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except WhiteCoatError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Recorded.")
                return redirect("governance:action-detail", action.pk)
    context = {
        "action": action,
        "changes": action.changes.select_related("changed_by").order_by("changed_at", "id"),
        "form": form,
        "can_manage": user_is_admin(request.user),
    }
    return render(request, "governance/action_detail.html", context)


# ------------------------------------------------------------------------------ freezes


@login_required
def freeze_list(request: HttpRequest) -> HttpResponse:
    _require(user_may_audit(user=request.user))
    form = FreezeForm(request.POST or None)
    if request.method == "POST":
        _require(user_is_admin(request.user))
        if form.is_valid():
            try:
                freeze = services.freeze_create(by=request.user, **form.cleaned_data)
            except WhiteCoatError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{freeze} from {freeze.effective_on:%d %b %Y}.")
                return redirect("governance:freezes")
    show = request.GET.get("show", "current")
    show = show if show in {"current", "ended", "all"} else "current"
    context = {
        "form": form,
        "show": show,
        "page": _page(request, selectors.freeze_list(show=show)),
        "can_manage": user_is_admin(request.user),
    }
    return render(request, "governance/freeze_list.html", context)


@login_required
def freeze_end(request: HttpRequest, freeze_id: int) -> HttpResponse:
    """GET: what ending it means, with a confirmation; POST: end it."""
    _require(user_is_admin(request.user))
    freeze = selectors.freeze_get(freeze_id=freeze_id)
    form = FreezeEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.freeze_end(freeze=freeze, by=request.user, reason=form.cleaned_data["reason"])
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The freeze has ended.")
            return redirect("governance:freezes")
    return render(request, "governance/freeze_end.html", {"form": form, "freeze": freeze})


# ----------------------------------------------------------------------------- requests


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    show = show if show in {"open", *AccountRequestState.values} else ""
    requests = selectors.account_request_list(user=request.user, show=show)
    context = {
        "page": _page(request, requests),
        "show": show,
        "states": AccountRequestState.choices,
        "sees_all": user_sees_everything(request.user),
    }
    return render(request, "governance/request_list.html", context)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.account_request_submit(by=request.user, **form.submit_kwargs())
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            if created.state == AccountRequestState.FROZEN:
                messages.warning(request, "New accounts are frozen here: see the answer below.")
            else:
                messages.success(request, "Thank you: the social media team will decide.")
            return redirect("governance:request-detail", created.pk)
    context = {"form": form, "freezes": selectors.freeze_list(show="current")}
    return render(request, "governance/request_form.html", context)


REQUEST_ACTIONS = {
    "approve": AccountRequestState.APPROVED,
    "decline": AccountRequestState.DECLINED,
    "exception": AccountRequestState.EXCEPTION,
    "withdraw": AccountRequestState.WITHDRAWN,
}


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    account_request = selectors.account_request_get(user=request.user, request_id=request_id)
    form = RequestDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_request_transition(
                request=account_request,
                to_state=REQUEST_ACTIONS[form.cleaned_data["action"]],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Recorded: the requester has been told by e-mail.")
            return redirect("governance:request-detail", account_request.pk)
    context = {
        "req": account_request,
        "form": form,
        "history": selectors.account_request_history(request=account_request),
        "nominators": selectors.request_nominators(request=account_request),
        "is_admin": user_is_admin(request.user),
        "is_requester": account_request.requested_by_id == request.user.pk,
        "registered": account_request.registered_accounts.select_related("account").first(),
        "can_nominate": user_is_admin(request.user)
        or bool(department_ids_nominated_by(user=request.user)),
    }
    return render(request, "governance/request_detail.html", context)


# --------------------------------------------------------------------------- attestation


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The user's unit accounts to confirm each year, and their account requests."""
    context = {
        "entries": selectors.my_registry_entries(user=request.user),
        "version": selectors.attestation_policy_version(),
        "requests": selectors.account_request_list(user=request.user, mine=True)[:20],
        "form": AttestForm(),
    }
    return render(request, "governance/mine.html", context)


@login_required
@require_POST
def attest(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.my_registry_entries(user=request.user).filter(pk=entry_id).first()
    if entry is None:
        raise PermissionDenied
    form = AttestForm(request.POST)
    form.is_valid()
    try:
        services.attestation_confirm(
            entry=entry, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Thank you: {entry} is confirmed for the year.")
    return redirect("governance:mine")


@login_required
def attestations(request: HttpRequest) -> HttpResponse:
    """Admins: which policy owners confirm, and who is overdue."""
    _require(user_may_manage_registry(user=request.user))
    current = GovernanceSettings.current()
    form = AttestationPolicyForm(
        request.POST or None, initial={"policy": current.attestation_policy}
    )
    if request.method == "POST" and form.is_valid():
        services.attestation_policy_set(by=request.user, policy=form.cleaned_data["policy"])
        messages.success(request, "Saved: owners confirm the current version of this policy.")
        return redirect("governance:attestations")
    overdue = selectors.registry_list(user=request.user, filters=RegistryFilters(problem="overdue"))
    context = {
        "form": form,
        "version": selectors.attestation_policy_version(),
        "page": _page(request, overdue),
    }
    return render(request, "governance/attestations.html", context)
