"""Training pages. Each view: a permission-aware fetch, validate, one service call, render.

Who sees what: everyone signed in reads the published curriculum; admins edit it and run
sessions and policies; ambassadors see their own sessions, progress and checklists; chairs
and leadership read (chairs their departments' ambassadors); requesters only the
curriculum. Objects outside someone's scope are 404s, admin-only pages 403s.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from whitecoat.core.errors import WhiteCoatError
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_is_admin, user_roles, user_sees_everything
from whitecoat.program.selectors import ambassador_for_user, ambassador_get
from whitecoat.training import services
from whitecoat.training.enums import Attendance, SessionState
from whitecoat.training.forms import (
    AttendanceForm,
    CalendarForm,
    CancelForm,
    CourseForm,
    MarkdownPreviewForm,
    ModuleForm,
    PolicyForm,
    PolicyVersionForm,
    SessionForm,
)
from whitecoat.training.invitations import REQUEST, session_ics
from whitecoat.training.markdown import render_markdown
from whitecoat.training.selectors import (
    ambassador_training_overview,
    checklist_for_choice,
    completions_for,
    course_get,
    curriculum,
    invitation_for,
    module_get,
    module_list,
    module_neighbours,
    platform_choice_get,
    policy_acknowledgement_report,
    policy_get,
    policy_overview,
    policy_statuses,
    policy_version_get,
    policy_version_is_current,
    policy_versions,
    session_calendar,
    session_get,
    session_list,
)


def _require_admin(request: HttpRequest) -> None:
    if not user_is_admin(request.user):
        raise PermissionDenied("Only program admins can do this.")


def _require_beyond_curriculum(request: HttpRequest) -> None:
    """Requesters (with no other role) see the curriculum only."""
    if user_roles(request.user) <= {Role.REQUESTER}:
        raise PermissionDenied("This part of training is for the program's members.")


def _fail(form: Any, error: WhiteCoatError) -> None:
    form.add_error(None, error.message)


def _next(request: HttpRequest, default: str) -> str:
    """The POSTed `next` address when it is on this site, else `default`."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default


# ------------------------------------------------------------------------ curriculum


@login_required
def curriculum_view(request: HttpRequest) -> HttpResponse:
    context = {"rows": curriculum(user=request.user)}
    return render(request, "training/curriculum.html", context)


@login_required
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_get(user=request.user, slug=slug)
    ambassador = ambassador_for_user(user=request.user)
    context = {
        "course": course,
        "modules": module_list(user=request.user, course=course),
        "completed_ids": set(completions_for(ambassador=ambassador)),
        "ambassador": ambassador,
    }
    return render(request, "training/course_detail.html", context)


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(**form.cleaned_data, by=request.user)
            messages.success(request, f"Course “{course.title}” created.")
            return redirect("training:course-detail", slug=course.slug)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/course_form.html", {"form": form, "course": None})


@login_required
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_admin(request)
    course = course_get(user=request.user, slug=slug)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_update(course=course, **form.cleaned_data, by=request.user)
            messages.success(request, f"Course “{course.title}” saved.")
            return redirect("training:course-detail", slug=course.slug)
        except WhiteCoatError as error:
            _fail(form, error)
    course.refresh_from_db()  # the heading keeps the saved title while the form has errors
    return render(request, "training/course_form.html", {"form": form, "course": course})


@login_required
@require_POST
def course_move(request: HttpRequest, slug: str) -> HttpResponse:
    _require_admin(request)
    course = course_get(user=request.user, slug=slug)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.course_move(course=course, direction=direction, by=request.user)
    return redirect("training:curriculum")


@login_required
@require_POST
def course_publish(request: HttpRequest, slug: str) -> HttpResponse:
    _require_admin(request)
    course = course_get(user=request.user, slug=slug)
    publish = request.POST.get("publish") == "1"
    services.course_publish(course=course, publish=publish, by=request.user)
    state = "published" if publish else "withdrawn: ambassadors no longer see it"
    messages.success(request, f"“{course.title}” {state}.")
    return redirect(_next(request, reverse("training:curriculum")))


@login_required
def module_detail(request: HttpRequest, module_id: int) -> HttpResponse:
    module = module_get(user=request.user, module_id=module_id)
    ambassador = ambassador_for_user(user=request.user)
    previous, following = module_neighbours(user=request.user, module=module)
    context = {
        "module": module,
        "course": module.course,
        "ambassador": ambassador,
        "completion": completions_for(ambassador=ambassador).get(module.pk),
        "previous": previous,
        "next": following,
    }
    return render(request, "training/module_detail.html", context)


