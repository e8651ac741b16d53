from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    """The governance hierarchy: bodies, objectives, stages, workstreams, projects and the roles held at them."""

    name = "programme"
    verbose_name = "Programme and governance"

    def ready(self):
        from core import navigation
        from programme import permissions

        permissions.register()
        navigation.register("Programme", "programme:overview", order=10, section="programme")
