"""Pages of the compliance coach: Check my post, the review queue, rules, coaching.

Who may see what (anything else is a 403; another person's coaching is a 404):
- Check my post: ambassadors and program admins.
- Review queue, decisions, rules and precision: program admins.
- Coaching: ambassadors, their own messages only.
Chairs, leadership and requesters have no page here: the issue gives them no part in it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from whitecoat.core.errors import WhiteCoatError
from whitecoat.screening.engine import RULES
from whitecoat.screening.enums import Decision
from whitecoat.screening.forms import ConfirmForm, DismissForm, DraftForm, QueueFilterForm
from whitecoat.screening.models import PostScreening
from whitecoat.screening.selectors import (
    coaching_get,
    coaching_list,
    coaching_may_view,
    coaching_message_default,
    draft_defaults,
    finding_get_for_review,
    review_counts,
    review_item_get,
    review_queue,
    rule_precision,
    screening_may_check,
    screening_may_review,
)
from whitecoat.screening.services import coaching_acknowledge, draft_check, finding_decide
from whitecoat.screening.version import rules_version

PAGE_SIZE = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ---------------------------------------------------------------------- check my post


@login_required
@never_cache
@sensitive_post_parameters("text", "alt_text", "caption")
def check(request: HttpRequest) -> HttpResponse:
    """Type a draft, see the findings (htmx as you type), apply a fix. Nothing is stored."""
    _require(screening_may_check(user=request.user))
    defaults = draft_defaults(user=request.user)
    initial = {"platform": defaults.platform, "account": defaults.account}
    form = DraftForm(request.POST or None, initial=initial)
    result, error = None, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = draft_check(
                    text=form.cleaned_data["text"],
                    context=form.engine_context(),
                    fix=request.POST.get("fix", ""),
                )
            except WhiteCoatError as exc:
                error = exc.message
            else:
                if result.applied is not None:
                    form = DraftForm({**request.POST.dict(), "text": result.text})
        else:
            error = " ".join(
                f"{form[name].label}: {message}"
                for name, messages_ in form.errors.items()
                for message in messages_
            )
    context = {"form": form, "check": result, "error": error, "defaults": defaults}
    template = "screening/check.html#response" if request.htmx else "screening/check.html"
    return render(request, template, context)


# ------------------------------------------------------------------------ review queue


def _with_default_messages(screenings: list[PostScreening]) -> list[PostScreening]:
    """Each finding gets the first draft of its coaching message, written from its rule."""
    for screening in screenings:
        for finding in screening.queue_findings:
            finding.default_message = coaching_message_default(finding=finding, post=screening.post)
    return screenings


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Blocking and warning findings of ingested posts, grouped per post, newest first."""
    _require(screening_may_review(user=request.user))
    form = QueueFilterForm(request.GET or None)
    page = Paginator(review_queue(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    _with_default_messages(page.object_list)
    context = {
        "form": form,
        "page": page,
        "counts": review_counts(),
        "next": request.get_full_path(),
    }
    template = "screening/queue.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("screening:queue")


def _decide(request: HttpRequest, finding_id: int, decision: str) -> HttpResponse:
    _require(screening_may_review(user=request.user))
    finding = finding_get_for_review(finding_id=finding_id)
    form: Any = (ConfirmForm if decision == Decision.CONFIRMED else DismissForm)(request.POST)
    error, text = "", request.POST.get("message", request.POST.get("reason", ""))
    coached = False
    if form.is_valid():
        text = form.cleaned_data.get("message") or form.cleaned_data.get("reason", "")
        try:
            review = finding_decide(
                finding=finding,
                decision=decision,
                by=request.user,
                text=text,
                coaching_url=request.build_absolute_uri(reverse("screening:coaching")),
            )
        except WhiteCoatError as exc:
            error = exc.message
        else:
            coached = hasattr(review, "coaching")
    else:
        error = "Say why this is a false positive."
    if decision == Decision.DISMISSED:
        done = "Dismissed as a false positive."
    else:
        done = "Confirmed: the ambassador is coached." if coached else "Confirmed."
    if request.htmx:
        item = review_item_get(screening_id=finding.screening_id)
        _with_default_messages([item])
        context = {
            "item": item,
            "outcome": {"id": finding.pk, "decision": decision, "error": error, "text": text},
            "announcement": error or done,
            "next": _back(request),
        }
        return render(request, "screening/queue.html#decision_response", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_back(request))


@login_required
@require_POST
def finding_confirm(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _decide(request, finding_id, Decision.CONFIRMED)


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _decide(request, finding_id, Decision.DISMISSED)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule as data an admin can read, with its precision from the admins' decisions."""
    _require(screening_may_review(user=request.user))
    context = {
        "precision": rule_precision(),
        "rules": RULES,
        "counts": review_counts(),
        "version": rules_version(),
    }
    return render(request, "screening/rules.html", context)


# --------------------------------------------------------------------------- coaching


@login_required
def coaching(request: HttpRequest) -> HttpResponse:
    """The ambassador's coaching messages, those waiting for an acknowledgement first."""
    _require(coaching_may_view(user=request.user))
    return render(
        request, "screening/coaching.html", {"coachings": coaching_list(user=request.user)}
    )


@login_required
@require_POST
def coaching_acknowledge_view(request: HttpRequest, coaching_id: int) -> HttpResponse:
    item = coaching_get(user=request.user, coaching_id=coaching_id)
    try:
        coaching_acknowledge(coaching=item, by=request.user)
    except WhiteCoatError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, "Thank you: acknowledged.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("screening:coaching")
