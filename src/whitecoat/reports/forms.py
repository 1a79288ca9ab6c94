from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from whitecoat.reports.enums import RangeKey
from whitecoat.reports.figures import RangeError, ReportRange, range_for
from whitecoat.reports.models import ReportSchedule


class DateInput(forms.DateInput):
    input_type = "date"


class ReportRangeForm(forms.Form):
    """A report's date range, kept in the URL so a link shows the same report."""

    window = forms.ChoiceField(
        label="Range", choices=RangeKey.choices, required=False, initial=RangeKey.LAUNCH
    )
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)

    def __init__(self, *args: Any, today: dt.date, launch: dt.date | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.launch = launch
        self._range: ReportRange | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("window") or RangeKey.LAUNCH
        start, end = data.get("start"), data.get("end")
        if key != RangeKey.CUSTOM:
            start = end = None
        try:
            self._range = range_for(key, today=self.today, launch=self.launch, start=start, end=end)
        except RangeError as error:
            self.add_error("start" if key == RangeKey.CUSTOM else "window", str(error))
        return data

    def report_range(self) -> ReportRange:
        """The range to show: the one asked for when valid, or since launch."""
        if self.is_bound and self.is_valid() and self._range is not None:
            return self._range
        return range_for(RangeKey.LAUNCH, today=self.today, launch=self.launch)


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportSchedule
        fields = ["monthly_enabled", "paper_size"]


class RecipientAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Add a recipient", queryset=get_user_model().objects.none(), empty_label="Choose…"
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = (
            get_user_model()
            .objects.filter(  # type: ignore[attr-defined]
                pk__in=[user.pk for user in candidates]
            )
            .order_by("username")
        )
        field.label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.get_full_name() or user.get_username()} <{user.email}>"
        )
