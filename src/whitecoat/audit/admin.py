"""The audit trail in the back office (Django admin).

- "Audit trail" appears on the back office's index and opens the audit page (/audit/).
- Every tracked model's "History" button shows its versions through simple-history's
  admin, read-only: reverting a version would go around the services and their rules, so
  changes are made again through the app instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from whitecoat.audit.models import AuditEntry
from whitecoat.audit.tracking import model_is_tracked
from whitecoat.organizations.roles import user_is_admin


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect("audit:list")

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kw: Any) -> Any:
        entry = AuditEntry.objects.filter(pk=object_id).first()
        if entry is None:
            return redirect("audit:list")
        return redirect("audit:object", model_label=entry.model.lower(), object_id=entry.object_id)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> Any:
        # Versions keep foreign keys as ids (fields.RelatedId): nothing to select_related.
        return history_manager.filter(**{pk_name: object_id})

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied("Versions are read-only; make the change again instead.")
        return super().history_form_view(request, object_id, version_id, extra_context)


def history_admins_enable(site: admin.AdminSite = admin.site) -> None:
    """Give every tracked model's admin the read-only version history (idempotent)."""
    for model, model_admin in list(site._registry.items()):
        if not model_is_tracked(model) or isinstance(model_admin, ReadOnlyHistoryAdmin):
            continue
        base = type(model_admin)
        with_history = type(f"{base.__name__}WithHistory", (ReadOnlyHistoryAdmin, base), {})
        with_history.__module__ = base.__module__
        site.unregister(model)
        site.register(model, with_history)
