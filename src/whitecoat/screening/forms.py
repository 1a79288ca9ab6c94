from __future__ import annotations

from typing import Any

from django import forms

from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.organizations.models import Department
from whitecoat.screening.engine import RULES, Context
from whitecoat.screening.enums import REVIEWED_SEVERITIES, ReviewState
from whitecoat.screening.services import MAX_TEXT, draft_context


class DraftForm(forms.Form):
    """A draft to check. Nothing of it is stored."""

    text = forms.CharField(
        label="Your post",
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        help_text="Type or paste the draft; the coach checks it as you type.",
    )
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices]
    )
    account = forms.ChoiceField(
        label="Account",
        required=False,
        choices=AccountUse.choices,
        initial=AccountUse.PROFESSIONAL,
    )
    alt_text = forms.CharField(
        label="Photo or video: alt text", required=False, max_length=2_000, strip=False
    )
    caption = forms.CharField(
        label="Photo or video: caption or description",
        required=False,
        max_length=2_000,
        strip=False,
    )
    paid_partnership_label = forms.BooleanField(
        label="The platform's “Paid partnership” label is on", required=False
    )

    def engine_context(self) -> Context:
        """The engine's context from the valid form (the organisation's names allowed)."""
        data = self.cleaned_data
        return draft_context(
            platform=data["platform"],
            account=data["account"],
            alt_text=data["alt_text"],
            caption=data["caption"],
            paid_partnership_label=data["paid_partnership_label"],
        )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="State", required=False, choices=[*ReviewState.choices, ("all", "Any state")]
    )
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=[("", "Block and warn"), *((s.value, s.label) for s in REVIEWED_SEVERITIES)],
    )
    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        choices=[("", "Any rule"), *((r.code, r.title) for r in RULES if not r.praise)],
    )
    department = forms.ModelChoiceField(
        Department.objects.order_by("name"),
        label="Department",
        required=False,
        empty_label="Any department",
    )
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices]
    )

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; an invalid filter is ignored rather than failing."""
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or ReviewState.OPEN
        return {
            "state": "" if state == "all" else state,
            "severity": data.get("severity", ""),
            "rule": data.get("rule", ""),
            "department_id": data["department"].pk if data.get("department") else None,
            "platform": data.get("platform", ""),
        }


class ConfirmForm(forms.Form):
    message = forms.CharField(
        label="Message to the ambassador",
        required=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Stored, e-mailed to them and shown on their Coaching page to acknowledge. "
        "Describe what was found; do not quote it.",
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why it is a false positive",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required. It counts against the rule's precision.",
    )
