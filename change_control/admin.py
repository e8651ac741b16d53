"""Change control in the Django admin (superusers, one partnership at a time). Requests move through their
steps on their own pages and the API, where each step is checked and notified; here they are read-only."""

from django.contrib import admin

from change_control.models import ChangeControlSettings, ChangeRequest
from core.admin import TenantModelAdmin


@admin.register(ChangeRequest)
class ChangeRequestAdmin(TenantModelAdmin):
    list_display = ["ref", "title", "kind", "status", "authority", "decision", "cost_impact"]
    list_filter = ["status", "kind", "authority", "decision"]
    search_fields = ["ref", "title", "description"]
    readonly_fields = [field.name for field in ChangeRequest._meta.concrete_fields if field.name != "tenant"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeControlSettings)
class ChangeControlSettingsAdmin(TenantModelAdmin):
    list_display = ["__str__", "sro_limit", "director_limit"]

    def has_delete_permission(self, request, obj=None):
        return False
