from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The composition root: settings, URLs, the Celery app, and commands that span every app
    (``generate_load_data`` builds every register's load data through ``perf``). It owns no models."""

    name = "bct_portal"
    verbose_name = "BCT Portal"
