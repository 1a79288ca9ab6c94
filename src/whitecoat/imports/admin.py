from django.contrib import admin

from whitecoat.imports.models import AccountAlias, Import, ManualEntry


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made, committed and undone on the Imports page."""

    list_display = ["file_name", "format", "state", "created_at", "uploaded_by", "committed_at"]
    list_filter = ["state", "format"]
    search_fields = ["file_name", "file_hash"]
    exclude = ["content"]
    list_select_related = ["uploaded_by"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountAlias)
class AccountAliasAdmin(admin.ModelAdmin):
    list_display = ["label", "platform", "account", "created_by", "created_at"]
    search_fields = ["label", "account__handle"]
    raw_id_fields = ["account"]
    list_select_related = ["account", "created_by"]


@admin.register(ManualEntry)
class ManualEntryAdmin(admin.ModelAdmin):
    list_display = ["account", "date", "entered_by", "entered_at"]
    raw_id_fields = ["account"]
    list_select_related = ["account", "entered_by"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
