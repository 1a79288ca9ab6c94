# No `from __future__ import annotations` in the routers: ninja reads their signatures at
# runtime (see organizations.py).

from django.http import HttpRequest
from ninja import Router

from whitecoat.api.schemas import ErrorOut, MeOut
from whitecoat.organizations.roles import ROLE_PRECEDENCE, user_role, user_roles

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Who am I", operation_id="me")
def me(request: HttpRequest) -> dict[str, object]:
    """The caller's username, primary role and every role they hold."""
    user = request.auth
    roles = user_roles(user)
    return {
        "username": user.get_username(),
        "role": user_role(user),
        "roles": [role for role in ROLE_PRECEDENCE if role in roles],
    }
