from django.contrib import admin

from whitecoat.content.models import (
    AmplificationRequest,
    Consent,
    ContentItem,
    ContentUse,
    DepartmentKeywords,
    DoiRecord,
    InstitutionDomain,
    KitCopy,
    RecordedRedirect,
    ShareKit,
)


@admin.register(DoiRecord)
class DoiRecordAdmin(admin.ModelAdmin):
    """Publications' metadata kept locally: a DOI link in a post shows this title."""

    list_display = ["doi", "title", "journal", "published_on"]
    search_fields = ["doi", "title", "journal", "authors"]


@admin.register(RecordedRedirect)
class RecordedRedirectAdmin(admin.ModelAdmin):
    """Where short links lead: the content hub resolves bit.ly, t.co, … through these."""

    list_display = ["short_url", "target_url", "source", "updated_at"]
    list_filter = ["source"]
    search_fields = ["short_url", "target_url"]


@admin.register(InstitutionDomain)
class InstitutionDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "entity"]
    search_fields = ["domain"]


@admin.register(DepartmentKeywords)
class DepartmentKeywordsAdmin(admin.ModelAdmin):
    """Edited in the app (Content → Departments' keywords), which re-tags the posts."""

    list_display = ["department", "updated_by", "updated_at"]
    raw_id_fields = ["updated_by"]


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    """Read here; curate in the app, which checks consent and records every move."""

    list_display = ["post", "ambassador", "kind", "state", "score", "suggested", "blocked"]
    list_filter = ["state", "kind", "platform", "suggested", "blocked"]
    raw_id_fields = ["post", "ambassador"]
    list_select_related = ["post__account", "ambassador__person", "ambassador__cohort"]
    readonly_fields = ["state", "state_changed_at"]


@admin.register(ContentUse)
class ContentUseAdmin(admin.ModelAdmin):
    list_display = ["item", "account", "used_at"]
    raw_id_fields = ["item", "account", "recorded_by"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read only: consent is the ambassador's own decision, made in the app."""

    list_display = ["ambassador", "scope", "platform", "post", "granted", "updated_at"]
    list_filter = ["scope", "granted"]
    raw_id_fields = ["ambassador", "post", "decided_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AmplificationRequest)
class AmplificationRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "state", "requested_by", "assigned_to", "created_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["requested_by", "assigned_to"]
    filter_horizontal = ["accounts"]


class KitCopyInline(admin.TabularInline):
    model = KitCopy
    extra = 0


@admin.register(ShareKit)
class ShareKitAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "department", "published_at", "closes_on"]
    list_filter = ["state"]
    raw_id_fields = ["created_by"]
    inlines = [KitCopyInline]
