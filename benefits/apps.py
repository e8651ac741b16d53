from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Benefits"

    def ready(self):
        import programme.demo
        from benefits import demo, rules
        from programme import navigation

        rules.register()
        navigation.register("Benefits", "benefits:register", order=40, section="benefits")
        programme.demo.register(40, demo.load)
