from __future__ import annotations

from django import forms

from whitecoat.metrics.enums import ConnectionState, Platform
from whitecoat.organizations.enums import PersonKind
from whitecoat.organizations.models import Cohort, Department
from whitecoat.program.enums import AmbassadorStatus


def _with_any(choices: list[tuple[str, str]], label: str = "Any") -> list[tuple[str, str]]:
    return [("", label), *choices]


class AmbassadorFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    status = forms.ChoiceField(choices=_with_any(AmbassadorStatus.choices), required=False)
    cohort = forms.ModelChoiceField(Cohort.objects.all(), required=False, empty_label="Any")
    department = forms.ModelChoiceField(Department.objects.all(), required=False, empty_label="Any")


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(choices=_with_any(PersonKind.choices), required=False)
    department = forms.ModelChoiceField(Department.objects.all(), required=False, empty_label="Any")


class AccountFilterForm(forms.Form):
    q = forms.CharField(label="Handle", required=False, max_length=100)
    platform = forms.ChoiceField(choices=_with_any(Platform.choices), required=False)
    connection_state = forms.ChoiceField(
        label="Connection", choices=_with_any(ConnectionState.choices), required=False
    )
    owner = forms.ChoiceField(
        choices=[("", "Any"), ("ambassador", "Ambassadors"), ("institutional", "Institutional")],
        required=False,
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “Tableau export”."
    )
