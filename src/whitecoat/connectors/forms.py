from __future__ import annotations

from django import forms

from whitecoat.connectors.registry import CONNECTORS
from whitecoat.metrics.enums import ConnectionState


class PlatformAppForm(forms.Form):
    client_id = forms.CharField(max_length=300, required=False, label="Client id")
    client_secret = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted and never shown again; leave blank to keep the saved one.",
    )
    redirect_uri = forms.URLField(
        required=False,
        max_length=500,
        label="Redirect URI",
        help_text="Blank: this site's own callback (shown above). Register it with the platform.",
    )
    scopes = forms.CharField(
        required=False, max_length=500, help_text="Blank asks for the default scopes."
    )
    enabled = forms.BooleanField(required=False, initial=True)


class HandleForm(forms.Form):
    handle = forms.CharField(
        max_length=200, help_text="e.g. @name.bsky.social, or @name@mastodon.social"
    )


class InstitutionalFilterForm(forms.Form):
    """The filters of the institutional accounts page (GET, in the URL)."""

    platform = forms.ChoiceField(
        required=False,
        choices=[("", "Every platform"), *((k, c.label) for k, c in CONNECTORS.items())],
    )
    connection_state = forms.ChoiceField(
        required=False,
        label="Connection",
        choices=[("", "Any state"), *ConnectionState.choices],
    )
    q = forms.CharField(required=False, max_length=100, label="Handle contains")
