from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings of the programme's bodies, their agendas, decisions and actions, and board packs (DOMAIN.md s8)."""

    name = "meetings"
    verbose_name = "Meetings and board packs"

    def ready(self):
        from django.db.models.signals import post_save

        import core.demo
        from core import navigation
        from meetings import demo, invitations, permissions
        from meetings.models import Meeting

        permissions.register()
        # A meeting already invited to whose date, time, place or status changes sends its update (or cancellation).
        post_save.connect(invitations.meeting_saved, sender=Meeting, dispatch_uid="meetings.invitations.saved")
        navigation.register("Meetings", "meetings:calendar", order=50, section="meetings")
        core.demo.register(90, demo.load)  # after every register, so agendas carry all papers
