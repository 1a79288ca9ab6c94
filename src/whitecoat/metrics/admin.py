from django.contrib import admin

from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin):
    list_display = ["handle", "platform", "use", "connection_state", "ambassador"]
    list_filter = ["platform", "use", "connection_state"]
    search_fields = ["handle", "ambassador__person__last_name"]
    raw_id_fields = ["ambassador"]
    list_select_related = ["ambassador__person"]


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["account", "date", "followers", "engagements", "source"]
    list_filter = ["source"]
    date_hierarchy = "date"
    raw_id_fields = ["account"]
    list_select_related = ["account"]
    show_full_result_count = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["account", "published_at", "kind", "likes", "impressions", "source"]
    list_filter = ["kind", "source", "account__platform"]
    search_fields = ["text", "account__handle"]
    date_hierarchy = "published_at"
    raw_id_fields = ["account"]
    list_select_related = ["account"]
