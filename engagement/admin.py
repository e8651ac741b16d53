"""Communications and engagement in the Django admin (superusers, one partnership at a time). Stakeholders'
personal data is not listed; erasure on request is a PMO action on the stakeholder's page, not here."""

from django.contrib import admin

from core.admin import TenantAdminMixin, TenantModelAdmin
from engagement.models import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    FourTest,
    MeasureActual,
    ServiceChange,
    Stakeholder,
    TestEvidence,
)


@admin.register(Stakeholder)
class StakeholderAdmin(TenantModelAdmin):
    list_display = ["ref", "name", "kind", "category", "interest", "influence", "current_support", "target_support"]
    list_filter = ["kind", "category", "current_support"]
    search_fields = ["ref", "name"]


@admin.register(EngagementObjective)
class EngagementObjectiveAdmin(TenantModelAdmin):
    list_display = ["number", "title"]


@admin.register(EngagementActivity)
class EngagementActivityAdmin(TenantModelAdmin):
    list_display = ["ref", "title", "kind", "channel", "planned_date", "status", "held_on", "reach"]
    list_filter = ["kind", "channel", "status"]
    search_fields = ["ref", "title"]


@admin.register(EngagementResponse)
class EngagementResponseAdmin(TenantModelAdmin):
    list_display = ["ref", "activity", "due_date", "responded_on"]
    search_fields = ["ref", "you_said", "we_did"]


@admin.register(EffectivenessMeasure)
class EffectivenessMeasureAdmin(TenantAdminMixin, admin.ModelAdmin):  # no history (yet)
    list_display = ["name", "objective", "kind", "unit", "target", "higher_is_better"]


@admin.register(MeasureActual)
class MeasureActualAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "period", "value"]


@admin.register(ServiceChange)
class ServiceChangeAdmin(TenantModelAdmin):
    list_display = ["ref", "title", "workstream", "status", "consultation_start", "consultation_end", "decided_on"]
    list_filter = ["status"]
    search_fields = ["ref", "title"]


@admin.register(FourTest)
class FourTestAdmin(TenantModelAdmin):
    list_display = ["service_change", "test"]

    def has_add_permission(self, request, *args):
        return False  # made with their service change

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TestEvidence)
class TestEvidenceAdmin(TenantModelAdmin):
    list_display = ["four_test", "kind", "title"]
