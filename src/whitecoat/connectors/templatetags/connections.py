"""{% account_connections record %}: connect, reconnect and sync-now buttons for the
ambassador's accounts, shown to the ambassador and to program admins."""

from __future__ import annotations

from typing import Any

from django import template

from whitecoat.connectors.selectors import accounts_to_connect

register = template.Library()


@register.inclusion_tag("connectors/_account_connections.html", takes_context=True)
def account_connections(context: dict[str, Any], ambassador: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if ambassador is None or user is None:
        return {"connect_accounts": []}
    return {
        "connect_accounts": accounts_to_connect(user=user, ambassador=ambassador),
        "csrf_token": context.get("csrf_token"),
    }
