from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """The programme lifecycle of PID Appendix 3: stages, processes, closure, EIAs, quality, lessons."""

    name = "lifecycle"
    verbose_name = "Programme lifecycle"

    def ready(self):
        from lifecycle import permissions

        permissions.ready()
