from __future__ import annotations

from typing import Any

from django import forms

from whitecoat.audit.enums import AuditAction
from whitecoat.audit.selectors import AuditFilters, audit_model_choices, audit_user_choices


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    """The audit page's filters, all in the URL so a link (and the CSV) shows the same rows."""

    q = forms.CharField(label="Record", required=False, max_length=100)
    model = forms.ChoiceField(label="Kind of record", required=False)
    user = forms.ChoiceField(label="Changed by", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *AuditAction.choices]
    )
    date_from = forms.DateField(label="From", required=False, widget=DateInput)
    date_to = forms.DateField(label="To", required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Any"), *audit_model_choices()]
        self.fields["user"].choices = [("", "Anyone"), *audit_user_choices()]
        self.fields["q"].widget.attrs["placeholder"] = "Name or text of the record"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the range comes before its start.")
        return data

    def filters(self) -> AuditFilters:
        """The valid filters; an invalid value is left out (the form shows its error)."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            q=(data.get("q") or "").strip(),
            model=data.get("model") or "",
            user=data.get("user") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
