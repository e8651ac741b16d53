"""The admin site: superusers only, acting in the partnership chosen for their session."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "BCT Portal administration"
    site_title = "BCT Portal admin"
    index_title = "Partnership data"

    def has_permission(self, request):
        # Django's default lets in any staff user; here the whole admin, every app included, is for
        # superusers, and only once a partnership is active (the middleware sends them to choose one).
        user = request.user
        return user.is_active and user.is_superuser and getattr(request, "tenant", None) is not None


class PortalAdminConfig(AdminConfig):
    default_site = "bct_portal.admin.PortalAdminSite"
