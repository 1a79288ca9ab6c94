"""The leaderboard pages. Each view: a permission check, one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.leaderboard.exports import leaderboard_csv, leaderboard_xlsx
from whitecoat.leaderboard.forms import DashboardForm, LeaderboardFilterForm, ScoreSettingsForm
from whitecoat.leaderboard.models import ScoreSettings
from whitecoat.leaderboard.scoring import BADGES, window_for
from whitecoat.leaderboard.selectors import (
    leaderboard_for_window,
    program_dashboard,
    score_explanation,
    user_may_view_dashboard,
    user_may_view_leaderboard,
)
from whitecoat.leaderboard.services import SETTINGS_FIELDS, score_settings_update
from whitecoat.leaderboard.tables import columns_for
from whitecoat.organizations.roles import user_is_admin

PAGE_SIZE = 25
EXPORTS = {"csv": leaderboard_csv, "xlsx": leaderboard_xlsx}


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    if not user_may_view_leaderboard(user=request.user):
        raise PermissionDenied
    form = LeaderboardFilterForm(request.GET or None, today=timezone.localdate())
    params = form.params(page=request.GET.get("page"))
    export = EXPORTS.get(request.GET.get("format", ""))
    board = leaderboard_for_window(
        user=request.user,
        window=params.window,
        grouping=params.grouping,
        platform=params.platform,
        filters=params.filters,
        sort=params.sort,
        page=params.page,
        page_size=PAGE_SIZE,
        everything=export is not None,
    )
    if export is not None:
        return export(board)
    context = {
        "form": form,
        "board": board,
        "columns": columns_for(board.grouping),
        "explanation": score_explanation(board.weights),
        "badges": BADGES.values(),
    }
    template = "leaderboard/leaderboard.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not user_may_view_dashboard(user=request.user):
        raise PermissionDenied
    form = DashboardForm(request.GET or {"window": "30d"})
    key = form.cleaned_data.get("window") if form.is_valid() else ""
    window = window_for(key or "30d", today=timezone.localdate())
    context = {"form": form, "data": program_dashboard(user=request.user, window=window)}
    return render(request, "leaderboard/dashboard.html", context)


@login_required
def score_settings(request: HttpRequest) -> HttpResponse:
    if not user_is_admin(request.user):
        raise PermissionDenied
    current = ScoreSettings.current()
    form = ScoreSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            values = {name: form.cleaned_data[name] for name in SETTINGS_FIELDS}
            score_settings_update(user=request.user, **values)
            messages.success(request, "Score settings saved: the leaderboard uses them now.")
            return redirect("leaderboard-settings")
        except WhiteCoatError as error:
            form.add_error(None, error.message)
    context = {"form": form, "settings": current, "explanation": score_explanation(current.weights)}
    return render(request, "leaderboard/settings.html", context)
