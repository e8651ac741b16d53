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
        core.demo.register(92, demo.load)  # after meetings (90): evidence cites the boards' decisions
        objectives.connect()
