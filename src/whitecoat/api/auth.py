"""How API callers authenticate: a bearer token, or the browser's Django session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from whitecoat.api.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer wc_…`, a token made with create_api_token or the settings page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(raw=token)
        if user is not None:
            # The selectors and anything else reading request.user see the token's owner.
            request.user = user
        return user


# Tried in order; the session auth checks CSRF on unsafe methods, a header token needs none.
api_auth = [BearerToken(), django_auth]
