from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone

from whitecoat.organizations.enums import Role
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador
from whitecoat.training.enums import Attendance, SessionKind
from whitecoat.training.models import Course, Module, Policy, PolicyVersion

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, ## headings, - lists, [links](https://…). "
    "The preview below follows as you type."
)


def _markdown_widget(rows: int = 18) -> forms.Textarea:
    """A textarea that asks for a server-side preview (htmx, debounced) as you type."""
    return forms.Textarea(
        attrs={
            "rows": rows,
            "class": "markdown-input",
            "hx-post": reverse_lazy("training:markdown-preview"),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#markdown-preview",
            "hx-swap": "innerHTML",
        }
    )


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "slug", "platform", "summary", "is_published"]
        labels = {"is_published": "Published", "slug": "Address name"}
        help_texts = {
            "slug": "Lower-case letters, digits and hyphens; used in the page's address.",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "kind", "body", "estimated_minutes", "is_self_study", "is_published"]
        labels = {
            "is_self_study": "Self-study",
            "is_published": "Published",
            "estimated_minutes": "Estimated minutes",
        }
        help_texts = {"body": MARKDOWN_HELP}
        widgets = {"body": _markdown_widget()}


class MarkdownPreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=100_000)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AmbassadorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Ambassador) -> str:
        department = obj.person.department.name if obj.person.department else "no department"
        return f"{obj.person.full_name} · {department} · {obj.get_status_display()}"


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = getattr(obj, "person", None)
        return person.full_name if person else (obj.get_full_name() or obj.get_username())


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(Course.objects.order_by("position", "title"))
    trainer = TrainerChoiceField(get_user_model().objects.none())
    starts_at = forms.DateTimeField(
        label="Starts at",
        widget=LocalDateTimeInput(),
        help_text=f"In the program's time zone ({settings.TIME_ZONE}).",
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=5, max_value=480, initial=60
    )
    kind = forms.ChoiceField(choices=SessionKind.choices, initial=SessionKind.ONE_TO_ONE)
    invitees = AmbassadorChoiceField(
        Ambassador.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (⌘ on a Mac) to choose several for a group session.",
    )
    location = forms.CharField(max_length=300, required=False, help_text="A room or address.")
    video_url = forms.URLField(label="Video link", max_length=500, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(groups__name=Role.PROGRAM_ADMIN)
            .select_related("person")
            .distinct()
            .order_by("username")
        )
        self.fields["invitees"].queryset = (
            Ambassador.objects.exclude(status=AmbassadorStatus.ALUMNI)
            .select_related("person", "person__department")
            .order_by("person__last_name", "person__first_name", "id")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("location") and not data.get("video_url"):
            self.add_error("location", "Give a place or a video link.")
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "course": data["course"],
            "trainer": data["trainer"],
            "starts_at": data["starts_at"],
            "duration": dt.timedelta(minutes=data["duration_minutes"]),
            "invitees": list(data["invitees"]),
            "location": data["location"],
            "video_url": data["video_url"],
            "kind": data["kind"],
            "notes": data["notes"],
        }

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        return {
            "course": session.course_id,
            "trainer": session.trainer_id,
            "starts_at": timezone.localtime(session.starts_at),
            "duration_minutes": session.duration_minutes,
            "kind": session.kind,
            "invitees": [
                i.ambassador_id
                for i in session.invitations.all()
                if i.attendance != Attendance.CANCELLED
            ],
            "location": session.location,
            "video_url": session.video_url,
            "notes": session.notes,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Included in the cancellation sent to everyone invited.",
    )


class AttendanceForm(forms.Form):
    """One choice per invitation, named invitation_<id>."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"invitation_{invitation.pk}"] = forms.ChoiceField(
                label=invitation.ambassador.person.full_name,
                choices=Attendance.choices,
                initial=invitation.attendance,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[f"invitation_{i.pk}"] for i in self.invitations}


class CalendarForm(forms.Form):
    view = forms.ChoiceField(choices=[("week", "Week"), ("month", "Month")], required=False)
    date = forms.DateField(required=False)

    def period(self) -> tuple[str, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("view") or "week", data.get("date") or timezone.localdate()


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["title", "slug", "summary"]
        labels = {"slug": "Address name"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class PolicyVersionForm(forms.ModelForm):
    class Meta:
        model = PolicyVersion
        fields = ["label", "effective_on", "asks_disclaimer", "body"]
        labels = {"effective_on": "Effective on", "asks_disclaimer": "Asks for a disclaimer"}
        help_texts = {"body": MARKDOWN_HELP}
        widgets = {
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": _markdown_widget(rows=24),
        }

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.policy = policy