@login_required
def module_create(request: HttpRequest, slug: str) -> HttpResponse:
    _require_admin(request)
    course = course_get(user=request.user, slug=slug)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(course=course, **form.cleaned_data, by=request.user)
            messages.success(request, f"Module “{module.title}” created.")
            return redirect("training:module-detail", module_id=module.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    context = {"form": form, "course": course, "module": None}
    return render(request, "training/module_form.html", context)


@login_required
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    _require_admin(request)
    module = module_get(user=request.user, module_id=module_id)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_update(module=module, **form.cleaned_data, by=request.user)
            messages.success(request, f"Module “{module.title}” saved.")
            return redirect("training:module-detail", module_id=module.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    module.refresh_from_db()
    context = {"form": form, "course": module.course, "module": module}
    return render(request, "training/module_form.html", context)


@login_required
@require_POST
def module_move(request: HttpRequest, module_id: int) -> HttpResponse:
    _require_admin(request)
    module = module_get(user=request.user, module_id=module_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.module_move(module=module, direction=direction, by=request.user)
    return redirect("training:course-detail", slug=module.course.slug)


@login_required
@require_POST
def module_complete(request: HttpRequest, module_id: int) -> HttpResponse:
    module = module_get(user=request.user, module_id=module_id)
    ambassador = ambassador_for_user(user=request.user)
    if ambassador is None:
        raise Http404("Only ambassadors track their progress.")
    try:
        if request.POST.get("undo"):
            services.module_completion_undo(module=module, ambassador=ambassador, by=request.user)
        else:
            services.module_complete(module=module, ambassador=ambassador, by=request.user)
            messages.success(request, f"“{module.title}” marked complete.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect("training:module-detail", module_id=module.pk)


@login_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The Markdown typed so far, rendered and sanitised exactly as the page will show it."""
    _require_admin(request)
    form = MarkdownPreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(request, "training/_markdown_preview.html", {"html": render_markdown(body)})


# -------------------------------------------------------------------------- sessions


@login_required
def session_index(request: HttpRequest) -> HttpResponse:
    _require_beyond_curriculum(request)
    context = {
        "upcoming": session_list(user=request.user, upcoming=True),
        "past": session_list(user=request.user, upcoming=False)[:50],
    }
    return render(request, "training/session_list.html", context)


@login_required
def session_calendar_view(request: HttpRequest) -> HttpResponse:
    _require_beyond_curriculum(request)
    view, day = CalendarForm(request.GET or None).period()
    period = session_calendar(user=request.user, view=view, day=day)
    context = {"period": period, "zone": settings.TIME_ZONE}
    return render(request, "training/calendar.html", context)


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get(user=request.user, session_id=session_id)
    context = {"session": session, "mine": invitation_for(session=session, user=request.user)}
    return render(request, "training/session_detail.html", context)


@login_required
def session_download(request: HttpRequest, session_id: int) -> HttpResponse:
    """The session as a .ics file to add to one's calendar."""
    session = session_get(user=request.user, session_id=session_id)
    method = "CANCEL" if session.state == SessionState.CANCELLED else REQUEST
    invited = [
        i.ambassador for i in session.invitations.all() if i.attendance != Attendance.CANCELLED
    ]
    response = HttpResponse(
        session_ics(session=session, method=method, attendees=invited),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.ics"'
    return response


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = SessionForm(request.POST or None, initial={"trainer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_schedule(**form.service_arguments(), by=request.user)
            messages.success(request, "Session scheduled; invitations are on their way.")
            return redirect("training:session-detail", session_id=session.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    _require_admin(request)
    session = session_get(user=request.user, session_id=session_id)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_update(
                session=session, **form.service_arguments(), by=request.user
            )
            messages.success(request, "Session saved; everyone invited gets the update.")
            return redirect("training:session-detail", session_id=session.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/session_form.html", {"form": form, "session": session})


@login_required
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    _require_admin(request)
    session = session_get(user=request.user, session_id=session_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, "Session cancelled; everyone invited has been told.")
            return redirect("training:session-detail", session_id=session.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/session_cancel.html", {"form": form, "session": session})


@login_required
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    _require_admin(request)
    session = session_get(user=request.user, session_id=session_id)
    form = AttendanceForm(request.POST or None, invitations=list(session.invitations.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(session=session, marks=form.marks(), by=request.user)
            messages.success(request, "Attendance recorded.")
            return redirect("training:session-detail", session_id=session.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/attendance_form.html", {"form": form, "session": session})


# -------------------------------------------------------------------------- policies


@login_required
def policy_index(request: HttpRequest) -> HttpResponse:
    _require_beyond_curriculum(request)
    rows = policy_overview(user=request.user)
    to_acknowledge = [r.status for r in rows if r.status and not r.status.is_acknowledged]
    context = {"rows": rows, "to_acknowledge": to_acknowledge}
    return render(request, "training/policy_list.html", context)


@login_required
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A policy's address: its current version, else (for admins) its latest draft."""
    _require_beyond_curriculum(request)
    policy = policy_get(user=request.user, slug=slug)
    version = policy_versions(user=request.user, policy=policy).first()
    if version is None:
        if user_is_admin(request.user):
            return redirect("training:policy-version-create", slug=policy.slug)
        raise Http404("This policy has no published version yet.")
    return redirect("training:policy-version", version_id=version.pk)


@login_required
def policy_version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_beyond_curriculum(request)
    version = policy_version_get(user=request.user, version_id=version_id)
    status = next(
        (s for s in policy_statuses(user=request.user) if s.version.pk == version.pk), None
    )
    context = {
        "version": version,
        "policy": version.policy,
        "versions": policy_versions(user=request.user, policy=version.policy),
        "is_current": policy_version_is_current(version=version),
        "status": status,
    }
    return render(request, "training/policy_version.html", context)


@login_required
@require_POST
def policy_acknowledge(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_beyond_curriculum(request)
    version = policy_version_get(user=request.user, version_id=version_id)
    ambassador = ambassador_for_user(user=request.user)
    try:
        services.policy_acknowledge(version=version, ambassador=ambassador, by=request.user)
        messages.success(request, f"Thank you: you acknowledged “{version.policy.title}”.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect(_next(request, reverse("training:policy-list")))


@login_required
def policy_report(request: HttpRequest, version_id: int) -> HttpResponse:
    """Who, among onboarding and active ambassadors, has not acknowledged this version."""
    if not user_sees_everything(request.user):
        raise PermissionDenied("Only program admins and leadership see who has acknowledged.")
    version = policy_version_get(user=request.user, version_id=version_id)
    report = policy_acknowledgement_report(user=request.user, version=version)
    context = {
        "report": report,
        "version": version,
        "is_current": policy_version_is_current(version=version),
    }
    return render(request, "training/policy_report.html", context)


@login_required
@require_POST
def policy_acknowledge_for(
    request: HttpRequest, version_id: int, ambassador_id: int
) -> HttpResponse:
    """An admin records an acknowledgement made outside the app (e.g. signed on paper)."""
    _require_admin(request)
    version = policy_version_get(user=request.user, version_id=version_id)
    ambassador = ambassador_get(user=request.user, ambassador_id=ambassador_id)
    try:
        services.policy_acknowledge(version=version, ambassador=ambassador, by=request.user)
        messages.success(request, f"Acknowledgement recorded for {ambassador.person.full_name}.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect("training:policy-report", version_id=version.pk)


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(**form.cleaned_data, by=request.user)
            return redirect("training:policy-version-create", slug=policy.slug)
        except WhiteCoatError as error:
            _fail(form, error)
    return render(request, "training/policy_form.html", {"form": form})


@login_required
def policy_version_create(request: HttpRequest, slug: str) -> HttpResponse:
    _require_admin(request)
    policy = policy_get(user=request.user, slug=slug)
    latest = policy.versions.order_by("-created_at", "-id").first()
    initial = {"body": latest.body, "asks_disclaimer": latest.asks_disclaimer} if latest else {}
    form = PolicyVersionForm(request.POST or None, policy=policy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_version_create(
                policy=policy, **form.cleaned_data, by=request.user
            )
            messages.success(request, "Draft saved. Publish it when it is ready.")
            return redirect("training:policy-version", version_id=version.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    context = {"form": form, "policy": policy, "version": None}
    return render(request, "training/policy_version_form.html", context)


@login_required
def policy_version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_admin(request)
    version = policy_version_get(user=request.user, version_id=version_id)
    form = PolicyVersionForm(request.POST or None, instance=version, policy=version.policy)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_version_update(
                version=version, **form.cleaned_data, by=request.user
            )
            messages.success(request, "Draft saved.")
            return redirect("training:policy-version", version_id=version.pk)
        except WhiteCoatError as error:
            _fail(form, error)
    version.refresh_from_db()
    context = {"form": form, "policy": version.policy, "version": version}
    return render(request, "training/policy_version_form.html", context)


@login_required
@require_POST
def policy_version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_admin(request)
    version = policy_version_get(user=request.user, version_id=version_id)
    try:
        services.policy_version_publish(version=version, by=request.user)
        messages.success(request, "Published: every active ambassador is asked to acknowledge it.")
    except WhiteCoatError as error:
        messages.error(request, error.message)
    return redirect("training:policy-version", version_id=version.pk)


# --------------------------------------------------- the ambassador's training, checklist


@login_required
def ambassador_training(request: HttpRequest, ambassador_id: int) -> HttpResponse:
    record = ambassador_get(user=request.user, ambassador_id=ambassador_id)
    training = ambassador_training_overview(ambassador=record, user=request.user)
    return render(
        request, "training/ambassador_training.html", {"record": record, "training": training}
    )


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    record = ambassador_for_user(user=request.user)
    if record is None:
        raise Http404("You have no ambassador record.")
    return redirect("training:ambassador", ambassador_id=record.pk)


@login_required
@require_POST
def checklist_set(request: HttpRequest, choice_id: int) -> HttpResponse:
    """Tick or untick one item; htmx gets the platform's checklist back, others a redirect."""
    choice = platform_choice_get(user=request.user, choice_id=choice_id)
    try:
        services.checklist_item_set(
            platform_choice=choice,
            item=request.POST.get("item", ""),
            checked=request.POST.get("checked") == "1",
            by=request.user,
        )
    except WhiteCoatError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    if request.htmx:
        context = {"checklist": checklist_for_choice(choice=choice), "can_check": True}
        return render(request, "training/_ambassador_training.html#checklist", context)
    return redirect(_next(request, reverse("training:ambassador", args=[choice.ambassador_id])))
