"""Who may do what: role assignments at a scope, the RACI matrix as data, API tokens, object grants."""


from django.core.exceptions import ValidationError
from django.db import models

from core.choices import SCOPED_ROLES, Role, ScopeType
from core.models.access import TenantGroupObjectPermission, TenantUserObjectPermission
from core.models.base import TenantModel, tenant_history
from core.rules import Scope


class RoleAssignment(TenantModel):
    """A role held by a user at the tenant, or at one workstream (covering its projects) or project."""

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    project = models.ForeignKey(
        "programme.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="For partner viewers: the organisation whose staff they are.",
    )

    history = tenant_history()

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(workstream__isnull=False) & models.Q(project__isnull=False)),
                name="role_assignment_one_scope",
                violation_error_message="A role is held either at a workstream or at a project, not both.",
            ),
            # One constraint per scope, because SQLite cannot treat NULLs as equal in one.
            models.UniqueConstraint(
                fields=["tenant", "user", "role"],
                condition=models.Q(workstream__isnull=True, project__isnull=True),
                name="role_assignment_unique_at_tenant",
                violation_error_message="This person already holds this role across the partnership.",
            ),
            models.UniqueConstraint(
                fields=["tenant", "user", "role", "workstream"],
                condition=models.Q(workstream__isnull=False),
                name="role_assignment_unique_at_workstream",
                violation_error_message="This person already holds this role in this workstream.",
            ),
            models.UniqueConstraint(
                fields=["tenant", "user", "role", "project"],
                condition=models.Q(project__isnull=False),
                name="role_assignment_unique_at_project",
                violation_error_message="This person already holds this role in this project.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} ({self.scope_label})"

    @property
    def scope_type(self):
        if self.project_id:
            return ScopeType.PROJECT
        if self.workstream_id:
            return ScopeType.WORKSTREAM
        return ScopeType.TENANT

    @property
    def scope_id(self):
        return self.project_id or self.workstream_id or self.tenant_id

    def raci_scope(self):
        if self.project_id:
            return Scope(workstream_id=self.project.workstream_id, project_id=self.project_id)
        return Scope(workstream_id=self.workstream_id)

    @property
    def scope_label(self):
        if self.project_id:
            return str(self.project)
        if self.workstream_id:
            return str(self.workstream)
        return "whole partnership"

    def clean(self):
        if self.role in SCOPED_ROLES and self.scope_type == ScopeType.TENANT:
            raise ValidationError({"role": f"{self.get_role_display()} is held at a workstream or project."})
        if self.role not in SCOPED_ROLES and self.scope_type != ScopeType.TENANT:
            raise ValidationError({"role": f"{self.get_role_display()} is held across the whole partnership."})


class ProjectUserObjectPermission(TenantUserObjectPermission):
    """An explicit grant on one project to a named person, beyond what their roles give."""

    content_object = models.ForeignKey("programme.Project", on_delete=models.CASCADE)


class ProjectGroupObjectPermission(TenantGroupObjectPermission):
    content_object = models.ForeignKey("programme.Project", on_delete=models.CASCADE)
