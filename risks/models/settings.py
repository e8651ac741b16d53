"""The PMO's per-tenant settings for the risk register (DOMAIN.md s4 *defaults*)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TenantModel, tenant_history

DEFAULT_LOWER_THRESHOLD = 15
DEFAULT_PROGRAMME_THRESHOLD = 20


class RiskSettings(TenantModel):
    """Thresholds for automatic escalation proposals; one row per tenant, created with the defaults."""

    auto_escalation = models.BooleanField(default=True, help_text="Propose escalations automatically.")
    lower_level_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_LOWER_THRESHOLD, validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="A project or workstream risk with a residual score at or above this is proposed one level up.",
    )
    programme_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_PROGRAMME_THRESHOLD, validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="A programme risk with a residual score at or above this is proposed for the Delivery Board BAF.",
    )

    history = tenant_history()

    class Meta:
        verbose_name = "risk settings"
        verbose_name_plural = "risk settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="risk_settings_one_per_tenant",
                                    violation_error_message="This partnership already has risk settings."),
            models.CheckConstraint(
                condition=models.Q(lower_level_threshold__range=(1, 25), programme_threshold__range=(1, 25)),
                name="risk_settings_thresholds_in_range",
                violation_error_message="Thresholds must be scores from 1 to 25.",
            ),
        ]

    def __str__(self):
        return "Risk settings"

    @classmethod
    def for_tenant(cls, tenant):
        settings, _ = cls.all_tenants.get_or_create(tenant=tenant)
        return settings
