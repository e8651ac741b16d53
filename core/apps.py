from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel: tenancy, people, roles and the RACI engine, and what every app shares. Imports no app."""

    name = "core"
    verbose_name = "Partnerships, people and access"

    def ready(self):
        from core import navigation, permissions, rls, signals  # noqa: F401
        from core.accounts import audit  # noqa: F401  (its signal receivers: logins, failures, lockouts)

        permissions.register()
        # Every history row's reason is cut to its column (core.history.fit_reason).
        from simple_history.signals import pre_create_historical_record

        from core.history import fit_reason

        pre_create_historical_record.connect(fit_reason, dispatch_uid="core.history.fit_reason")
        # PostgreSQL row-level security: the tenant per transaction, policies after migrate.
        rls.connect_signals(self)
