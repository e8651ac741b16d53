"""The plan in the Django admin (superusers, one partnership at a time): read-only; items change on their pages
and through the API, where each change is checked, recorded and may propose a change request."""

from django.contrib import admin

from core.admin import TenantModelAdmin
from plan.models import Baseline, PlanItem, PlanSettings


class ReadOnlyAdmin(TenantModelAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["ref", "title", "kind", "level", "status", "baseline_date", "forecast_date", "actual_date"]
    list_filter = ["kind", "level", "status"]
    search_fields = ["ref", "title"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["ref", "label", "reason", "taken_at"]


@admin.register(PlanSettings)
class PlanSettingsAdmin(TenantModelAdmin):
    list_display = ["__str__", "milestone_tolerance_days", "deliverable_tolerance_days", "step_change_tolerance_days"]

    def has_delete_permission(self, request, obj=None):
        return False
