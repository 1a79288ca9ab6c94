"""MFA_REQUIRED_FOR_ADMINS: a program admin who signed in with a password must set up an
authenticator app before using anything else.

Off by default. Sessions started through single sign-on are left alone (the hospital's
identity provider applies its own second factor), and so is the JSON API (tokens).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from whitecoat.organizations.roles import user_is_admin

# The pages an admin may still open while their authenticator is not set up.
ALLOWED_URL_NAMES = {
    "logout",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_authenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}


def admin_must_set_up_mfa(request: HttpRequest) -> bool:
    user = request.user
    if not (settings.MFA_REQUIRED_FOR_ADMINS and user.is_authenticated and user_is_admin(user)):
        return False
    records = get_authentication_records(request, user)
    if any(record.get("method") == "socialaccount" for record in records):
        return False
    return not is_mfa_enabled(user, [Authenticator.Type.TOTP])


class AdminMFARequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.url_name in ALLOWED_URL_NAMES:
            return None
        if request.path.startswith(("/api/", "/" + settings.STATIC_URL.lstrip("/"))):
            return None
        if not admin_must_set_up_mfa(request):
            return None
        messages.warning(
            request,
            "Program admins must protect their account with an authenticator app: set it "
            "up to continue.",
        )
        return redirect("mfa_activate_totp")
