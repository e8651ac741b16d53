"""The PMO's per-tenant tier thresholds (DOMAIN.md s5 *defaults*: the PID marks them draft)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from business_cases import tiers
from core.models import TenantModel, tenant_history


class BusinessCaseSettings(TenantModel):
    """One row per tenant. Work worth up to and including ``rff_ceiling`` needs an RFF; up to and including
    ``obc_ceiling`` an OBC; more than that an OBC and then an FBC."""

    rff_ceiling = models.DecimalField(
        "RFF ceiling (£)", max_digits=14, decimal_places=2, default=tiers.DEFAULT_RFF_CEILING,
        validators=[MinValueValidator(0)], help_text="Work worth up to and including this needs a Request For Funding.",
    )
    obc_ceiling = models.DecimalField(
        "OBC ceiling (£)", max_digits=14, decimal_places=2, default=tiers.DEFAULT_OBC_CEILING,
        validators=[MinValueValidator(0)],
        help_text="Work worth up to and including this needs an Outline Business Case; above it, an OBC then an FBC.",
    )

    history = tenant_history()

    class Meta:
        verbose_name = "business case settings"
        verbose_name_plural = "business case settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="business_case_settings_one_per_tenant",
                                    violation_error_message="This partnership already has business case settings."),
            models.CheckConstraint(
                condition=models.Q(rff_ceiling__gte=0, obc_ceiling__gt=models.F("rff_ceiling")),
                name="business_case_settings_ceilings_ordered",
                violation_error_message="The RFF ceiling cannot be negative and the OBC ceiling must be above it.",
            ),
        ]

    def __str__(self):
        return "Business case settings"

    def clean(self):
        if self.rff_ceiling is not None and self.obc_ceiling is not None and self.obc_ceiling <= self.rff_ceiling:
            raise ValidationError({"obc_ceiling": "The OBC ceiling must be above the RFF ceiling."})

    def tier_for(self, value):
        return tiers.tier_for(value, self.rff_ceiling, self.obc_ceiling)

    @classmethod
    def for_tenant(cls, tenant_or_id):
        tenant_id = getattr(tenant_or_id, "pk", tenant_or_id)
        settings = cls.all_tenants.filter(tenant_id=tenant_id).first()
        if settings is None:
            settings, _ = cls.all_tenants.get_or_create(tenant_id=tenant_id)
        return settings
