"""Pages of the content hub. Each view: a permission-aware fetch, validate, one service
call, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from whitecoat.content import copywriting, images, selectors, services
from whitecoat.content.enums import ItemState, KitState
from whitecoat.content.forms import (
    REQUEST_STATE_CHOICES,
    BulkForm,
    ConsentForm,
    KeywordsForm,
    KitForm,
    KitMoveForm,
    MoveForm,
    QueueFilterForm,
    RequestActionForm,
    RequestForm,
    ShareForm,
    UseForm,
)
from whitecoat.content.services import ITEM_MOVES, KIT_MOVES, REQUEST_MOVES
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.models import Department
from whitecoat.organizations.roles import user_is_admin
from whitecoat.program.selectors import ambassador_for_user

PAGE_SIZE = 20


def _admin_only(request: HttpRequest) -> None:
    if not selectors.user_may_curate(user=request.user):
        raise PermissionDenied


def _hub_only(request: HttpRequest) -> None:
    if not selectors.user_may_use_hub(user=request.user):
        raise PermissionDenied


def _own_ambassador(request: HttpRequest):
    ambassador = ambassador_for_user(user=request.user)
    if ambassador is None or not selectors.user_may_use_hub(user=request.user):
        raise PermissionDenied
    return ambassador


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _tracked_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("content:kit-redirect", args=[token]))


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    """The nav's "Content": the queue for admins, their own page for ambassadors."""
    if selectors.user_may_curate(user=request.user):
        return redirect("content:queue")
    if selectors.user_may_use_hub(user=request.user):
        return redirect("content:mine")
    return redirect("content:request-list")


# ---------------------------------------------------------------------------- the queue


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    items = selectors.content_queue(user=request.user, filters=filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "counts": selectors.queue_counts(user=request.user),
        "states": ItemState.choices,
        "bulk_form": BulkForm(),
        "next": request.get_full_path(),
    }
    template = "content/queue.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select items and what to do with them.")
        return _back(request, reverse("content:queue"))
    data = form.cleaned_data
    items = selectors.content_queue(
        user=request.user, filters=selectors.QueueFilters(state="", show="any")
    ).filter(pk__in=data["items"])
    outcome = services.items_bulk_transition(
        items=items, to_state=data["to_state"], by=request.user, reason=data["reason"]
    )
    if outcome.moved:
        messages.success(
            request, f"{outcome.moved} moved to {ItemState(data['to_state']).label.lower()}."
        )
    for item_id, message in outcome.refused:
        messages.error(request, f"Item {item_id}: {message}")
    return _back(request, reverse("content:queue"))


