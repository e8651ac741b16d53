"""The Django admin for briefs and business cases: superusers only, one partnership at a time (programme.admin)."""

from django.contrib import admin

from business_cases.models import (
    Brief,
    BusinessCase,
    BusinessCaseSettings,
    BusinessCaseUserObjectPermission,
    BusinessCaseVersion,
    CostShare,
    MoneyLine,
    PrioritisationScore,
    StatedTotal,
)
from core.admin import TenantAdminMixin, TenantModelAdmin


class CaseInline(admin.TabularInline):
    extra = 0

    def has_module_permission(self, request):
        return False


class MoneyLineInline(CaseInline):
    model = MoneyLine
    fields = ["kind", "funding", "financial_year", "phase", "description", "amount"]


class CostShareInline(CaseInline):
    model = CostShare
    fields = ["organisation", "label", "percent", "amount"]


class StatedTotalInline(CaseInline):
    model = StatedTotal
    fields = ["kind", "phase", "amount", "source"]


class GrantInline(CaseInline):
    model = BusinessCaseUserObjectPermission
    fields = ["user", "permission"]
    verbose_name = "explicit grant"
    verbose_name_plural = "explicit grants (for example view_businesscase on a restricted case)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from django.contrib.auth.models import Permission

        from core.admin import members_of

        if db_field.name == "user":
            kwargs["queryset"] = members_of(request)
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(content_type__app_label="business_cases",
                                                           codename="view_businesscase")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BusinessCase)
class BusinessCaseAdmin(TenantModelAdmin):
    """Edits the details and sections; the workflow (status, decisions) moves only through the portal and API."""

    list_display = ["ref", "title", "project", "value", "tier", "document_type", "status", "restricted"]
    list_filter = ["status", "tier", "document_type", "restricted"]
    search_fields = ["ref", "title", "project__name"]
    readonly_fields = ["ref", "tier", "document_type", "status", "author", "submitted_by", "submitted_at",
                       "recommended_by", "recommended_at", "decided_by", "decided_at", "decision_note",
                       "obc_approved_by", "obc_approved_at", "withdrawn_reason"]
    inlines = [MoneyLineInline, CostShareInline, StatedTotalInline, GrantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Brief)
class BriefAdmin(TenantModelAdmin):
    list_display = ["title", "kind", "workstream", "cost", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description"]
    readonly_fields = ["status", "author", "submitted_by", "submitted_at", "decided_by", "decided_at",
                       "decision_note", "admitted_workstream", "admitted_project"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(BusinessCaseSettings)
class BusinessCaseSettingsAdmin(TenantModelAdmin):
    """Changing the thresholds re-tiers draft cases; submitted and decided cases keep the tier they were put at."""

    list_display = ["__str__", "rff_ceiling", "obc_ceiling"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from business_cases.services import retier_drafts

        retier_drafts(obj.tenant_id, request.user)


@admin.register(BusinessCaseVersion)
class BusinessCaseVersionAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Versions are read-only: a submission is kept as it was."""

    list_display = ["case", "number", "document_type", "value", "submitted_by", "submitted_at"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrioritisationScore)
class PrioritisationScoreAdmin(TenantModelAdmin):
    list_display = ["case", "scorer", "total", "scored_at"]
