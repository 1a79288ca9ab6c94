"""Connection pages: the admins' Connections page, connecting an account (OAuth or its
handle), sync now, and a sync run's progress (polled by htmx while it runs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from whitecoat.connectors.forms import HandleForm, InstitutionalFilterForm, PlatformAppForm
from whitecoat.connectors.registry import CONNECTORS
from whitecoat.connectors.selectors import (
    account_for_connecting,
    connect_context,
    institutional_accounts,
    organizations,
    platform_statuses,
    sync_run_get,
    sync_run_list,
)
from whitecoat.connectors.services import (
    connection_connect_public,
    connection_disconnect,
    oauth_complete,
    oauth_start,
    platform_app_save,
)
from whitecoat.connectors.sync import sync_daily_start, sync_now
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.roles import user_is_admin

SESSION_KEY = "whitecoat_oauth"
PAGE_SIZE = 25


def _require_admin(request: HttpRequest) -> None:
    if not user_is_admin(request.user):
        raise PermissionDenied


def _back_to(account: SocialAccount) -> str:
    if account.ambassador_id:
        return reverse("ambassador-detail", args=[account.ambassador_id])
    return reverse("connectors:institutional")


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("connectors:callback"))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    orgs = list(organizations())
    chosen = next(
        (o for o in orgs if str(o.pk) == request.GET.get("org")), orgs[0] if orgs else None
    )
    statuses = platform_statuses(organization=chosen)
    context = {
        "organizations": orgs,
        "organization": chosen,
        "statuses": statuses,
        "rows": [
            (s, PlatformAppForm(initial=_initial(s.app), prefix=s.platform)) for s in statuses
        ],
        "runs": sync_run_list(user=request.user)[:10],
        "callback_url": _callback_url(request),
        "expired": sum(s.expired for s in statuses),
        "revoked": sum(s.revoked for s in statuses),
    }
    return render(request, "connectors/index.html", context)


def _initial(app: object) -> dict:
    if app is None:
        return {"enabled": True}
    return {
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scopes": app.scopes,
        "enabled": app.enabled,
    }


@login_required
def institutional(request: HttpRequest) -> HttpResponse:
    """The institution's own accounts: connect, reconnect or sync each (admins only)."""
    _require_admin(request)
    form = InstitutionalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = institutional_accounts(
        platform=filters.get("platform", ""),
        connection_state=filters.get("connection_state", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "connectors/institutional.html", {"form": form, "page": page})


@login_required
@require_POST
def app_save(request: HttpRequest, platform: str) -> HttpResponse:
    _require_admin(request)
    if platform not in CONNECTORS:
        raise Http404
    organization = organizations().filter(pk=request.POST.get("organization")).first()
    form = PlatformAppForm(request.POST, prefix=platform)
    if organization is None or not form.is_valid():
        messages.error(request, "Check the form: a field is not valid.")
        return redirect("connectors:index")
    try:
        platform_app_save(
            user=request.user, organization=organization, platform=platform, **form.cleaned_data
        )
        messages.success(request, f"{CONNECTORS[platform].label} app saved.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('connectors:index')}?org={organization.pk}")


@login_required
def connect(request: HttpRequest, account_id: int) -> HttpResponse:
    """GET: how this account connects. POST: connect by handle, or go to the platform."""
    account = account_for_connecting(user=request.user, account_id=account_id)
    context = connect_context(account=account)
    form = HandleForm(request.POST or None, initial={"handle": account.handle})
    if request.method == "POST":
        cls = context["connector"]
        try:
            if cls is not None and cls.public:
                if form.is_valid():
                    connection_connect_public(
                        user=request.user, account=account, handle=form.cleaned_data["handle"]
                    )
                    sync_now(user=request.user, account=account)
                    messages.success(request, f"{account} is connected; its first sync is queued.")
                    return redirect(_back_to(account))
            else:
                start = oauth_start(
                    user=request.user, account=account, redirect_uri=_callback_url(request)
                )
                request.session[SESSION_KEY] = {
                    "state": start.state,
                    "verifier": start.code_verifier,
                    "account": account.pk,
                }
                return redirect(start.url)
        except WhiteCoatError as error:
            form.add_error(None, error.message)
    return render(request, "connectors/connect.html", {"account": account, "form": form, **context})


@login_required
def callback(request: HttpRequest) -> HttpResponse:
    """The platform sends the browser back here with ?code=…&state=… (or ?error=…)."""
    pending = request.session.pop(SESSION_KEY, None)
    state = request.GET.get("state", "")
    if not pending or not state or state != pending.get("state"):
        # Not the attempt this session started: refuse (CSRF on the OAuth callback).
        raise PermissionDenied("This sign-in link was not started here, or was already used.")
    account = account_for_connecting(user=request.user, account_id=pending["account"])
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(request, f"{account.get_platform_display()} did not grant access.")
        return redirect("connectors:connect", account_id=account.pk)
    try:
        oauth_complete(
            user=request.user,
            account=account,
            code=request.GET["code"],
            code_verifier=pending.get("verifier", ""),
            redirect_uri=_callback_url(request),
        )
        sync_now(user=request.user, account=account)
        messages.success(request, f"{account} is connected; its first sync is queued.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
        return redirect("connectors:connect", account_id=account.pk)
    return redirect(_back_to(account))


@login_required
@require_POST
def disconnect(request: HttpRequest, account_id: int) -> HttpResponse:
    account = account_for_connecting(user=request.user, account_id=account_id)
    connection_disconnect(user=request.user, account=account)
    messages.success(request, f"{account} is disconnected; its history stays.")
    return redirect(_back_to(account))


@login_required
@require_POST
def sync_account(request: HttpRequest, account_id: int) -> HttpResponse:
    account = account_for_connecting(user=request.user, account_id=account_id)
    try:
        run = sync_now(user=request.user, account=account)
    except WhiteCoatError as error:
        messages.error(request, error.message)
        return redirect(_back_to(account))
    return redirect("connectors:run", run_id=run.pk)


@login_required
@require_POST
def sync_all(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    run = sync_daily_start()
    if run is None:
        messages.info(request, "Today's sync has already been started.")
        return redirect("connectors:index")
    return redirect("connectors:run", run_id=run.pk)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = sync_run_get(user=request.user, run_id=run_id)
    items = run.items.select_related("account").order_by("state", "id")[:200]
    template = "connectors/run.html"
    if request.htmx and not request.htmx.boosted:
        template += "#progress"
    return render(request, template, {"run": run, "items": items})
