from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from whitecoat.core.models import Installation
from whitecoat.organizations.roles import user_role


def site(request: HttpRequest) -> dict[str, object]:
    installation = Installation.objects.filter(singleton=1).first()
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None and user.is_authenticated else None
    return {
        "site_name": settings.SITE_NAME,
        "is_demo": bool(installation and installation.demo_loaded_at),
        "role": role.value if role else None,
        "role_label": role.label if role else "",
    }
