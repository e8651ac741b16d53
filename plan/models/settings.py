"""The partnership's tolerances for the plan (PID s4.7: a slip beyond tolerance is a change for change control)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import TenantModel, tenant_history
from plan.choices import ItemKind

DEFAULT_MILESTONE_TOLERANCE = 28  # four weeks
DEFAULT_STEP_CHANGE_TOLERANCE = 0  # any slip
MAX_TOLERANCE = 365  # days


def tolerance_field(verbose_name, default, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, help_text=help_text,
        validators=[MinValueValidator(0, "A tolerance cannot be negative."),
                    MaxValueValidator(MAX_TOLERANCE, f"A tolerance is at most {MAX_TOLERANCE} days.")],
    )


class PlanSettings(TenantModel):
    """How far a forecast may slip past its baseline before a change request is proposed; one row per partnership,
    created with the defaults (four weeks for a milestone or deliverable, any slip for a step-change)."""

    milestone_tolerance_days = tolerance_field(
        "milestone tolerance (days)", DEFAULT_MILESTONE_TOLERANCE,
        "A milestone's forecast may slip this many days past its baseline before a change request is proposed.")
    deliverable_tolerance_days = tolerance_field(
        "deliverable tolerance (days)", DEFAULT_MILESTONE_TOLERANCE, "The same, for a deliverable.")
    step_change_tolerance_days = tolerance_field(
        "step-change tolerance (days)", DEFAULT_STEP_CHANGE_TOLERANCE,
        "The same, for a step-change: 0 proposes a change request for any slip.")

    history = tenant_history()

    class Meta:
        verbose_name = "plan settings"
        verbose_name_plural = "plan settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="plan_settings_one_per_tenant",
                                    violation_error_message="This partnership already has plan settings."),
            models.CheckConstraint(
                condition=Q(milestone_tolerance_days__lte=MAX_TOLERANCE, deliverable_tolerance_days__lte=MAX_TOLERANCE,
                            step_change_tolerance_days__lte=MAX_TOLERANCE),
                name="plan_settings_tolerance_at_most_a_year",
                violation_error_message="A tolerance is at most 365 days."),
        ]

    def __str__(self):
        return "Plan settings"

    @classmethod
    def for_tenant(cls, tenant):
        """The partnership's settings; the defaults, unsaved, if it never changed them (reading writes nothing)."""
        tenant_id = getattr(tenant, "pk", tenant)
        found = cls.all_tenants.filter(tenant_id=tenant_id).first()
        return found or cls(tenant_id=tenant_id)

    def tolerance(self, kind):
        return {
            ItemKind.MILESTONE: self.milestone_tolerance_days,
            ItemKind.DELIVERABLE: self.deliverable_tolerance_days,
            ItemKind.STEP_CHANGE: self.step_change_tolerance_days,
        }[kind]
