from django.apps import AppConfig


class BusinessCasesConfig(AppConfig):
    name = "business_cases"
    verbose_name = "Business cases"

    def ready(self):
        import programme.demo
        from business_cases import authority, demo, rules
        from programme import gates, navigation

        rules.register()
        navigation.register("Business cases", "business_cases:pipeline", order=30, section="cases")
        programme.demo.register(30, demo.load)
        gates.register(authority.refusal)
