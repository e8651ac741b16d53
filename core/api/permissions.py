"""The API's permission class: reads are open to members; writes ask ``user.has_perm``."""

from rest_framework import permissions

from core import rules
from core.tenancy import get_current_tenant_id


def perm_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def require_perm(request, perm, obj=None):
    """Raise a 403 naming the allowed roles unless the user may ``perm`` on ``obj``."""
    rules.require(request.user, perm, obj)


class RaciPermission(permissions.BasePermission):
    """Every request must act in a tenant the user belongs to; object writes are checked by the viewset,
    where the object (before and after the change) is known."""

    message = "You are not a member of this partnership."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if get_current_tenant_id() is None:
            return False
        access = rules.current_access(request.user)
        return bool(access and access.is_member)
