from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel: tenancy, people, roles and the RACI engine, and what every app shares. Imports no app."""

    name = "core"
    verbose_name = "Partnerships, people and access"

    def ready(self):
        from core import navigation, permissions, rls, signals, webhook_events  # noqa: F401
        from core.accounts import audit  # noqa: F401  (its signal receivers: logins, failures, lockouts)

        permissions.register()
        # Every history row's reason is cut to its column (core.history.fit_reason).
        from simple_history.signals import pre_create_historical_record

        from core.history import fit_reason

        pre_create_historical_record.connect(fit_reason, dispatch_uid="core.history.fit_reason")
        # PostgreSQL row-level security: the tenant per transaction, policies after migrate.
        rls.connect_signals(self)
        tune_garbage_collector()


def tune_garbage_collector():
    """Python's cyclic garbage collector, tuned for a web process (settings ``GC_THRESHOLDS``): what is loaded by
    now (Django, the apps, their modules) is frozen out of every collection, and a collection of the youngest
    objects waits for 50,000 allocations rather than 700. A page that builds thousands of rows (the live dashboard,
    the finance overview) otherwise triggers full collections over the whole heap mid-request: they made the p95
    tail (docs/performance.md, 2026-12-05: the finance overview's p95 245 -> 144 ms, the dashboard's 184 -> 103)."""
    import gc

    from django.conf import settings

    thresholds = getattr(settings, "GC_THRESHOLDS", None)
    if thresholds:
        gc.freeze()
        gc.set_threshold(*thresholds)
