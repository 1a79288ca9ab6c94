from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from whitecoat.content import copywriting
from whitecoat.content.enums import ContentKind, ItemState, KitState, RequestKind, RequestState
from whitecoat.content.selectors import QueueFilters, institutional_accounts
from whitecoat.content.services import KitInput
from whitecoat.metrics.enums import Platform
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Department

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="State", required=False, choices=[*ItemState.choices, ("all", "Any state")]
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Suggested if new, else every post"),
            ("suggested", "Suggested (score 50+)"),
            ("all", "Every analysed post"),
            ("blocked", "Held back by the compliance coach"),
        ],
    )
    department = forms.ModelChoiceField(
        Department.objects.order_by("name"), required=False, empty_label="Any department"
    )
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *ContentKind.choices]
    )
    consent = forms.ChoiceField(
        label="Consent",
        required=False,
        choices=[("", "Either"), ("yes", "Consented"), ("no", "No consent")],
    )
    q = forms.CharField(label="Search", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Order", required=False, choices=[("score", "Score"), ("newest", "Newest")]
    )

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or ItemState.NEW
        return QueueFilters(
            state="" if state == "all" else state,
            show=data.get("show") or ("suggested" if state == ItemState.NEW else "all"),
            department_id=data["department"].pk if data.get("department") else None,
            platform=data.get("platform", ""),
            kind=data.get("kind", ""),
            consent=data.get("consent", ""),
            search=data.get("q", ""),
            sort=data.get("sort") or "score",
        )


BULK_STATES = [
    (ItemState.SHORTLISTED, "Shortlist"),
    (ItemState.APPROVED, "Approve"),
    (ItemState.ARCHIVED, "Archive"),
    (ItemState.NEW, "Back to new"),
]


