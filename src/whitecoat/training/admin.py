from django.contrib import admin

from whitecoat.training.models import (
    ChecklistItem,
    Course,
    Module,
    ModuleCompletion,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    SessionInvitation,
    TrainingSession,
)


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ["position", "title", "kind", "estimated_minutes", "is_self_study", "is_published"]
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "position", "is_published"]
    list_filter = ["platform", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ModuleInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "kind", "position", "is_self_study", "is_published"]
    list_filter = ["kind", "course"]
    list_select_related = ["course"]


class InvitationInline(admin.TabularInline):
    model = SessionInvitation
    raw_id_fields = ["ambassador", "recorded_by"]
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    """Read here; schedule, change and cancel in the app, which sends the invitations."""

    list_display = ["course", "starts_at", "kind", "trainer", "state", "sequence"]
    list_filter = ["state", "kind", "course"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["trainer", "created_by"]
    readonly_fields = ["uid", "sequence", "ends_at"]
    list_select_related = ["course", "trainer"]
    inlines = [InvitationInline]


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(admin.ModelAdmin):
    list_display = ["ambassador", "module", "source", "completed_at"]
    list_filter = ["source"]
    raw_id_fields = ["ambassador", "module", "session", "recorded_by"]
    list_select_related = ["ambassador__person", "module__course"]


class VersionInline(admin.TabularInline):
    model = PolicyVersion
    fields = ["label", "effective_on", "published_at", "asks_disclaimer"]
    readonly_fields = ["published_at"]
    extra = 0
    show_change_link = True


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [VersionInline]


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "ambassador", "user", "acknowledged_at"]
    raw_id_fields = ["ambassador", "user"]
    list_select_related = ["version__policy", "ambassador__person", "user"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["platform_choice", "item", "is_checked", "changed_at", "changed_by"]
    list_filter = ["item", "is_checked"]
    raw_id_fields = ["platform_choice", "account", "changed_by"]
