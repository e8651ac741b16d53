from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Communications and stakeholder engagement (PID s4.2): the stakeholder register, the engagement plan and log
    with its "you said, we did" responses and effectiveness measures, and service changes with their consultation
    and the Four Tests. It reads the plan, the registers, the lifecycle, meetings and the programme; nothing
    imports it: the board packs hear of it through ``core.registry``."""

    name = "engagement"
    verbose_name = "Communications and engagement"

    def ready(self):
        import core.demo
        from core import navigation
        from engagement import demo, objectives, rules

        rules.register()
        navigation.register("Engagement", "engagement:index", order=38, section="engagement")
        core.demo.register(5, objectives.seed_loader)  # every partnership has the plan's nine objectives
        # After the business cases (30), whose demo records the boards' decisions the Four Tests' evidence cites;
        # before meetings (90), so the next Delivery Board agenda carries the service change awaiting its decision.
        core.demo.register(85, demo.load)
        objectives.connect()