class IdsField(forms.Field):
    """Several ids (checkboxes of the same name); which of them exist is the selector's job."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError("Choose items from the list.") from None

    def validate(self, value: list[int]) -> None:
        if self.required and not value:
            raise forms.ValidationError("Select at least one item.")


class BulkForm(forms.Form):
    items = IdsField(label="Items")
    to_state = forms.ChoiceField(label="Move the selected items to", choices=BULK_STATES)
    reason = forms.CharField(label="Why (optional)", required=False, max_length=500)


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(choices=ItemState.choices)
    reason = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UseForm(forms.Form):
    account = forms.ModelChoiceField(
        institutional_accounts(), label="Institutional account", empty_label="Choose…"
    )
    used_at = forms.DateTimeField(label="Posted at", widget=DATETIME)
    url = forms.URLField(label="Link to the institutional post", required=False, max_length=500)
    copy = forms.CharField(
        label="The copy that was posted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = institutional_accounts()
        self.fields["account"].label_from_instance = lambda a: (
            f"{a.get_platform_display()} {a.handle}"
        )


DECISIONS = [("yes", "Yes"), ("no", "No"), ("default", "As for my other posts")]


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(choices=[("all", "all"), ("platform", "platform"), ("post", "post")])
    platform = forms.ChoiceField(required=False, choices=[("", ""), *Platform.choices])
    post = forms.IntegerField(required=False)
    decision = forms.ChoiceField(choices=DECISIONS)

    def granted(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["decision"])


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=RequestKind.choices)
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(
        label="What should people know, and why does it matter?",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    audience = forms.CharField(
        label="Who should hear about it?",
        required=False,
        max_length=300,
        help_text="e.g. patients with heart failure, referring physicians, prospective students",
    )
    starts_on = forms.DateField(label="From", required=False, widget=DATE)
    ends_on = forms.DateField(label="Until", required=False, widget=DATE)
    links = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line: the story, the event page, the publication.",
    )
    department = forms.ModelChoiceField(
        Department.objects.order_by("name"), required=False, empty_label="—"
    )


class RequestActionForm(forms.Form):
    ACTIONS = [
        ("accept", "Accept"),
        ("assign", "Assign"),
        ("complete", "Record the outcome"),
        ("decline", "Decline"),
        ("withdraw", "Withdraw"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    assigned_to = forms.ModelChoiceField(
        get_user_model().objects.none(), required=False, label="Assign to", empty_label="Me"
    )
    reason = forms.CharField(
        label="Note or reason", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accounts = forms.ModelMultipleChoiceField(
        institutional_accounts(),
        required=False,
        label="Accounts that posted it",
        widget=forms.CheckboxSelectMultiple,
    )
    reach = forms.IntegerField(label="Reach (if known)", required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(groups__name=Role.PROGRAM_ADMIN)
            .distinct()
            .order_by("username")
        )
        self.fields["accounts"].queryset = institutional_accounts()
        self.fields["accounts"].label_from_instance = lambda a: (
            f"{a.get_platform_display()} {a.handle}"
        )


KIT_PLATFORMS = [
    Platform.X,
    Platform.LINKEDIN,
    Platform.INSTAGRAM,
    Platform.FACEBOOK,
    Platform.THREADS,
    Platform.BLUESKY,
    Platform.MASTODON,
    Platform.TIKTOK,
]


class KitForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is, for the ambassadors (not posted).",
    )
    link = forms.URLField(
        label="Link", max_length=1000, help_text="The page the tracked links lead to."
    )
    campaign = forms.SlugField(
        required=False,
        max_length=80,
        help_text="The utm_campaign of the tracked links; made from the title when empty.",
    )
    department = forms.ModelChoiceField(
        Department.objects.order_by("name"),
        required=False,
        empty_label="Every ambassador",
        label="Offered to",
    )
    closes_on = forms.DateField(label="Closes on", required=False, widget=DATE)
    image = forms.FileField(
        required=False,
        help_text="PNG, JPEG, GIF or WebP, up to 5 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    remove_image = forms.BooleanField(required=False, label="Remove the current image")
    image_alt = forms.CharField(
        label="Image description (alt text)", required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for platform in KIT_PLATFORMS:
            limit = copywriting.limit_for(platform)
            self.fields[f"copy_{platform.value}"] = forms.CharField(
                label=f"{platform.label} copy",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    f"Up to {limit:,} characters with the tracked link, which is added at the "
                    "end. Several variants: separate them with a line of three dashes (---); "
                    "ambassadors get them in turn."
                ),
            )

    def copy_fields(self) -> list[forms.BoundField]:
        return [self[f"copy_{p.value}"] for p in KIT_PLATFORMS]

    def main_fields(self) -> list[forms.BoundField]:
        names = ["title", "summary", "link", "campaign", "department", "closes_on"]
        return [self[name] for name in names]

    def kit_input(self) -> KitInput:
        data = self.cleaned_data
        copies = {}
        for platform in KIT_PLATFORMS:
            variants = copywriting.split_variants(data.get(f"copy_{platform.value}", ""))
            if variants:
                copies[platform.value] = variants
        return KitInput(
            title=data["title"],
            link=data["link"],
            summary=data.get("summary", ""),
            campaign=data.get("campaign", ""),
            department=data.get("department"),
            closes_on=data.get("closes_on"),
            image_alt=data.get("image_alt", ""),
            copies=copies,
        )

    @staticmethod
    def initial_for(kit: Any, copies: dict[str, list[str]]) -> dict[str, Any]:
        initial = {
            "title": kit.title,
            "summary": kit.summary,
            "link": kit.link,
            "campaign": kit.campaign,
            "department": kit.department_id,
            "closes_on": kit.closes_on,
            "image_alt": kit.image_alt,
        }
        for platform, variants in copies.items():
            initial[f"copy_{platform}"] = "\n---\n".join(variants)
        return initial


class KitMoveForm(forms.Form):
    to_state = forms.ChoiceField(choices=KitState.choices)
    reason = forms.CharField(required=False, max_length=500)


class ShareForm(forms.Form):
    platform = forms.ChoiceField(choices=Platform.choices)
    url = forms.URLField(label="Link to your post (optional)", required=False, max_length=500)
    undo = forms.BooleanField(required=False)


class KeywordsForm(forms.Form):
    keywords = forms.CharField(
        label="Keywords and phrases",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "One per line. Matching ignores case and needs whole words; end a word with * "
            "for any ending (cardio*); acronyms in capitals (ER, PSA) match only in capitals."
        ),
    )


REQUEST_STATE_CHOICES = [("open", "Open"), ("all", "All"), *RequestState.choices]
