"""The Django admin: for superusers only, acting in one partnership at a time, with every change's history.

Tenancy needs no code here: each ModelAdmin reads its model's default manager, which
is scoped to the active partnership, and saving a row stamps that partnership on it.
What is added: superusers only; people offered in user fields are the partnership's
members; the history pages read only the partnership's history rows.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.models import (
    ApiToken,
    DeliveryStatus,
    FeedSettings,
    IdentityProvider,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    Partnership,
    PendingTask,
    RaciEntry,
    SecurityPolicy,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)

# Roles are RoleAssignments inside a partnership; Django's global groups are not used.
admin.site.unregister(Group)
# django-allauth's tables stay empty (single sign-on's providers are IdentityProviders below, core.accounts.sso):
# their admin pages would only invite settings the portal never reads.
for _model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def is_portal_admin(request):
    """A superuser acting in a partnership (the site's own rule, bct_portal.admin.PortalAdminSite)."""
    return admin.site.has_permission(request)


def members_of(request):
    return User.objects.filter(memberships__tenant=request.tenant, is_active=True).order_by("username")


class TenantAdminMixin:
    """Superusers only; user foreign keys offer only members of the active partnership."""

    # Foreign keys to users that may name anyone (for example, whom to make a member).
    any_user_fields = ()

    def has_module_permission(self, request):
        return is_portal_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_portal_admin(request)

    def has_add_permission(self, request, *args):
        return is_portal_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_portal_admin(request)

    def has_delete_permission(self, request, obj=None):
        return is_portal_admin(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is User and db_field.name not in self.any_user_fields:
            kwargs["queryset"] = members_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TenantModelAdmin(TenantAdminMixin, SimpleHistoryAdmin):
    """For models with history (PID s4.8); ``Model.history`` is tenant-scoped (core.models.base)."""


@admin.register(Partnership)
class PartnershipAdmin(TenantAdminMixin, admin.ModelAdmin):
    """The active partnership only; new partnerships are set up by command, with their RACI seed."""

    list_display = ["name", "short_name", "slug", "created"]
    readonly_fields = ["slug", "created"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk=request.tenant.pk)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 1
    fields = ["organisation", "job_title"]
    verbose_name = "membership of this partnership"
    verbose_name_plural = "membership of this partnership"
    max_num = 1


@admin.register(User)
class PortalUserAdmin(TenantAdminMixin, UserAdmin):
    """The active partnership's members; a person added here becomes a member through the inline."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(memberships__tenant=request.tenant)


@admin.register(Organisation)
class OrganisationAdmin(TenantModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(TenantModelAdmin):
    list_display = ["user", "organisation", "job_title"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    list_select_related = ["user", "organisation"]
    # Making someone a member is how they join the partnership, so anyone may be chosen.
    any_user_fields = ("user",)


@admin.register(RaciEntry)
class RaciEntryAdmin(TenantModelAdmin):
    list_display = ["process_name", "group", "role", "letters"]
    list_editable = ["letters"]
    list_filter = ["group", "role"]
    search_fields = ["process", "process_name"]


@admin.register(ApiToken)
class ApiTokenAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Read-only: a key is issued by ``create_api_token`` and shown once; here it can only be revoked."""

    list_display = ["prefix", "name", "user", "created", "last_used", "expires", "revoked", "active"]
    list_filter = [("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    fields = ["prefix", "name", "user", "created", "last_used", "expires", "revoked"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(boolean=True)
    def active(self, token):
        return token.is_active

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked__isnull=True):
            token.revoke()
            count += 1
        self.message_user(
            request, ngettext("%d token revoked.", "%d tokens revoked.", count) % count, messages.SUCCESS
        )


@admin.register(Notification)
class NotificationAdmin(TenantAdminMixin, admin.ModelAdmin):
    """What people were told: read-only, so the record of who was told what stays true."""

    list_display = ["created", "recipient", "subject", "kind", "read_at", "emailed_at", "email_attempts"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["user", "email_mode"]
    list_select_related = ["user"]





@admin.register(FeedSettings)
class FeedSettingsAdmin(TenantModelAdmin):
    """Whether the partnership's registers may be loaded by Power BI and Excel (``core.feeds``); the PMO's page
    for it is /audit/reporting-exchange/."""

    list_display = ["__str__", "enabled"]


@admin.register(PendingTask)
class PendingTaskAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Tasks kept because the broker was down when their request committed (``core.dispatch``): sent again by the
    schedule. Read-only; one that names no task any more may be deleted once looked at."""

    list_display = ["created", "task", "args", "attempts", "last_attempt_at", "last_error"]
    readonly_fields = ["task", "args", "kwargs", "attempts", "last_error", "created", "last_attempt_at"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IdentityProvider)
class IdentityProviderAdmin(TenantModelAdmin):
    """Single sign-on providers of the partnership (core.accounts.sso); the client secret stays in the environment."""

    list_display = ("name", "slug", "issuer", "client_id", "enabled")
    list_filter = ("enabled",)
    fields = ("name", "slug", "issuer", "client_id", "secret_env", "allowed_domains", "enabled", "redirect_uri")
    readonly_fields = ("redirect_uri",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Redirect URI to register with the provider")
    def redirect_uri(self, obj):
        from django.conf import settings
        from django.urls import reverse

        if obj is None or not obj.slug:
            return "Shown once saved."
        path = reverse("openid_connect_callback", kwargs={"provider_id": obj.slug})
        return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(TenantModelAdmin):
    list_display = ("__str__", "two_factor_required", "local_passwords_allowed")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TenantAdminMixin, SimpleHistoryAdmin):
    """Where the partnership's events are posted (``core.webhooks``); off until ``active`` is ticked."""

    list_display = ["name", "kind", "host", "active", "on_pack_published", "on_decision_recorded",
                    "on_risk_escalated", "on_report_overdue"]
    list_filter = ["kind", "active"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Each event posted to an endpoint; a failed one (dead) can be sent again. Read-only otherwise."""

    list_display = ["created", "endpoint", "event", "status", "attempts", "last_status_code", "last_error"]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    readonly_fields = ["endpoint", "event", "key", "message", "status", "attempts", "last_status_code", "last_error",
                       "created", "last_attempt_at", "delivered_at"]
    actions = ["send_again"]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description="Send the selected failed deliveries again")
    def send_again(self, request, queryset):
        from core import webhooks

        count = 0
        for delivery in queryset.filter(status=DeliveryStatus.DEAD):
            webhooks.resend(delivery)
            count += 1
        self.message_user(request, ngettext("%d delivery sent again.", "%d deliveries sent again.", count) % count,
                          messages.SUCCESS)
