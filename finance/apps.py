from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """Programme finance (PID s1 "programme budget"; s3.4.2 "allocation of resource"): funding sources, budget
    lines at programme, workstream and project level, monthly actuals per partner, forecast outturn and the finance
    RAG. It reads the programme and the registers; none of them imports it: it hears of approved business cases and
    change decisions through ``core.signals``."""

    name = "finance"
    verbose_name = "Programme finance"

    def ready(self):
        import core.demo
        from core import navigation, signals
        from finance import demo, resource_demo, resource_rules, rules, services

        rules.register()
        resource_rules.register()
        navigation.register("Finance", "finance:overview", order=37, section="finance")
        core.demo.register(75, demo.load)
        core.demo.register(76, resource_demo.load)
        signals.business_case_approved.connect(services.on_business_case_approved,
                                               dispatch_uid="finance.baseline_on_approved_case")
        signals.change_request_decided.connect(services.on_change_request_decided,
                                               dispatch_uid="finance.adjust_on_approved_change")
