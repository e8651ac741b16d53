"""Who may do what: role assignments at a scope, the RACI matrix as data, API tokens, calendar feed tokens,
object grants."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from guardian.managers import GroupObjectPermissionManager, UserObjectPermissionManager
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.choices import RaciLetter, Role

from .base import CurrentTenantId, TenantModel, tenant_history


class RaciEntry(TenantModel):
    """One cell of the tenant's RACI matrix: the letters a role holds for a process (PID Appendix 3).

    The matrix is data the PMO can edit; every edit is kept in its history and
    changes who may act at once, because the permission backend reads it per request.
    """

    process = models.CharField(max_length=80, help_text="The process key, e.g. 'start_workstreams_and_projects'.")
    process_name = models.CharField(max_length=200)
    group = models.CharField(max_length=100, blank=True, help_text="The Appendix 3 heading it sits under.")
    role = models.CharField(max_length=30, choices=Role.choices)
    letters = models.CharField(max_length=4, blank=True, help_text="Any of R, A, C, I; blank for none.")

    history = tenant_history(table_name="programme_historicalracientry")

    class Meta:
        db_table = "programme_racientry"  # its name from before it moved here
        ordering = ["group", "process", "role"]
        verbose_name_plural = "RACI entries"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "process", "role"], name="raci_entry_unique",
                                    violation_error_message="This role already has an entry for this process."),
        ]

    def __str__(self):
        return f"{self.process_name}: {self.get_role_display()} {self.letters or '-'}"

    def clean(self):
        letters = (self.letters or "").upper()
        allowed = set(RaciLetter.values)
        if any(letter not in allowed for letter in letters) or len(set(letters)) != len(letters):
            raise ValidationError({"letters": "Use each of R, A, C and I at most once."})
        self.letters = "".join(sorted(letters, key="RACI".index))


def hash_token_key(key):
    # Keys are 256 random bits, so a fast hash is enough and lets the lookup be one indexed query.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(TenantModel):
    """A revocable API key for one user acting in one tenant. Only its hash is stored. Every token expires:
    after ``DEFAULT_DAYS`` unless its issuer chooses, and never later than ``MAX_DAYS`` (SECURITY.md)."""

    LIFETIMES = [(30, "30 days"), (90, "90 days"), (365, "1 year")]
    DEFAULT_DAYS = 90
    MAX_DAYS = 365

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The first characters (bct_…), to tell keys apart.",
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "programme_apitoken"  # its name from before it moved here
        ordering = ["-created"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, tenant, name="", expires=None):
        """Create a token; returns (token, key). The key is shown once and never stored."""
        # A fixed prefix: recognisable in logs and secret scanners, and never starts with "-" on a command line.
        key = f"bct_{secrets.token_urlsafe(32)}"
        token = cls(tenant=tenant, user=user, name=name, key_hash=hash_token_key(key), prefix=key[:12], expires=expires)
        token.save()
        return token, key

    @property
    def is_active(self):
        now = timezone.now()
        return self.revoked is None and (self.expires is None or self.expires > now)

    def revoke(self):
        self.revoked = timezone.now()
        self.save(update_fields=["revoked"])


class CalendarFeedToken(TenantModel):
    """The secret in one user's calendar subscription URLs in one tenant (``core.calendars``). Only its hash is
    stored; the URL is shown once. Read-only: it opens the user's calendar feeds and nothing else. A user has at
    most one live token per tenant: a new one replaces it, and revoking ends every URL made with it at once."""

    PREFIX = "cal_"

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="calendar_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False, help_text="The first characters, to tell URLs apart.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], condition=models.Q(revoked_at__isnull=True),
                                    name="calendar_token_one_live_per_user",
                                    violation_error_message="You already have a calendar link: revoke it first."),
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, tenant):
        """Revoke the user's live token in ``tenant`` and make a new one; returns (token, key). The key is shown
        once and never stored."""
        key = f"{cls.PREFIX}{secrets.token_urlsafe(32)}"
        with transaction.atomic():
            cls.all_tenants.filter(tenant=tenant, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
            token = cls(tenant=tenant, user=user, key_hash=hash_token_key(key), prefix=key[:12])
            token.save()
        return token, key

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


def _scoped(manager_class):
    class Scoped(manager_class):
        def get_queryset(self):
            return super().get_queryset().filter(tenant_id=CurrentTenantId())

    Scoped.__name__ = f"Tenant{manager_class.__name__}"
    return Scoped


class TenantUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct foreign-key grant table, carrying the tenant of the object it grants on."""

    tenant = models.ForeignKey("core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False)
    objects = _scoped(UserObjectPermissionManager)()
    all_tenants = models.Manager()

    class Meta(UserObjectPermissionBase.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.tenant_id = self.content_object.tenant_id
        super().save(*args, **kwargs)


class TenantGroupObjectPermission(GroupObjectPermissionBase):
    tenant = models.ForeignKey("core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False)
    objects = _scoped(GroupObjectPermissionManager)()
    all_tenants = models.Manager()

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.tenant_id = self.content_object.tenant_id
        super().save(*args, **kwargs)
