from __future__ import annotations

from typing import Any

from allauth.socialaccount.admin import SocialAppAdmin as AllauthSocialAppAdmin
from allauth.socialaccount.admin import SocialAppForm as AllauthSocialAppForm
from allauth.socialaccount.models import SocialApp
from django import forms
from django.contrib import admin

from whitecoat.identity import crypto
from whitecoat.identity.forms import RoleMappingRuleForm
from whitecoat.identity.models import RoleMappingRule

SETTINGS_HELP = (
    'OpenID Connect: {"server_url": "https://login.hospital.org/realms/staff"}. '
    'SAML: {"idp": {"entity_id": "…", "metadata_url": "…"}, "attribute_mapping": '
    '{"uid": "uid", "email": "mail", "first_name": "givenName", "last_name": "sn"}, '
    '"advanced": {"want_assertion_signed": true}}. Optional: "create_users": false '
    '(only users who already have an account may sign on), "verified_email". See '
    "docs/operators.md, Single sign-on."
)


class SocialAppForm(AllauthSocialAppForm):
    """The client secret is write-only here, and stored encrypted."""

    secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="The client secret (OpenID Connect). Leave blank to keep the current one.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_id"].help_text = (
            "A short name, e.g. hospital-sso: it appears in the callback URL and names this "
            "application in the role table (Role mapping rules)."
        )
        self.fields["provider_id"].required = True
        self.fields["settings"].help_text = SETTINGS_HELP
        choices = [c for c in self.fields["provider"].choices if c[0] in ("openid_connect", "saml")]
        self.fields["provider"].choices = choices

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if not secret:
            return self.instance.secret if self.instance.pk else ""
        return crypto.seal(secret)


admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SocialAppAdmin(AllauthSocialAppAdmin):
    """Single sign-on applications: one per hospital identity provider."""

    form = SocialAppForm
    list_display = ("name", "provider", "provider_id", "client_id")


@admin.register(RoleMappingRule)
class RoleMappingRuleAdmin(admin.ModelAdmin):
    """Single sign-on's role table: a claim value from the identity provider → a role."""

    form = RoleMappingRuleForm
    list_display = ["provider", "claim", "value", "role", "updated_at"]
    list_filter = ["provider", "role"]
    search_fields = ["provider", "claim", "value"]
