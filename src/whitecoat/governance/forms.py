"""The governance pages' forms: they validate what was typed and keep it on errors; the
services decide."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models.functions import Lower
from django.utils import timezone

from whitecoat.governance.audit import (
    DORMANCY_DAYS,
    SMALL_FOLLOWERS,
    SORTS,
    AuditError,
    Period,
    default_periods,
    period_make,
)
from whitecoat.governance.enums import ActionKind, OwnerProblem, RegistryStatus
from whitecoat.governance.models import RegisteredAccount
from whitecoat.governance.selectors import AuditFilters, RegistryFilters
from whitecoat.governance.services import RegistryInput
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.models import Department, Entity, Person
from whitecoat.training.models import Policy


class DateInput(forms.DateInput):
    input_type = "date"


def _departments() -> Any:
    return Department.objects.select_related("entity").order_by("name", "entity__name")


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.name} ({obj.entity.short_name or obj.entity.name})"


def _person_by_email(email: str) -> Person | None:
    if not email:
        return None
    return (
        Person.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email=email.lower())
        .first()
    )


# ------------------------------------------------------------------------------ registry


class RegistryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    entity = forms.ModelChoiceField(Entity.objects.all(), required=False, empty_label="Any")
    department = DepartmentChoice(_departments(), required=False, empty_label="Any")
    platform = forms.ChoiceField(choices=[("", "Any"), *Platform.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any"), *RegistryStatus.choices], required=False)
    problem = forms.ChoiceField(
        label="Owner", choices=[("", "Any"), *OwnerProblem.choices], required=False
    )

    def filters(self) -> RegistryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return RegistryFilters(
            search=data.get("q") or "",
            entity_id=data["entity"].pk if data.get("entity") else None,
            department_id=data["department"].pk if data.get("department") else None,
            platform=data.get("platform") or "",
            status=data.get("status") or "",
            problem=data.get("problem") or "",
        )


class RegistryForm(forms.Form):
    """An entry's fields; owners are named by their e-mail in the organisation."""

    platform = forms.ChoiceField(choices=Platform.choices)
    handle = forms.CharField(max_length=200, help_text="As on the platform, e.g. @LakesideHeart.")
    department = DepartmentChoice(
        _departments(),
        required=False,
        empty_label="—",
        help_text="The department or service line that owns it; or choose an entity below.",
    )
    entity = forms.ModelChoiceField(
        Entity.objects.all(),
        required=False,
        empty_label="—",
        help_text="For an account of a whole hospital, school or the health system.",
    )
    owner_email = forms.EmailField(
        label="Owner's e-mail",
        required=False,
        help_text="Someone in the organisation (People); leave empty if no one owns it.",
    )
    backup_email = forms.EmailField(label="Backup owner's e-mail", required=False)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    opened_on = forms.DateField(label="Created on", required=False, widget=DateInput)
    profile_url = forms.URLField(label="Profile URL", required=False, assume_scheme="https")
    status = forms.ChoiceField(choices=RegistryStatus.choices, initial=RegistryStatus.ACTIVE)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["platform"].disabled = True
            del self.fields["status"]  # changed on its own, with a reason

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("department")) == bool(data.get("entity")):
            self.add_error("department", "Choose a department or an entity (one of them).")
        for field, key in (("owner_email", "owner"), ("backup_email", "backup_owner")):
            email = data.get(field) or ""
            person = _person_by_email(email)
            if email and person is None:
                self.add_error(field, "No one in the organisation has this e-mail address.")
            data[key] = person
        return data

    def registry_input(self) -> RegistryInput:
        data = self.cleaned_data
        return RegistryInput(
            platform=data.get("platform") or "",
            handle=data["handle"],
            unit_department=data.get("department"),
            unit_entity=data.get("entity"),
            owner=data.get("owner"),
            backup_owner=data.get("backup_owner"),
            purpose=data.get("purpose") or "",
            opened_on=data.get("opened_on"),
            profile_url=data.get("profile_url") or "",
            status=data.get("status") or RegistryStatus.ACTIVE,
        )

    @staticmethod
    def initial_for(entry: RegisteredAccount) -> dict[str, Any]:
        account = entry.account
        return {
            "platform": account.platform,
            "handle": account.handle,
            "department": account.unit_department,
            "entity": account.unit_entity,
            "owner_email": entry.owner.email if entry.owner else "",
            "backup_email": entry.backup_owner.email if entry.backup_owner else "",
            "purpose": entry.purpose,
            "opened_on": account.opened_on,
            "profile_url": account.profile_url,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=RegistryStatus.choices)
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Registry file (CSV or XLSX)",
        help_text="One row per account, with a header row: platform, handle, department or "
        "entity, and any of owner email, backup owner email, purpose, created, status, "
        "profile URL.",
    )


