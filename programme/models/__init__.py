from .governance import Body, Objective, Programme, Project, Stage, Workstream
from .roles import ProjectGroupObjectPermission, ProjectUserObjectPermission, RoleAssignment

__all__ = [
    "Body", "Objective", "Programme", "Project", "ProjectGroupObjectPermission", "ProjectUserObjectPermission",
    "RoleAssignment", "Stage", "Workstream",
]
