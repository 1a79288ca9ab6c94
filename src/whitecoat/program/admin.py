from django.contrib import admin

from whitecoat.program.models import Ambassador


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin):
    list_display = ["person", "cohort", "status", "nominated_on", "joined_on"]
    list_filter = ["status", "cohort"]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    raw_id_fields = ["person", "nominated_by"]
    list_select_related = ["person", "cohort"]
