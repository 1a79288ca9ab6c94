"""Server-rendered pages. Each view: a scoped fetch, one selector call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from whitecoat.api.models import ApiToken
from whitecoat.api.services import api_token_create, api_token_revoke
from whitecoat.core.errors import WhiteCoatError
from whitecoat.dashboard.exports import (
    ACCOUNT_COLUMNS,
    AMBASSADOR_COLUMNS,
    PERSON_COLUMNS,
    csv_response,
)
from whitecoat.dashboard.forms import (
    AccountFilterForm,
    AmbassadorFilterForm,
    ApiTokenForm,
    PersonFilterForm,
)
from whitecoat.dashboard.selectors import home_context
from whitecoat.leaderboard.selectors import ambassador_charts
from whitecoat.metrics.selectors import account_list, account_numbers, post_list
from whitecoat.organizations.roles import user_is_admin, user_role
from whitecoat.organizations.selectors import (
    cohort_list,
    department_list_with_counts,
    entity_list,
    person_list,
)
from whitecoat.program.forms import TransitionForm
from whitecoat.program.selectors import ambassador_get, ambassador_list, status_history
from whitecoat.program.services import ALLOWED_MOVES
from whitecoat.training.selectors import ambassador_training_overview

PAGE_SIZE = 25


def _page(request: HttpRequest, items: QuerySet) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _render_list(
    request: HttpRequest, template: str, rows: QuerySet, export: tuple[str, list], context: dict
) -> HttpResponse:
    """Full page normally; the results partial for htmx's live search; ?format=csv exports."""
    if request.GET.get("format") == "csv":
        name, columns = export
        return csv_response(name=name, rows=rows.iterator(chunk_size=500), columns=columns)
    context["page"] = _page(request, rows)
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#results"
    return render(request, template, context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = user_role(request.user)
    context = {"home_role": role.value if role else "", **home_context(user=request.user)}
    return render(request, f"dashboard/home_{role.value if role else 'requester'}.html", context)


@login_required
def ambassador_index(request: HttpRequest) -> HttpResponse:
    form = AmbassadorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ambassadors = ambassador_list(
        user=request.user,
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        cohort_id=filters["cohort"].pk if filters.get("cohort") else None,
        department_id=filters["department"].pk if filters.get("department") else None,
    )
    return _render_list(
        request,
        "dashboard/ambassador_list.html",
        ambassadors,
        ("ambassadors", AMBASSADOR_COLUMNS),
        {"form": form},
    )


@login_required
def ambassador_detail(request: HttpRequest, ambassador_id: int) -> HttpResponse:
    record = ambassador_get(user=request.user, ambassador_id=ambassador_id)
    accounts = account_list(user=request.user, ambassador_id=record.pk)
    is_admin = user_is_admin(request.user)
    allowed = sorted(ALLOWED_MOVES[record.status])
    context = {
        "record": record,
        "numbers": account_numbers(accounts=accounts),
        "history": status_history(ambassador=record),
        "posts": post_list(user=request.user, ambassador_id=record.pk)[:10],
        "platform_choices": record.platform_choices.all(),
        "is_admin": is_admin,
        "transition_form": TransitionForm(allowed=allowed) if is_admin and allowed else None,
        "leaderboard_charts": ambassador_charts(user=request.user, ambassador=record),
        "training": ambassador_training_overview(ambassador=record, user=request.user),
    }
    return render(request, "dashboard/ambassador_detail.html", context)


@login_required
def person_index(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = person_list(
        user=request.user,
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        department_id=filters["department"].pk if filters.get("department") else None,
    )
    return _render_list(
        request, "dashboard/person_list.html", people, ("people", PERSON_COLUMNS), {"form": form}
    )


@login_required
def account_index(request: HttpRequest) -> HttpResponse:
    form = AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    owner = filters.get("owner", "")
    accounts = account_list(
        user=request.user,
        platform=filters.get("platform", ""),
        connection_state=filters.get("connection_state", ""),
        institutional={"ambassador": False, "institutional": True}.get(owner),
        search=filters.get("q", ""),
    )
    return _render_list(
        request,
        "dashboard/account_list.html",
        accounts,
        ("social-accounts", ACCOUNT_COLUMNS),
        {"form": form},
    )


@login_required
def organization(request: HttpRequest) -> HttpResponse:
    context = {
        "entities": entity_list(user=request.user),
        "departments": department_list_with_counts(user=request.user),
        "cohorts": cohort_list(user=request.user),
    }
    return render(request, "dashboard/organization.html", context)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; a new token's secret is shown on this response only."""
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
        except WhiteCoatError as error:
            form.add_error(None, error.message)
    context = {
        "form": form,
        "new_secret": new_secret,
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "dashboard/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api_token_revoke(user=request.user, token_id=token_id)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect("api-tokens")
