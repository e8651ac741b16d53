from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The Programme Plan (PID s3.4.1): milestones, deliverables and step-changes, their dependencies, baselines
    and tolerances. It reads the programme, the registers and the lifecycle; none of them imports it: it hears of
    end-of-stage approvals and change decisions through ``core.signals``."""

    name = "plan"
    verbose_name = "Programme plan"

    def ready(self):
        import core.demo
        from core import navigation, signals
        from plan import demo, rules, services

        rules.register()
        navigation.register("Plan", "plan:register", order=35, section="plan")
        core.demo.register(70, demo.load)
        signals.end_of_stage_report_approved.connect(services.on_end_of_stage_report_approved,
                                                     dispatch_uid="plan.baseline_at_end_of_stage")
        signals.change_request_decided.connect(services.on_change_request_decided,
                                               dispatch_uid="plan.rebaseline_on_approved_change")
