"""The PMO's per-tenant settings for benefits realisation (DOMAIN.md s6 *defaults*)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from benefits import realisation
from core.models import TenantModel, tenant_history

PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(200))]}


class BenefitSettings(TenantModel):
    """Realisation RAG thresholds and the double-counting tolerance; one row per tenant, made with the defaults."""

    green_from = models.DecimalField(
        default=Decimal(95), help_text="Actual at or above this percentage of plan is Green.", **PERCENT,
    )
    amber_from = models.DecimalField(
        default=Decimal(80), help_text="Actual at or above this percentage of plan (and below Green) is Amber; "
        "below it, Red.", **PERCENT,
    )
    double_counting_tolerance = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal(10), validators=[MinValueValidator(Decimal(0))],
        help_text="Pounds by which an organisation's attributed savings may exceed what its business cases "
                  "deliver before it is flagged (the source tables differ by a few pounds of rounding).",
    )

    history = tenant_history()

    class Meta:
        verbose_name = "benefit settings"
        verbose_name_plural = "benefit settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="benefit_settings_one_per_tenant",
                                    violation_error_message="This partnership already has benefit settings."),
            models.CheckConstraint(condition=models.Q(amber_from__lt=models.F("green_from"), amber_from__gt=0),
                                   name="benefit_settings_amber_below_green",
                                   violation_error_message="Amber must start above 0 and below where green starts."),
        ]

    def __str__(self):
        return "Benefit settings"

    def clean(self):
        if self.amber_from is not None and self.green_from is not None and self.amber_from >= self.green_from:
            raise ValidationError({"amber_from": "Amber must start below Green."})

    @property
    def thresholds(self):
        return realisation.Thresholds(green_from=self.green_from, amber_from=self.amber_from)

    @classmethod
    def for_tenant(cls, tenant):
        settings, _ = cls.all_tenants.get_or_create(tenant=tenant)
        return settings
