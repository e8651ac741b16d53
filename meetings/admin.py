"""The Django admin: for superusers only, acting in one partnership at a time, with every change's history.

Tenancy needs no code here: each ModelAdmin reads its model's default manager, which
is scoped to the active partnership, and saving a row stamps that partnership on it.
What is added: superusers only; people offered in user fields are the partnership's
members; the history pages read only the partnership's history rows.
"""

from django.contrib import admin

from core.admin import TenantModelAdmin
from meetings.models import MeetingCadence, MeetingSettings


@admin.register(MeetingCadence)
class MeetingCadenceAdmin(TenantModelAdmin):
    """When each body meets (DOMAIN.md s8); the PMO edits the same on the meetings pages."""

    list_display = ["body", "describe", "location", "in_public", "active"]
    list_filter = ["active", "in_public", "every_months"]
    search_fields = ["body__name", "location"]
    list_select_related = ["body"]

    @admin.display(description="meets")
    def describe(self, cadence):
        return cadence.describe()


@admin.register(MeetingSettings)
class MeetingSettingsAdmin(TenantModelAdmin):
    """The partnership's one row of meeting and board pack settings: changed, never added twice or deleted."""

    list_display = ["__str__", "pack_days_before", "meetings_ahead"]

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not MeetingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


