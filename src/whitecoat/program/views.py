"""Pages of the recruitment pipeline: nominations, intake, transitions, consultations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from whitecoat.core.errors import WhiteCoatError
from whitecoat.organizations.models import Cohort, Department
from whitecoat.organizations.roles import user_is_admin
from whitecoat.organizations.selectors import department_ids_nominated_by
from whitecoat.program import services
from whitecoat.program.forms import (
    AnswerForm,
    ConsultationForm,
    IntakeForm,
    NominationForm,
    ReasonForm,
    RequiredReasonForm,
    ScheduleForm,
    TransitionForm,
)
from whitecoat.program.selectors import (
    ambassador_get,
    consultation_get,
    consultation_list,
    nomination_get,
    nomination_list,
    nominees_available,
)


def _admin_only(request: HttpRequest) -> None:
    if not user_is_admin(request.user):
        raise PermissionDenied


def _nomination_choices(user) -> dict:
    department_ids = (
        list(Department.objects.values_list("id", flat=True))
        if user_is_admin(user)
        else department_ids_nominated_by(user=user)
    )
    return {
        "departments": Department.objects.filter(pk__in=department_ids).order_by("name"),
        "people": nominees_available(user=user, department_ids=department_ids),
        "cohorts": Cohort.objects.order_by("-launched_on"),
    }


@login_required
def nomination_index(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    nominations = nomination_list(user=request.user, open_only=show == "open")
    can_nominate = user_is_admin(request.user) or bool(
        department_ids_nominated_by(user=request.user)
    )
    context = {"nominations": nominations, "show": show, "can_nominate": can_nominate}
    return render(request, "program/nomination_list.html", context)


@login_required
def nomination_create(request: HttpRequest) -> HttpResponse:
    choices = _nomination_choices(request.user)
    if not choices["departments"].exists():
        raise PermissionDenied
    form = NominationForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_person = None
        if data["person"] is None:
            new_person = services.NewPerson(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                kind=data["kind"],
                title=data["title"],
                credentials=data["credentials"],
            )
        try:
            nomination = services.nomination_submit(
                by=request.user,
                department=data["department"],
                cohort=data["cohort"],
                rationale=data["rationale"],
                suggested_platforms=data["suggested_platforms"],
                person=data["person"],
                new_person=new_person,
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{nomination.person.full_name} is nominated.")
            return redirect("nomination-detail", nomination.pk)
    return render(request, "program/nomination_form.html", {"form": form})


@login_required
def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_get(user=request.user, nomination_id=nomination_id)
    context = {
        "nomination": nomination,
        "decision_form": ReasonForm(),
        "answer_form": AnswerForm(),
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "program/nomination_detail.html", context)


def _nomination_action(request: HttpRequest, nomination_id: int, action: str) -> HttpResponse:
    nomination = nomination_get(user=request.user, nomination_id=nomination_id)
    if action != "answer":
        _admin_only(request)
    form_class = (
        AnswerForm
        if action == "answer"
        else (RequiredReasonForm if action in {"decline", "request_info"} else ReasonForm)
    )
    form = form_class(request.POST)
    if form.is_valid():
        text = form.cleaned_data.get("answer") or form.cleaned_data.get("reason", "")
        try:
            if action == "accept":
                services.nomination_accept(nomination=nomination, by=request.user, note=text)
            elif action == "decline":
                services.nomination_decline(nomination=nomination, by=request.user, reason=text)
            elif action == "request_info":
                services.nomination_request_info(
                    nomination=nomination, by=request.user, question=text
                )
            else:
                services.nomination_answer(nomination=nomination, by=request.user, answer=text)
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("nomination-detail", nomination.pk)
    context = {
        "nomination": nomination,
        "decision_form": form if action != "answer" else ReasonForm(),
        "answer_form": form if action == "answer" else AnswerForm(),
        "failed_action": action,
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "program/nomination_detail.html", context, status=422)


@login_required
@require_POST
def nomination_accept(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _nomination_action(request, nomination_id, "accept")


@login_required
@require_POST
def nomination_decline(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _nomination_action(request, nomination_id, "decline")


@login_required
@require_POST
def nomination_request_info(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _nomination_action(request, nomination_id, "request_info")


@login_required
@require_POST
def nomination_answer(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _nomination_action(request, nomination_id, "answer")


@login_required
@require_POST
def ambassador_transition(request: HttpRequest, ambassador_id: int) -> HttpResponse:
    ambassador = ambassador_get(user=request.user, ambassador_id=ambassador_id)
    _admin_only(request)
    form = TransitionForm(request.POST, allowed=sorted(services.ALLOWED_MOVES[ambassador.status]))
    if not form.is_valid():
        messages.error(request, "Choose where to move them.")
    else:
        try:
            services.ambassador_transition(
                ambassador=ambassador,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Status changed.")
        except WhiteCoatError as error:
            messages.error(request, error.message)
    return redirect("ambassador-detail", ambassador.pk)


@login_required
def intake(request: HttpRequest, ambassador_id: int) -> HttpResponse:
    ambassador = ambassador_get(user=request.user, ambassador_id=ambassador_id)
    _admin_only(request)
    nomination = getattr(ambassador, "nomination", None)
    suggested = nomination.suggested_platforms if nomination else []
    form = IntakeForm(request.POST or None, suggested=suggested)
    if request.method == "POST" and form.is_valid():
        choices = [
            services.ChosenPlatform(platform=p, reason=reason, has_existing_account=existing)
            for p, reason, existing in form.chosen()
        ]
        try:
            services.intake_record(
                ambassador=ambassador,
                by=request.user,
                choices=choices,
                notes=form.cleaned_data["notes"],
            )
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Platforms chosen; training is next.")
            return redirect("ambassador-detail", ambassador.pk)
    context = {"ambassador": ambassador, "form": form, "nomination": nomination}
    return render(request, "program/intake_form.html", context)


@login_required
def consultation_index(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_request(by=request.user, **form.cleaned_data)
        except WhiteCoatError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you: the social media team will get back to you.")
            return redirect("consultation-list")
    show = request.GET.get("show", "open")
    context = {
        "form": form,
        "show": show,
        "consultations": consultation_list(user=request.user, open_only=show == "open"),
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "program/consultation_list.html", context)


@login_required
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_get(user=request.user, consultation_id=consultation_id)
    schedule_form = ScheduleForm(request.POST if request.POST.get("action") == "schedule" else None)
    close_form = ReasonForm(
        request.POST if request.POST.get("action") in {"close", "cancel"} else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "schedule" and schedule_form.is_valid():
                services.consultation_schedule(
                    consultation=consultation,
                    by=request.user,
                    when=schedule_form.cleaned_data["when"],
                )
            elif action in {"close", "cancel"} and close_form.is_valid():
                services.consultation_close(
                    consultation=consultation,
                    by=request.user,
                    outcome=close_form.cleaned_data["reason"],
                    cancelled=action == "cancel",
                )
            else:
                raise WhiteCoatError("Check the form.")
        except WhiteCoatError as error:
            (schedule_form if action == "schedule" else close_form).add_error(None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("consultation-detail", consultation.pk)
    context = {
        "consultation": consultation,
        "schedule_form": schedule_form,
        "close_form": close_form,
        "is_admin": user_is_admin(request.user),
    }
    return render(request, "program/consultation_detail.html", context)
