"""Tenants (partnerships), their partner organisations, and who belongs to which (DOMAIN.md s1)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, _user_has_perm
from django.db import models

from core import rules
from core.choices import OrganisationKind

from .base import TenantModel, tenant_history


class User(AbstractUser):
    """A person. Global: one person may belong to several partnerships and acts in one at a time."""

    class Meta:
        db_table = "programme_user"  # its name from before it moved here
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """A superuser operates the deployment: it gets the admin (models' add/change/delete/view permissions that
        no RACI rule governs) and other packages' permissions, not the portal's RACI matrix (Django would answer
        True to anything, even a permission that does not exist). Permissions the RACI matrix governs are asked
        of the backends, for a superuser as for everyone; an unknown one raises in development and tests."""
        if not self.is_active:
            return False
        if self.is_superuser and perm.split(".", 1)[0] not in settings.PORTAL_APPS:
            return True
        if self.is_superuser and not rules.is_governed(perm) and rules.is_model_permission(perm):
            return True  # the admin's add/change/delete/view of a model that no RACI rule governs
        return _user_has_perm(self, perm, obj)


class Partnership(models.Model):
    """The tenant: one health and care partnership, such as LLR Better Care Together."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programme_partnership"  # its name from before it moved here
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(TenantModel):
    """A partner organisation (NHS trust, CCG, council) of one partnership."""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=20, help_text="Short code such as UHL or LPT.")
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)

    history = tenant_history(table_name="programme_historicalorganisation")

    class Meta:
        db_table = "programme_organisation"  # its name from before it moved here
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="organisation_code_unique_per_tenant",
                                    violation_error_message="Another organisation already has this code."),
        ]

    def __str__(self):
        return self.name


class Membership(TenantModel):
    """A user's membership of a partnership, through one partner organisation."""

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    job_title = models.CharField(max_length=200, blank=True)

    history = tenant_history(table_name="programme_historicalmembership")

    class Meta:
        db_table = "programme_membership"  # its name from before it moved here
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_per_tenant",
                                    violation_error_message="This person is already a member of this partnership."),
        ]

    def __str__(self):
        return f"{self.user} in {self.tenant_id}"
