from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms

from whitecoat.identity.models import RoleMappingRule
from whitecoat.identity.selectors import sso_provider_choices


class LoginForm(AllauthLoginForm):
    """allauth's login form, posted as `username`/`password` like Django's own.

    allauth calls the identifier field `login`; its HTML name (and so its id,
    `id_username`) is `username`, which keeps bookmarks, password managers and scripts that
    post to the login page working.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autofocus"] = True
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links to the reset itself

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix("username" if field_name == "login" else field_name)


class RoleMappingRuleForm(forms.ModelForm):
    """The back office's form: the provider is picked from the configured sign-on apps."""

    class Meta:
        model = RoleMappingRule
        fields = ["provider", "claim", "value", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sso_provider_choices()
        current = self.instance.provider if self.instance.pk else None
        if current and current not in dict(choices):
            choices.append((current, f"{current} (no longer configured)"))
        self.fields["provider"] = forms.ChoiceField(
            choices=[("", "---------"), *choices],
            help_text=RoleMappingRule._meta.get_field("provider").help_text
            + " Add the application first under Social applications (Provider ID set).",
        )
