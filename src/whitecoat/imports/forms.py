from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from whitecoat.imports.parsers import BY_KEY, FORMATS, GENERIC
from whitecoat.imports.parsers.base import FIELD_LABELS, POST_FIELDS, SNAPSHOT_FIELDS
from whitecoat.imports.parsers.generic import fields_for
from whitecoat.imports.selectors import SKIP, Plan, account_choices, account_owner
from whitecoat.imports.services import MAX_FILE_BYTES
from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.metrics.models import SocialAccount

FORMAT_CHOICES = [(module.INFO.key, module.INFO.label) for module in FORMATS]


def _account_label(account: SocialAccount) -> str:
    return f"{account.get_platform_display()} {account.handle} — {account_owner(account)}"


class AccountField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SocialAccount) -> str:
        return _account_label(obj)


def _accounts() -> Any:
    return SocialAccount.objects.filter(use=AccountUse.PROFESSIONAL).select_related(
        "ambassador__person", "unit_department", "unit_entity"
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="CSV or XLSX, up to 25 MB, as downloaded from the platform or tool.",
    )
    format = forms.ChoiceField(
        choices=[("", "Detect from the column headers"), *FORMAT_CHOICES],
        required=False,
        help_text="Leave on “Detect” unless the detection gets it wrong.",
    )
    account = AccountField(
        queryset=_accounts(),
        required=False,
        empty_label="Match the file's profiles by handle",
        help_text="For a file about one account that does not name it, pick the account now "
        "(you can also do it on the preview).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 25 MB: split it.")
        return upload


class PreviewForm(forms.Form):
    """The preview's choices: the format, each profile's account, and "replace"."""

    format = forms.ChoiceField(choices=FORMAT_CHOICES, label="Read the file as")
    replace_existing = forms.BooleanField(
        required=False,
        label="Replace the figures already recorded from a platform's API or by hand",
        help_text="Off (the default): days and posts that have figures from the API or typed "
        "by an admin are kept, and the file's rows for them are not imported.",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"format": plan.format, "replace_existing": plan.record.replace_existing},
        )
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.group_fields: list[tuple[Any, Any]] = []
        cache: dict[str | None, list[SocialAccount]] = {}
        for index, group in enumerate(plan.groups):
            if group.platform not in cache:
                cache[group.platform] = account_choices(platform=group.platform)
            choices = [("", "— choose the account —"), (str(SKIP), "Don't import these rows")]
            choices += [(str(a.pk), _account_label(a)) for a in cache[group.platform]]
            initial = ""
            if group.skipped:
                initial = str(SKIP)
            elif group.account is not None:
                initial = str(group.account.pk)
            name = f"account_{index}"
            self.fields[name] = forms.ChoiceField(
                choices=choices, required=False, label=group.label, initial=initial
            )
            self.group_fields.append((group, self[name]))

    def accounts(self) -> dict[str, int]:
        """{group key: account id or 0} for the groups the admin decided."""
        chosen = {}
        for index, group in enumerate(self.plan.groups):
            value = self.cleaned_data.get(f"account_{index}")
            if value not in (None, ""):
                chosen[group.key] = int(value)
        return chosen


class MappingForm(forms.Form):
    """The column-mapping screen of the generic format."""

    kind = forms.ChoiceField(
        label="Each row of the file is",
        choices=[("snapshots", "one day of an account"), ("posts", "one post")],
        widget=forms.RadioSelect,
    )
    header_row = forms.IntegerField(
        label="Column names are on row", min_value=1, help_text="As numbered in a spreadsheet."
    )
    platform = forms.ChoiceField(
        label="Platform",
        required=False,
        choices=[
            ("", "Say per row (a network column) or pick the account later"),
            *Platform.choices,
        ],
    )

    def __init__(self, *args: Any, labels: list[str], mapping: dict[str, Any], **kwargs: Any):
        columns = mapping.get("columns") or {}
        kwargs.setdefault(
            "initial",
            {
                "kind": mapping.get("kind", "snapshots"),
                "header_row": mapping.get("header_row", 1),
                "platform": mapping.get("platform") or "",
                **{f"col_{name}": str(col) for name, col in columns.items()},
            },
        )
        super().__init__(*args, **kwargs)
        self.sheet = mapping.get("sheet")
        choices = [("", "— not in this file —")] + [
            (str(index), label or f"(column {index + 1}, no name)")
            for index, label in enumerate(labels)
        ]
        names = {
            "date": "Date (the day, or when the post was published)",
            "handle": "Account handle or profile name",
            "network": "Network / platform",
            "post_id": "Post id",
            "url": "Post link (permalink)",
            "text": "Post text",
            "type": "Post type",
        }
        all_fields = dict.fromkeys(fields_for("posts"))
        all_fields.update(dict.fromkeys(fields_for("snapshots")))
        for name in all_fields:
            label = names.get(name) or FIELD_LABELS[name]
            self.fields[f"col_{name}"] = forms.ChoiceField(
                choices=choices, required=False, label=label
            )

    def field_groups(self) -> list[tuple[str, list[Any]]]:
        def bound(names: tuple[str, ...]) -> list[Any]:
            return [self[f"col_{name}"] for name in names]

        both = tuple(name for name in SNAPSHOT_FIELDS if name in POST_FIELDS)
        return [
            ("Whose and when", bound(("date", "handle", "network"))),
            ("The post (a file of posts)", bound(("post_id", "url", "text", "type"))),
            ("Figures of a day or a post", bound(both)),
            ("Figures of a day", bound(tuple(n for n in SNAPSHOT_FIELDS if n not in both))),
            ("Figures of a post", bound(tuple(n for n in POST_FIELDS if n not in both))),
        ]

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        allowed = fields_for(data["kind"])
        columns = {
            name: int(data[f"col_{name}"])
            for name in allowed
            if data.get(f"col_{name}") not in (None, "")
        }
        return {
            "kind": data["kind"],
            "sheet": self.sheet,
            "header_row": data["header_row"],
            "columns": columns,
            "platform": data.get("platform") or None,
        }


class ManualEntryForm(forms.Form):
    account = AccountField(queryset=_accounts())
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    followers = forms.IntegerField(min_value=0, required=False, label="Followers")
    following = forms.IntegerField(min_value=0, required=False, label="Following")
    posts_count = forms.IntegerField(min_value=0, required=False, label="Posts (total)")
    posts_published = forms.IntegerField(
        min_value=0, required=False, label="Posts published that day"
    )
    engagements = forms.IntegerField(min_value=0, required=False, label="Engagements that day")
    impressions = forms.IntegerField(min_value=0, required=False, label="Impressions that day")
    video_views = forms.IntegerField(min_value=0, required=False, label="Video views that day")
    replace = forms.BooleanField(
        required=False,
        label="Replace the figures already recorded for that day",
        help_text="The day then holds only the figures typed here (empty ones are absent).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        for name in SNAPSHOT_FIELDS:
            self.fields[name].help_text = "Leave empty if you do not know it: absent, not zero."
        self.fields[
            "followers"
        ].help_text = "At the end of the day. Leave empty if you do not know it: absent, not zero."

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "This date is in the future: figures can be entered up to today."
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and all(data.get(name) is None for name in SNAPSHOT_FIELDS):
            raise forms.ValidationError("Enter at least one figure.")
        return data

    def figures(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in SNAPSHOT_FIELDS}


def format_is_generic(key: str) -> bool:
    return key == GENERIC or key not in BY_KEY
