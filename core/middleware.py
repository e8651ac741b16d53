"""Activate the tenant a browser user chose for this session (API tokens activate their own)."""

from django.shortcuts import redirect
from django.urls import reverse

from core import rules, tenancy
from core.db import cross_tenant_lookup

SESSION_KEY = "bct_tenant_id"
# Paths a signed-in user may reach before choosing a partnership (a calendar feed's URL names its own).
OPEN_PREFIXES = ("/accounts/", "/static/", "/assets/", "/api/", "/healthz", "/calendar/")


def memberships_of(user):
    from core.models import Membership

    with cross_tenant_lookup():  # every partnership the user belongs to (PostgreSQL row-level security)
        memberships = Membership.all_tenants.filter(user=user).select_related("tenant", "organisation")
        return list(memberships.order_by("tenant__name"))


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = None
        request.membership = request.memberships = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with cross_tenant_lookup():  # which partnership the user acts in, before one is active
                tenant = self._session_tenant(request)
        request.tenant = tenant
        token = tenancy.activate(tenant)
        try:
            signed_in = user is not None and user.is_authenticated
            if tenant is None and signed_in and not request.path.startswith(OPEN_PREFIXES):
                return redirect(f"{reverse('tenant-switch')}?next={request.get_full_path()}")
            return self.get_response(request)
        finally:
            tenancy.deactivate(token)

    def _session_tenant(self, request):
        # Every partnership the user belongs to, in one read: the session's is among them, and the page's tenant
        # switcher (core.context_processors) lists the others from the same list.
        memberships = memberships_of(request.user)
        request.memberships = memberships
        tenant_id = request.session.get(SESSION_KEY)
        if tenant_id is not None:
            membership = next((m for m in memberships if m.tenant_id == tenant_id), None)
            if membership is not None:
                request.membership = membership
                rules.note_membership(request.user, membership.tenant_id)
                return membership.tenant
            del request.session[SESSION_KEY]
        if len(memberships) == 1:
            request.membership = memberships[0]
            rules.note_membership(request.user, memberships[0].tenant_id)
            request.session[SESSION_KEY] = memberships[0].tenant_id
            return memberships[0].tenant
        return None
