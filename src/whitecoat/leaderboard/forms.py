from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from whitecoat.leaderboard.enums import Grouping, WindowKey
from whitecoat.leaderboard.models import ScoreSettings
from whitecoat.leaderboard.scoring import SORTABLE, Window, WindowError, window_for
from whitecoat.leaderboard.selectors import Filters
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.models import Cohort, Department, Entity

SORT_CHOICES = [(name, label) for name, label in SORTABLE.items()] + [
    (f"-{name}", f"{label}, descending") for name, label in SORTABLE.items()
]


class DateInput(forms.DateInput):
    input_type = "date"


@dataclass(frozen=True)
class LeaderboardParams:
    window: Window
    grouping: str
    platform: str
    filters: Filters
    sort: str
    page: int


class LeaderboardFilterForm(forms.Form):
    """The leaderboard's parameters, all in the URL so a link shows the same leaderboard."""

    window = forms.ChoiceField(choices=WindowKey.choices, required=False, initial="30d")
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)
    group = forms.ChoiceField(
        label="Rank by", choices=Grouping.choices, required=False, initial="ambassador"
    )
    platform = forms.ChoiceField(
        choices=[("", "Every platform"), *Platform.choices], required=False
    )
    department = forms.ModelChoiceField(Department.objects.all(), required=False, empty_label="Any")
    cohort = forms.ModelChoiceField(Cohort.objects.all(), required=False, empty_label="Any")
    entity = forms.ModelChoiceField(Entity.objects.all(), required=False, empty_label="Any")
    q = forms.CharField(label="Name", required=False, max_length=100)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, today: dt.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self._window: Window | None = None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        key = data.get("window") or "30d"
        start, end = data.get("start"), data.get("end")
        if key != "custom":
            start = end = None
        try:
            self._window = window_for(key, today=self.today, start=start, end=end)  # type: ignore[arg-type]
        except WindowError as error:
            self.add_error("start" if key == "custom" else "window", str(error))
        return data

    def params(self, page: str | None = None) -> LeaderboardParams:
        """The parameters to show: the valid ones, or the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        window = (
            self._window
            if self.is_valid() and self._window
            else window_for("30d", today=self.today)
        )
        try:
            number = int(page or 1)
        except ValueError:
            number = 1
        return LeaderboardParams(
            window=window,
            grouping=data.get("group") or Grouping.AMBASSADOR,
            platform=data.get("platform") or "",
            filters=Filters(
                department_id=data["department"].pk if data.get("department") else None,
                cohort_id=data["cohort"].pk if data.get("cohort") else None,
                entity_id=data["entity"].pk if data.get("entity") else None,
                search=data.get("q") or "",
            ),
            sort=data.get("sort") or "rank",
            page=max(1, number),
        )


class DashboardForm(forms.Form):
    window = forms.ChoiceField(
        choices=[c for c in WindowKey.choices if c[0] != "custom"], required=False, initial="30d"
    )


class ScoreSettingsForm(forms.ModelForm):
    class Meta:
        model = ScoreSettings
        fields = [
            "weight_growth_rate",
            "weight_engagement_rate",
            "weight_posts",
            "weight_video_rate",
            "weight_growth",
            "weight_engagements",
            "shrinkage",
            "ambassadors_see_figures",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 100})
            for name in fields
            if name.startswith("weight")
        }
