from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = "Risks"

    def ready(self):
        import core.demo
        from core import navigation
        from risks import demo, rules

        rules.register()
        navigation.register("Risks", "risks:register", order=20, section="risks")
        core.demo.register(20, demo.load)
        core.demo.register(45, demo.link_benefits)  # after the benefits demo (40)
