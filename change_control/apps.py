from django.apps import AppConfig


class ChangeControlConfig(AppConfig):
    name = "change_control"
    verbose_name = "Change control"

    def ready(self):
        import core.demo
        from change_control import demo, rules
        from core import navigation

        rules.register()
        navigation.register("Change control", "change_control:log", order=50, section="changes")
        core.demo.register(50, demo.load)
