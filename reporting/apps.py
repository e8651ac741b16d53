from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Progress reporting (PID s3, s3.4.2): highlight reports per project and workstream on the partnership's
    reporting cycle, pre-filled from the plan and the registers, and the live programme dashboard. It reads the
    plan, the registers and meetings; none of them imports it: the board pack hears of it through
    ``core.registry`` (``reporting.pack_sections``)."""

    name = "reporting"
    verbose_name = "Progress reporting"

    def ready(self):
        import core.demo
        from core import navigation
        from reporting import demo, rules

        rules.register()
        navigation.register("Reports", "reporting:list", order=37, section="reports")
        core.demo.register(95, demo.load)  # after meetings (90): due dates follow their dates
