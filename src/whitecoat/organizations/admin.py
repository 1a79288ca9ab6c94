from django.contrib import admin

from whitecoat.organizations.models import Cohort, Department, Entity, Person


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "national_rank", "rank_year"]
    list_filter = ["entity"]
    search_fields = ["name", "specialty"]
    filter_horizontal = ["nominators"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "credentials", "kind", "department", "email"]
    list_filter = ["kind", "department"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]
    list_select_related = ["department"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "launched_on"]
    list_filter = ["entity"]
