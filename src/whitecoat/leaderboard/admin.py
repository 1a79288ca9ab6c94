from __future__ import annotations

from django.contrib import admin

from whitecoat.leaderboard.models import Ranking, ScoreSettings


@admin.register(ScoreSettings)
class ScoreSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at", "updated_by"]
    readonly_fields = ["updated_by"]


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    """Read-only: stored rankings are made by leaderboard_refresh."""

    list_display = ["window", "grouping", "platform", "as_of", "ranked", "total", "computed_at"]
    list_filter = ["window", "grouping", "as_of"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
