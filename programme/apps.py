from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    """The governance hierarchy: bodies, objectives, stages, workstreams, projects and the roles held at them."""

    name = "programme"
    verbose_name = "Programme and governance"

    def ready(self):
        from core import navigation, rules
        from programme import permissions
        from programme.models import RoleAssignment

        rules.use_role_assignments(RoleAssignment)  # the kernel's RACI engine reads roles held in the hierarchy
        permissions.register()
        navigation.register("My work", "my-work", order=5, section="my-work")
        navigation.register("Programme", "programme:overview", order=10, section="programme")
