"""The active tenant of the current request, task or command.

Tenancy is structural: every tenant-owned model's default manager reads the
active tenant from here and returns nothing when none is active (fail closed).
The browser middleware activates the tenant chosen in the session, the API
token authentication activates the token's tenant, and tasks and commands
activate one explicitly with ``tenant_context``.
"""

import contextvars
from contextlib import contextmanager

_active_tenant = contextvars.ContextVar("bct_active_tenant", default=None)


class NoActiveTenant(RuntimeError):
    """Raised when tenant-owned data is written with no tenant active."""


def get_current_tenant():
    return _active_tenant.get()


def get_current_tenant_id():
    tenant = _active_tenant.get()
    return tenant.pk if tenant is not None else None


def activate(tenant):
    """Make ``tenant`` active; returns a token for ``deactivate``."""
    return _active_tenant.set(tenant)


def deactivate(token):
    _active_tenant.reset(token)


@contextmanager
def tenant_context(tenant):
    token = activate(tenant)
    try:
        yield tenant
    finally:
        deactivate(token)
