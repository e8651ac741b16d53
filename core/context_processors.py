from core import navigation, notifications
from core.middleware import memberships_of


def portal(request):
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    context = {"current_tenant": tenant, "nav_items": navigation.items(), "other_tenants": []}
    if user is not None and user.is_authenticated and tenant is not None:
        memberships = getattr(request, "memberships", None)  # read by the tenant middleware
        if memberships is None:
            memberships = memberships_of(user)
        context["other_tenants"] = [m.tenant for m in memberships if m.tenant_id != tenant.pk]
        context["unread_notifications"] = notifications.unread_count(user)
    section = request.path.strip("/").split("/", 1)[0]
    context["current_section"] = section
    return context