# ----------------------------------------------------------------------------- the audit


@dataclass(frozen=True)
class AuditParams:
    first: Period
    second: Period
    dormancy_days: int
    small: int
    filters: AuditFilters
    sort: str


class AuditForm(forms.Form):
    """The audit's two periods and settings, all in the address so a link shows the same
    audit. Both periods include their first and last day."""

    start1 = forms.DateField(label="First period from", required=False, widget=DateInput)
    end1 = forms.DateField(label="to", required=False, widget=DateInput)
    start2 = forms.DateField(label="Second period from", required=False, widget=DateInput)
    end2 = forms.DateField(label="to", required=False, widget=DateInput)
    dormant = forms.IntegerField(
        label="Dormant after (days without a post)",
        required=False,
        min_value=1,
        max_value=3650,
        initial=DORMANCY_DAYS,
    )
    small = forms.IntegerField(
        label="Small: fewer followers than",
        required=False,
        min_value=1,
        max_value=10_000_000,
        initial=SMALL_FOLLOWERS,
    )
    entity = forms.ModelChoiceField(Entity.objects.all(), required=False, empty_label="Any")
    department = DepartmentChoice(_departments(), required=False, empty_label="Any")
    platform = forms.ChoiceField(choices=[("", "Any"), *Platform.choices], required=False)
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        first, second = default_periods(self.today)
        self.defaults = {
            "start1": first.start,
            "end1": first.end,
            "start2": second.start,
            "end2": second.end,
        }
        for name, value in self.defaults.items():
            self.fields[name].widget.attrs["max"] = self.today.isoformat()
            self.fields[name].initial = value
        self._periods: tuple[Period, Period] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = {name: data.get(name) or self.defaults[name] for name in self.defaults}
        try:
            first = period_make(days["start1"], days["end1"], today=self.today)
        except AuditError as error:
            self.add_error("start1", str(error))
            return data
        try:
            second = period_make(days["start2"], days["end2"], today=self.today)
        except AuditError as error:
            self.add_error("start2", str(error))
            return data
        self._periods = (first, second)
        return data

    def params(self) -> AuditParams:
        """The valid parameters, or the defaults where they are not."""
        valid = self.is_valid()
        data = self.cleaned_data if valid else {}
        first, second = self._periods if valid and self._periods else default_periods(self.today)
        return AuditParams(
            first=first,
            second=second,
            dormancy_days=data.get("dormant") or DORMANCY_DAYS,
            small=data.get("small") or SMALL_FOLLOWERS,
            filters=AuditFilters(
                entity_id=data["entity"].pk if data.get("entity") else None,
                department_id=data["department"].pk if data.get("department") else None,
                platform=data.get("platform") or "",
            ),
            sort=data.get("sort") or "account",
        )


