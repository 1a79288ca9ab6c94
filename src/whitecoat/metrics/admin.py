from django.contrib import admin

from whitecoat.metrics.models import MetricSnapshot, SocialAccount


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
