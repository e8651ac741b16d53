"""The Django admin: for superusers only, acting in one partnership at a time, with every change's history.

Tenancy needs no code here: each ModelAdmin reads its model's default manager, which
is scoped to the active partnership, and saving a row stamps that partnership on it.
What is added: superusers only; people offered in user fields are the partnership's
members; the history pages read only the partnership's history rows.
"""

from django.contrib import admin
from django.contrib.auth.models import Permission

from core.admin import TenantAdminMixin, TenantModelAdmin, members_of
from programme.models import (
    Body,
    Objective,
    Programme,
    Project,
    ProjectUserObjectPermission,
    RoleAssignment,
    Stage,
    Workstream,
)


@admin.register(Body)
class BodyAdmin(TenantModelAdmin):
    list_display = ["name", "kind", "parent", "risk_review_cycle", "meets_in_public"]
    list_filter = ["kind", "risk_review_cycle"]
    search_fields = ["name", "chair"]
    list_select_related = ["parent"]
    filter_horizontal = ["chairs"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "chairs":  # only the partnership's members may chair its bodies
            kwargs["queryset"] = members_of(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Programme)
class ProgrammeAdmin(TenantModelAdmin):
    list_display = ["name"]


@admin.register(Objective)
class ObjectiveAdmin(TenantModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(Stage)
class StageAdmin(TenantModelAdmin):
    list_display = ["sequence", "name", "kind", "start", "end", "status"]
    list_display_links = ["name"]
    list_filter = ["kind", "status"]


@admin.register(Workstream)
class WorkstreamAdmin(TenantModelAdmin):
    list_display = ["name", "kind", "sro", "lead", "reports_to"]
    list_filter = ["kind", ("reports_to", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "description"]
    list_select_related = ["sro", "lead", "reports_to"]


@admin.register(Project)
class ProjectAdmin(TenantModelAdmin):
    list_display = ["name", "workstream", "stage", "manager", "start", "end"]
    list_filter = ["stage", ("workstream", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "description"]
    list_select_related = ["workstream", "manager"]
    filter_horizontal = ["objectives", "depends_on"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TenantModelAdmin):
    list_display = ["user", "role", "scope_label", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "workstream", "project", "organisation"]

    @admin.display(description="scope")
    def scope_label(self, assignment):
        return assignment.scope_label






@admin.register(ProjectUserObjectPermission)
class ProjectUserObjectPermissionAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Explicit grants on one project to a named member, beyond what their roles give."""

    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(
                content_type__app_label="programme", codename__endswith="_project"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)








