from django.apps import AppConfig


class BusinessCasesConfig(AppConfig):
    name = "business_cases"
    verbose_name = "Business cases"

    def ready(self):
        import core.demo
        from business_cases import authority, demo, rules
        from core import gates, navigation

        rules.register()
        navigation.register("Business cases", "business_cases:pipeline", order=30, section="cases")
        core.demo.register(30, demo.load)
        gates.register(authority.refusal)
