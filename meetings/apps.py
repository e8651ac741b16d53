from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings of the programme's bodies, their agendas, decisions and actions, and board packs (DOMAIN.md s8)."""

    name = "meetings"
    verbose_name = "Meetings and board packs"

    def ready(self):
        import core.demo
        from core import navigation
        from meetings import demo, permissions

        permissions.register()
        navigation.register("Meetings", "meetings:calendar", order=50, section="meetings")
        core.demo.register(90, demo.load)  # after every register, so agendas carry all papers