class DecisionForm(forms.Form):
    """Accept or reject one recommendation (the audit's buttons, or the decide page)."""

    entry = forms.ModelChoiceField(RegisteredAccount.objects.all(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ActionKind.choices, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject")], widget=forms.HiddenInput
    )
    reason = forms.CharField(required=False, widget=forms.HiddenInput)
    periods = forms.CharField(required=False, widget=forms.HiddenInput)
    merge_into = forms.ModelChoiceField(
        RegisteredAccount.objects.select_related("account"),
        required=False,
        label="Merge into",
        empty_label="—",
    )
    hand_over_to = forms.ModelChoiceField(
        Person.objects.all(), required=False, widget=forms.HiddenInput
    )
    new_owner_email = forms.EmailField(
        label="New owner's e-mail",
        required=False,
        help_text="Who takes the account over: someone in the organisation.",
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("new_owner_email") or ""
        if email:
            person = _person_by_email(email)
            if person is None:
                self.add_error(
                    "new_owner_email", "No one in the organisation has this e-mail address."
                )
            else:
                data["hand_over_to"] = person
        return data

    @property
    def needs_more(self) -> bool:
        """Accepting a hand-over or a merge without its target: ask on the decide page."""
        data = getattr(self, "cleaned_data", {})
        if data.get("decision") != "accept":
            return False
        kind = data.get("kind")
        return (kind == ActionKind.HAND_OVER and data.get("hand_over_to") is None) or (
            kind == ActionKind.MERGE and data.get("merge_into") is None
        )


class ActionMoveForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=[("done", "Done"), ("cancelled", "Cancelled")], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to cancel: say why.",
    )


# ------------------------------------------------------------------------------ freezes


class FreezeForm(forms.Form):
    entity = forms.ModelChoiceField(
        Entity.objects.all(), help_text="No new unit accounts for this entity."
    )
    include_children = forms.BooleanField(
        label="Also its hospitals, schools and departments", required=False, initial=True
    )
    platform = forms.ChoiceField(
        choices=[("", "Every platform"), *Platform.choices], required=False
    )
    effective_on = forms.DateField(label="From", widget=DateInput)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What requesters read: why, and what to do instead (the page adds the links "
        "to the ambassador program, consultations and amplification).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()


class FreezeEndForm(forms.Form):
    reason = forms.CharField(label="Why it ends", widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label="Yes, end this freeze: requests will no longer be declined by it",
        required=True,
    )


# ----------------------------------------------------------------------------- requests


class AccountRequestForm(forms.Form):
    department = DepartmentChoice(
        _departments(),
        required=False,
        empty_label="—",
        help_text="The department or service line the account would speak for.",
    )
    entity = forms.ModelChoiceField(
        Entity.objects.all(),
        required=False,
        empty_label="—",
        help_text="Or a whole hospital, school or the health system.",
    )
    platform = forms.ChoiceField(choices=Platform.choices)
    proposed_handle = forms.CharField(label="Proposed handle", max_length=200, required=False)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is for, who it would reach, and why the existing accounts cannot.",
    )
    owner_name = forms.CharField(label="Who would run it", max_length=200, required=False)
    owner_email = forms.EmailField(label="Their e-mail", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("department")) == bool(data.get("entity")):
            self.add_error("department", "Choose a department or an entity (one of them).")
        return data

    def submit_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit_department": data.get("department"),
            "unit_entity": data.get("entity"),
            "platform": data["platform"],
            "proposed_handle": data.get("proposed_handle") or "",
            "purpose": data["purpose"],
            "owner_name": data.get("owner_name") or "",
            "owner_email": data.get("owner_email") or "",
        }


class RequestDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("decline", "Decline"),
            ("exception", "Grant an exception"),
            ("withdraw", "Withdraw"),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The requester reads it. Required to decline or to grant an exception.",
    )


class AttestForm(forms.Form):
    note = forms.CharField(
        label="Anything the social media team should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttestationPolicyForm(forms.Form):
    policy = forms.ModelChoiceField(
        Policy.objects.all(),
        required=False,
        empty_label="The social media usage procedure (default)",
        label="Policy owners confirm",
    )
