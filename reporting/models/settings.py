"""The partnership's reporting cycle: how long a period is and when its highlight reports are due."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import TenantModel, tenant_history
from reporting.cycle import NATIONS

DEFAULT_CYCLE_MONTHS = 1  # monthly
DEFAULT_DUE_WORKING_DAYS = 5  # a working week before the Implementation Group


class ReportingSettings(TenantModel):
    """At most one row per partnership; without one, the defaults: a report per project and per workstream each
    month, due five working days (England's bank holidays not counted) before the Implementation Group's first
    meeting after the period ends."""

    cycle_months = models.PositiveSmallIntegerField(
        "reporting period (months)", default=DEFAULT_CYCLE_MONTHS,
        validators=[MinValueValidator(1, "A reporting period is at least one month."),
                    MaxValueValidator(12, "A reporting period is at most twelve months.")],
        help_text="1 for monthly reports, 3 for quarterly.")
    due_working_days = models.PositiveSmallIntegerField(
        "due (working days before the Implementation Group)", default=DEFAULT_DUE_WORKING_DAYS,
        validators=[MinValueValidator(0, "The number of days cannot be negative."),
                    MaxValueValidator(20, "A report is due at most 20 working days before the meeting.")],
        help_text="Working days (Monday to Friday, not a bank holiday) before the Implementation Group's meeting "
                  "that a report is due.")
    bank_holidays = models.CharField(
        "bank holidays of", max_length=3, choices=NATIONS, default="ENG",
        help_text="The nation whose bank holidays are not working days.")

    history = tenant_history()

    class Meta:
        verbose_name = "reporting settings"
        verbose_name_plural = "reporting settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="reporting_settings_one_per_tenant",
                                    violation_error_message="This partnership already has reporting settings."),
            models.CheckConstraint(condition=Q(cycle_months__gte=1, cycle_months__lte=12, due_working_days__lte=20),
                                   name="reporting_settings_in_range",
                                   violation_error_message="A period is 1 to 12 months; a report is due 0 to 20 "
                                                           "working days before the meeting."),
        ]

    def __str__(self):
        return "Reporting settings"

    @classmethod
    def for_tenant(cls, tenant):
        """The partnership's settings, or (unsaved: reading a page writes nothing) the defaults."""
        tenant_id = getattr(tenant, "pk", tenant)
        return cls.all_tenants.filter(tenant_id=tenant_id).first() or cls(tenant_id=tenant_id)
