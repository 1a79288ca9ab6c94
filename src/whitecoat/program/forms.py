from __future__ import annotations

from django import forms

from whitecoat.metrics.enums import Platform
from whitecoat.organizations.enums import PersonKind
from whitecoat.organizations.models import Cohort, Department, Person
from whitecoat.program.enums import AmbassadorStatus


class NominationForm(forms.Form):
    """Someone already on the roster, or a new person; the service checks the rest."""

    department = forms.ModelChoiceField(Department.objects.none())
    person = forms.ModelChoiceField(
        Person.objects.none(),
        required=False,
        label="Someone on the roster",
        help_text="Or leave empty and enter a new person below.",
    )
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False, label="E-mail")
    kind = forms.ChoiceField(choices=[("", "—"), *PersonKind.choices], required=False)
    title = forms.CharField(max_length=200, required=False)
    credentials = forms.CharField(max_length=100, required=False, help_text="e.g. MD, PhD, RN")
    cohort = forms.ModelChoiceField(Cohort.objects.none())
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why they would make a good ambassador",
    )
    suggested_platforms = forms.MultipleChoiceField(
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Platforms they might suit",
    )

    def __init__(self, *args, departments, people, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["person"].queryset = people
        self.fields["cohort"].queryset = cohorts
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.display_name} — {p.department.name if p.department else ''}"
        )

    def clean(self):
        data = super().clean()
        new_fields = ["first_name", "last_name", "email", "kind"]
        if data.get("person") is None:
            for name in new_fields:
                if not data.get(name):
                    self.add_error(name, "Needed for a new person (or choose someone above).")
        elif any(data.get(name) for name in new_fields):
            raise forms.ValidationError(
                "Choose someone on the roster or enter a new person, not both."
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your answer")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Why")

    def __init__(self, *args, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No default: a status change is deliberate, so the admin always picks one.
        order = list(AmbassadorStatus.values)
        self.fields["to_status"].choices = [("", "— choose —")] + [
            (s, AmbassadorStatus(s).label) for s in sorted(allowed, key=order.index)
        ]


class IntakeForm(forms.Form):
    """One row per platform: chosen?, why, and whether they already have an account there."""

    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, suggested: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for platform in Platform:
            self.fields[f"choose_{platform.value}"] = forms.BooleanField(
                required=False, label=platform.label, initial=platform.value in suggested
            )
            self.fields[f"reason_{platform.value}"] = forms.CharField(
                required=False, max_length=500, label=f"Why {platform.label}"
            )
            self.fields[f"existing_{platform.value}"] = forms.BooleanField(
                required=False, label="Already has an account"
            )

    def platform_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"choose_{p.value}"], self[f"reason_{p.value}"], self[f"existing_{p.value}"])
            for p in Platform
        ]

    def chosen(self) -> list[tuple[str, str, bool]]:
        data = self.cleaned_data
        return [
            (p.value, data[f"reason_{p.value}"], data[f"existing_{p.value}"])
            for p in Platform
            if data.get(f"choose_{p.value}")
        ]


class ConsultationForm(forms.Form):
    topic = forms.CharField(max_length=200)
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    department = forms.ModelChoiceField(Department.objects.all(), required=False)
    preferred_times = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="e.g. Tuesday or Thursday mornings, after 3 pm",
    )


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        label="Date and time",
    )
