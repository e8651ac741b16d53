from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Benefits"

    def ready(self):
        import core.demo
        from benefits import demo, rules
        from core import navigation

        rules.register()
        navigation.register("Benefits", "benefits:register", order=40, section="benefits")
        core.demo.register(40, demo.load)
