from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def email_addresses(request: HttpRequest) -> HttpResponse:
    """Users do not manage their own e-mail addresses: program admins set them, and single
    sign-on matches accounts by them."""
    raise Http404
