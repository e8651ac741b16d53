"""One period of a benefit's profile: planned, actual and forecast values (DOMAIN.md s6)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from benefits import realisation
from benefits.choices import PeriodKind
from core.models import TenantModel, tenant_history

from .benefit import MONEY, Benefit


class BenefitMeasurement(TenantModel):
    """The planned, actual and forecast value of one benefit in one period. ``period`` is the first day of the
    period (a month, a financial quarter or a financial year, as the benefit's profile is divided); one row per
    benefit and period. Write through ``services.record_measurements`` so the benefit's position follows."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    period = models.DateField(help_text="The first day of the period (for a financial year, 1 April).")
    planned = models.DecimalField(**MONEY, null=True, blank=True)
    actual = models.DecimalField(**MONEY, null=True, blank=True)
    forecast = models.DecimalField(**MONEY, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["benefit", "period"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "period"], name="benefit_measurement_one_per_period",
                                    violation_error_message="This benefit already has a measurement for that period."),
            models.CheckConstraint(
                condition=Q(planned__isnull=False) | Q(actual__isnull=False) | Q(forecast__isnull=False),
                name="benefit_measurement_has_a_value",
                violation_error_message="Enter at least one of planned, actual or forecast.",
            ),
        ]

    def __str__(self):
        return f"{self.benefit_id} {self.period}"

    def raci_scope(self):
        return self.benefit.raci_scope()

    @property
    def realisation_percent(self):
        return realisation.realisation_percent(self.actual, self.planned)

    @property
    def label(self):
        return realisation.period_label(self.period, self.benefit.period_kind)

    def clean(self):
        errors = {}
        if self.planned is None and self.actual is None and self.forecast is None:
            errors.setdefault("__all__", []).append("Give a planned, actual or forecast value.")
        benefit = self.benefit if self.benefit_id else None
        if benefit is not None and self.period and benefit.period_kind in PeriodKind.values:
            message = realisation.period_error(self.period, benefit.period_kind)
            if message:
                errors.setdefault("period", []).append(message)
            elif not benefit.period_in_profile(self.period):
                kind = benefit.period_kind
                first = realisation.period_label(benefit.profile_start, kind) if benefit.profile_start else None
                last = realisation.period_label(benefit.profile_end, kind) if benefit.profile_end else None
                span = f"from {first} to {last}" if first and last else (f"from {first}" if first else f"to {last}")
                errors.setdefault("period", []).append(
                    f"{realisation.period_label(self.period, benefit.period_kind)} is outside the profile ({span})."
                )
        if errors:
            raise ValidationError(errors)
