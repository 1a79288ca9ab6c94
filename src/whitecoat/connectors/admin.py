"""Back-office views; tokens and client secrets are never shown or editable here."""

from django.contrib import admin

from whitecoat.connectors.models import Connection, PlatformApp, PostAlias, SyncItem, SyncRun


@admin.register(PlatformApp)
class PlatformAppAdmin(admin.ModelAdmin):
    list_display = ["platform", "organization", "client_id", "enabled", "updated_at"]
    list_filter = ["platform", "enabled"]
    # The secret is set on the Connections page, which never shows it back.
    exclude = ["client_secret"]


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["account", "auth", "expires_at", "last_synced_at", "last_error"]
    list_filter = ["auth", "account__platform"]
    exclude = ["access_token", "refresh_token"]
    readonly_fields = ["account", "auth", "platform_user_id", "expires_at", "scopes"]
    list_select_related = ["account"]


class SyncItemInline(admin.TabularInline):
    model = SyncItem
    extra = 0
    fields = ["account", "state", "reason", "requests", "new_posts", "claimed_by", "finished_at"]
    readonly_fields = fields
    raw_id_fields = ["account"]
    can_delete = False
    max_num = 0


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "state", "total", "synced", "skipped", "failed", "created_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in SyncRun._meta.fields]
    inlines = [SyncItemInline]


@admin.register(PostAlias)
class PostAliasAdmin(admin.ModelAdmin):
    """A post's other ids (LinkedIn's activity and share ids) and how each was found, for
    checking the matches connectors/linkedin/ids.py made."""

    list_display = ["platform_post_id", "post", "matched_by", "created_at"]
    list_filter = ["matched_by"]
    search_fields = ["platform_post_id", "post__platform_post_id"]
    raw_id_fields = ["post", "account"]
    list_select_related = ["post__account"]
