"""The security audit trail (logins, lockouts, refusals, restricted reads, token use) and each partnership's
security policy. Written by core.accounts.audit; read on the PMO's audit page (core.accounts.views)."""

from django.db import models
from django.utils import timezone

from .base import AllTenantsManager, TenantManager, TenantModel, tenant_history


class AuditKind(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Login failed"
    LOCKED_OUT = "locked_out", "Locked out"
    LOGOUT = "logout", "Logged out"
    OTP_VERIFIED = "otp_verified", "Two-factor code accepted"
    OTP_FAILED = "otp_failed", "Two-factor code refused"
    OTP_ENROLLED = "otp_enrolled", "Two-factor authentication set up"
    OTP_REMOVED = "otp_removed", "Two-factor authentication removed"
    DENIED = "denied", "Permission refused"
    RESTRICTED_READ = "restricted_read", "Restricted item read"
    TOKEN_USED = "token_used", "API token used"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    CALENDAR_CREATED = "calendar_created", "Calendar link created"
    CALENDAR_REVOKED = "calendar_revoked", "Calendar link revoked"
    POLICY_CHANGED = "policy_changed", "Security policy changed"
    SSO_LOGIN = "sso_login", "Signed in through an identity provider"
    SSO_REFUSED = "sso_refused", "Single sign-on refused"


class AuditEvent(models.Model):
    """Who did what, when, where from, in which partnership. Append-only.

    ``tenant`` is empty only for a failed login (or lockout) of a username that belongs to no partnership:
    there is no tenant to file it under. Every other event names one; a login or failure of a known user
    is written once for each partnership they belong to, so each PMO sees its own members' events.
    The default manager is scoped to the active tenant like every TenantManager, so tenant-less rows are
    reachable only through ``all_tenants`` (operators, never views).
    """

    tenant = models.ForeignKey(
        "core.Partnership", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False,
    )
    at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    user = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
    )
    # As typed at the login form, or the user's username: kept if the user is later deleted.
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    object_type = models.CharField(max_length=100, blank=True, help_text="app_label.model of the item concerned.")
    object_id = models.CharField(max_length=64, blank=True)
    token_prefix = models.CharField(max_length=12, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = TenantManager()
    all_tenants = AllTenantsManager()

    class Meta:
        db_table = "programme_auditevent"  # its name from before it moved here
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "at"], name="audit_tenant_at"),
            models.Index(fields=["tenant", "kind", "at"], name="audit_tenant_kind_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted one by one.")


class SecurityPolicy(TenantModel):
    """A partnership's security settings, kept by its PMO with history (DOMAIN.md s9)."""

    two_factor_required = models.BooleanField(
        default=False,
        help_text="Board members, the joint SROs, the Programme Director and PMO staff must use two-factor "
                  "authentication; those without it are asked to set it up before they continue.",
    )

    local_passwords_allowed = models.BooleanField(
        "local passwords allowed", default=True,
        help_text="Members may log in with a portal password. Untick once single sign-on works: members then sign "
                  "in through one of the partnership's identity providers (superusers keep the admin's login).",
    )

    history = tenant_history(table_name="programme_historicalsecuritypolicy")

    class Meta:
        db_table = "programme_securitypolicy"  # its name from before it moved here
        verbose_name_plural = "security policies"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="security_policy_one_per_tenant",
                                               violation_error_message=("This partnership already has a security "
                                                                        "policy."))]

    def __str__(self):
        return "Security policy"

    @classmethod
    def for_tenant(cls, tenant):
        return cls.all_tenants.filter(tenant=tenant).first() or cls(tenant=tenant)


# The audit trail's signal receivers (logins, failures, lockouts) are connected when the models load.