def _item_context(request: HttpRequest, item, **extra) -> dict:
    allowed = [s for s in sorted(ITEM_MOVES[item.state]) if s != ItemState.USED]
    return {
        "item": item,
        "links": selectors.item_links(item=item),
        "topics": selectors.item_topics(item=item),
        "copies": selectors.item_suggested_copy(item=item),
        "uses": selectors.item_uses(item=item),
        "history": selectors.item_history(item=item),
        "moves": [(s, ItemState(s).label) for s in allowed],
        "move_form": MoveForm(),
        "use_form": UseForm(
            initial={"used_at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        **extra,
    }


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, item_id=item_id)
    return render(request, "content/item_detail.html", _item_context(request, item))


@login_required
@require_POST
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, item_id=item_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.item_transition(
                item=item,
                to_state=form.cleaned_data["to_state"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except WhiteCoatError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Now {ItemState(form.cleaned_data['to_state']).label.lower()}."
            )
    else:
        messages.error(request, "Choose where to move it.")
    return redirect("content:item-detail", item.pk)


@login_required
@require_POST
def item_use(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, item_id=item_id)
    form = UseForm(request.POST)
    if form.is_valid():
        try:
            services.item_use_record(item=item, by=request.user, **form.cleaned_data)
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Recorded: used on {form.cleaned_data['account']}.")
            return redirect("content:item-detail", item.pk)
    context = _item_context(request, item, use_form=form)
    return render(request, "content/item_detail.html", context, status=422)


# --------------------------------------------------------------------------- topics


@login_required
def topics(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    failed = None
    if request.method == "POST":
        try:
            department = Department.objects.get(pk=int(request.POST.get("department", "0")))
        except (ValueError, Department.DoesNotExist):
            raise Http404("No such department.") from None
        form = KeywordsForm(request.POST)
        try:
            if request.POST.get("reset"):
                services.department_keywords_reset(department=department, by=request.user)
            elif form.is_valid():
                services.department_keywords_update(
                    department=department, by=request.user, keywords=form.cleaned_data["keywords"]
                )
            else:
                raise WhiteCoatError("Give at least one keyword or phrase.")
        except WhiteCoatError as error:
            failed = {
                "id": department.pk,
                "error": error.message,
                "text": request.POST.get("keywords", ""),
            }
        else:
            messages.success(request, f"{department.name}: saved; posts are re-tagged shortly.")
            return redirect(f"{reverse('content:topics')}#department-{department.pk}")
    context = {"rows": selectors.department_keyword_rows(), "failed": failed}
    return render(request, "content/topics.html", context, status=422 if failed else 200)


# ------------------------------------------------------------------- the ambassador's own


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    ambassador = _own_ambassador(request)
    items = selectors.my_posts_for_consent(ambassador=ambassador)
    context = {
        "ambassador": ambassador,
        "numbers": selectors.ambassador_content_numbers(ambassador=ambassador),
        "consent": selectors.consent_overview(ambassador=ambassador),
        "platforms": [
            (p, Platform(p).label) for p in selectors.ambassador_platforms(ambassador=ambassador)
        ],
        "used": list(selectors.my_items(ambassador=ambassador, used_only=True)),
        "items": items,
        "history": selectors.consent_history(ambassador=ambassador),
    }
    return render(request, "content/mine.html", context)


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    ambassador = _own_ambassador(request)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose yes or no.")
        return redirect("content:mine")
    data = form.cleaned_data
    post = None
    if data["scope"] == "post":
        post = selectors.post_for_ambassador(ambassador=ambassador, post_id=data["post"] or 0)
    try:
        services.consent_set(
            ambassador=ambassador,
            by=request.user,
            granted=form.granted(),
            scope=data["scope"],
            platform=data["platform"] or "",
            post=post,
        )
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Saved: the social media team sees your choice at once.")
    return _back(request, reverse("content:mine"))


# ------------------------------------------------------------------ amplification requests


@login_required
def request_index(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.amplification_request_submit(by=request.user, **form.cleaned_data)
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you: the social media team will get back to you.")
            return redirect("content:request-detail", created.pk)
    show = request.GET.get("show", "open")
    context = {
        "form": form,
        "show": show,
        "shows": REQUEST_STATE_CHOICES[:2],
        "requests": selectors.request_list(user=request.user, show=show),
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "content/request_list.html", context)


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    amplification = selectors.request_get(user=request.user, request_id=request_id)
    form = RequestActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = {
            "accept": "accepted",
            "complete": "completed",
            "decline": "declined",
            "withdraw": "withdrawn",
        }
        try:
            if data["action"] == "assign":
                services.amplification_assign(
                    request=amplification,
                    by=request.user,
                    assigned_to=data["assigned_to"] or request.user,
                )
            else:
                services.amplification_transition(
                    request=amplification,
                    to_state=targets[data["action"]],
                    by=request.user,
                    reason=data["reason"],
                    assigned_to=data["assigned_to"],
                    outcome=data["outcome"],
                    accounts=list(data["accounts"]),
                    reach=data["reach"],
                )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("content:request-detail", amplification.pk)
    context = {
        "amplification": amplification,
        "history": selectors.request_history(request=amplification),
        "form": form,
        "is_admin": user_is_admin(request.user),
        "is_requester": amplification.requested_by_id == request.user.pk,
        "moves": REQUEST_MOVES[amplification.state],
    }
    return render(
        request, "content/request_detail.html", context, status=422 if form.errors else 200
    )


# --------------------------------------------------------------------------- share kits


@login_required
def kit_index(request: HttpRequest) -> HttpResponse:
    _hub_only(request)
    show = request.GET.get("show", "all")
    context = {
        "kits": selectors.kit_list(user=request.user, show=show),
        "show": show,
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "content/kit_list.html", context)


def _kit_form_view(request: HttpRequest, kit=None) -> HttpResponse:
    _admin_only(request)
    initial = KitForm.initial_for(kit, selectors.kit_copies(kit=kit)) if kit else None
    form = KitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        link_length = len(_tracked_url(request, "x" * 10))
        try:
            if kit is None:
                kit = services.kit_create(
                    by=request.user,
                    data=form.kit_input(),
                    image=form.cleaned_data.get("image"),
                    link_length=link_length,
                )
            else:
                services.kit_update(
                    kit=kit,
                    by=request.user,
                    data=form.kit_input(),
                    image=form.cleaned_data.get("image"),
                    remove_image=form.cleaned_data.get("remove_image", False),
                    link_length=link_length,
                )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Kit saved.")
            return redirect("content:kit-detail", kit.pk)
    return render(request, "content/kit_form.html", {"form": form, "kit": kit})


@login_required
def kit_create(request: HttpRequest) -> HttpResponse:
    return _kit_form_view(request)


@login_required
def kit_edit(request: HttpRequest, kit_id: int) -> HttpResponse:
    _admin_only(request)
    return _kit_form_view(request, selectors.kit_get(user=request.user, kit_id=kit_id))


@login_required
def kit_detail(request: HttpRequest, kit_id: int) -> HttpResponse:
    kit = selectors.kit_get(user=request.user, kit_id=kit_id)
    context = {"kit": kit, "is_admin": user_is_admin(request.user)}
    if context["is_admin"]:
        context |= {
            "copies": selectors.kit_copies(kit=kit),
            "rows": selectors.kit_stats(kit=kit),
            "history": selectors.kit_history(kit=kit),
            "moves": sorted(KIT_MOVES[kit.state]),
            "states": dict(KitState.choices),
        }
    else:
        ambassador = _own_ambassador(request)
        link = services.kit_link_for(kit=kit, ambassador=ambassador)
        url = _tracked_url(request, link.token)
        shares = selectors.kit_my_shares(kit=kit, ambassador=ambassador)
        context |= {
            "tracked_url": url,
            "lines": selectors.kit_copy_for(
                kit=kit,
                link=link,
                url=url,
                platforms=selectors.ambassador_platforms(ambassador=ambassador),
                shared=[s.platform for s in shares],
            ),
            "shares": shares,
            "share_form": ShareForm(),
        }
    return render(request, "content/kit_detail.html", context)


@login_required
@require_POST
def kit_move(request: HttpRequest, kit_id: int) -> HttpResponse:
    _admin_only(request)
    kit = selectors.kit_get(user=request.user, kit_id=kit_id)
    form = KitMoveForm(request.POST)
    try:
        if not form.is_valid():
            raise WhiteCoatError("Choose what to do with the kit.")
        services.kit_transition(
            kit=kit,
            to_state=form.cleaned_data["to_state"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"The kit is {KitState(form.cleaned_data['to_state']).label.lower()}."
        )
    return redirect("content:kit-detail", kit.pk)


@login_required
@require_POST
def kit_share(request: HttpRequest, kit_id: int) -> HttpResponse:
    kit = selectors.kit_get(user=request.user, kit_id=kit_id)
    ambassador = _own_ambassador(request)
    form = ShareForm(request.POST)
    try:
        if not form.is_valid():
            raise WhiteCoatError("Check the link to your post.")
        data = form.cleaned_data
        if data["undo"]:
            services.kit_share_unmark(
                kit=kit, ambassador=ambassador, by=request.user, platform=data["platform"]
            )
        else:
            services.kit_share_mark(
                kit=kit,
                ambassador=ambassador,
                by=request.user,
                platform=data["platform"],
                url=data["url"],
            )
    except WhiteCoatError as error:
        messages.error(request, error.message)
    else:
        label = Platform(form.cleaned_data["platform"]).label
        messages.success(
            request,
            f"Unmarked {label}."
            if form.cleaned_data["undo"]
            else f"Thank you: marked as shared on {label}.",
        )
    return redirect("content:kit-detail", kit.pk)


@login_required
@require_GET
def kit_image(request: HttpRequest, kit_id: int) -> FileResponse:
    kit = selectors.kit_get(user=request.user, kit_id=kit_id)
    if not kit.image:
        raise Http404("No image.")
    handle = kit.image.open("rb")
    kind = images.image_kind(handle.read(16)) or ""
    handle.seek(0)
    if kind not in images.CONTENT_TYPES:
        handle.close()
        raise Http404("No image.")
    response = FileResponse(
        handle,
        content_type=images.CONTENT_TYPES[kind],
        as_attachment=request.GET.get("download") == "1",
        filename=f"{kit.campaign}{images.EXTENSIONS[kind]}",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ------------------------------------------------------------------------- the redirect


@never_cache
@require_http_methods(["GET", "HEAD"])
def kit_redirect(request: HttpRequest, token: str) -> HttpResponse:
    """/k/<token>: a kit's tracked link. Counts a GET once per visitor per hour (link
    previews and crawlers aside), then redirects to the kit's own link with UTM parameters.
    Anything that is not a kit link is a 404: never an open redirect."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    count = request.method == "GET" and not copywriting.is_bot(agent)
    target = services.kit_link_follow(
        token=token, ip=request.META.get("REMOTE_ADDR", ""), user_agent=agent, count=count
    )
    if target is None:
        raise Http404("No such link.")
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
