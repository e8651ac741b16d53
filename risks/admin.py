"""The risk register in the Django admin (superusers, one partnership at a time). Items are archived, never
deleted; workflow steps (moves, closing) are done on the register's own pages so they are checked and recorded."""

from django.contrib import admin

from core.admin import TenantModelAdmin
from risks.models import BafEntry, BoardAssuranceFramework, Issue, MitigationAction, Risk, RiskMove, RiskSettings
from risks.models.settings import BAND_FIELDS, HML_FIELDS


class NoDeleteAdmin(TenantModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class MitigationActionInline(admin.TabularInline):
    model = MitigationAction
    extra = 0
    fields = ["description", "owner", "owner_name", "due_date", "status"]
    can_delete = False


@admin.register(Risk)
class RiskAdmin(NoDeleteAdmin):
    list_display = ["ref", "title", "level", "category", "residual_score", "status", "archived"]
    list_filter = ["level", "category", "status", "archived", "nature"]
    search_fields = ["ref", "title", "description"]
    readonly_fields = ["ref", "level", "inherent_score", "residual_score", "status", "closed_on"]
    inlines = [MitigationActionInline]


@admin.register(RiskMove)
class RiskMoveAdmin(NoDeleteAdmin):
    list_display = ["risk", "direction", "from_level", "to_level", "status", "automatic", "proposed_at"]
    list_filter = ["status", "direction", "automatic"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False


@admin.register(BoardAssuranceFramework)
class BoardAssuranceFrameworkAdmin(NoDeleteAdmin):
    list_display = ["title", "level", "body"]


@admin.register(BafEntry)
class BafEntryAdmin(NoDeleteAdmin):
    list_display = ["risk", "baf", "assurance_rating", "current"]
    list_filter = ["baf", "assurance_rating", "current"]


@admin.register(Issue)
class IssueAdmin(NoDeleteAdmin):
    list_display = ["ref", "title", "level", "priority", "status", "dispute_stage", "archived"]
    list_filter = ["level", "priority", "status", "dispute_stage", "archived"]
    search_fields = ["ref", "title", "description"]
    readonly_fields = ["ref", "dispute_stage"]


@admin.register(RiskSettings)
class RiskSettingsAdmin(NoDeleteAdmin):
    list_display = ["__str__", "auto_escalation", "lower_level_threshold", "programme_threshold"]
    # The bands change on /risks/bands/ only, which recolours every risk with the reason (risks.bands).
    readonly_fields = [*BAND_FIELDS, *HML_FIELDS]
