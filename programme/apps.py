from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme and governance"

    def ready(self):
        from programme import navigation, permissions, signals  # noqa: F401

        permissions.register()
        navigation.register("Programme", "programme:overview", order=10, section="programme")
        from programme.packs import registry as packs  # meetings and board packs: permissions, "Meetings", demo
        packs.ready()
        __import__("programme.lifecycle.permissions", fromlist=["ready"]).ready()  # lifecycle: RACI, nav, demo
        from programme import rls  # PostgreSQL row-level security: the tenant per transaction, policies after migrate
        rls.connect_signals(self)
