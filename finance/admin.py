"""Programme finance in the Django admin (superusers, one partnership at a time): read-only; money changes on its
pages and through the API, where each change is checked and recorded."""

from django.contrib import admin

from core.admin import TenantModelAdmin
from finance.models import Actual, BudgetLine, FinanceSettings, FundingSource, ResourceDemand, ResourcePledge, Skill


class ReadOnlyAdmin(TenantModelAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organisation"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["financial_year", "quarter", "level", "project", "amount"]


@admin.register(Actual)
class ActualAdmin(ReadOnlyAdmin):
    list_display = ["month", "project", "organisation", "amount"]


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(TenantModelAdmin):
    """The finance RAG's tolerances (superusers, for the partnership)."""

    list_display = ["__str__", "amber_beyond_percent", "red_beyond_percent"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ["name", "description"]


@admin.register(ResourcePledge)
class ResourcePledgeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "kind", "first_quarter", "last_quarter", "wte", "skill", "outcome"]


@admin.register(ResourceDemand)
class ResourceDemandAdmin(ReadOnlyAdmin):
    list_display = ["business_case", "skill", "quarter", "wte"]
