"""A case's money profile: lines by financial year, phase, capital or revenue, cost or saving; the split of the
cost between partner organisations; and the totals the source document states (seed 004, Tables 3–9)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from business_cases import money
from business_cases.choices import Funding, MoneyKind
from core.models import TenantModel, tenant_history


def validate_financial_year(value):
    try:
        money.parse_financial_year(value)
    except money.MoneyError as exc:
        raise ValidationError(str(exc), code="financial_year") from None


NOT_NEGATIVE = [MinValueValidator(0, "Amounts cannot be negative: record a saving as a saving, not a negative cost.")]
PHASE = [MinValueValidator(1), MaxValueValidator(20)]


class CaseChild(TenantModel):
    class Meta:
        abstract = True

    def raci_scope(self):
        return self.case.raci_scope()


class MoneyLine(CaseChild):
    """One amount of cost or saving. ``financial_year`` is blank when the source gives it for a phase as a whole
    (seed 004 Table 5 costs each phase without dating it)."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="money_lines")
    kind = models.CharField(max_length=6, choices=MoneyKind.choices)
    funding = models.CharField(max_length=7, choices=Funding.choices, default=Funding.REVENUE)
    financial_year = models.CharField(max_length=7, blank=True, validators=[validate_financial_year],
                                      help_text="April to March, written 2016/17.")
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=PHASE)
    description = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)

    history = tenant_history()

    class Meta:
        ordering = ["kind", "phase", "financial_year", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="money_line_amount_not_negative",
                                              violation_error_message="The amount cannot be negative.")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.financial_year or ''} £{self.amount:,.2f}".replace("  ", " ")


class CostShare(CaseChild):
    """One partner organisation's share of the cost (seed 004 Table 9: by percentage of the benefits)."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="cost_shares")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200, blank=True, help_text="For example the point of access it pays for.")
    percent = models.DecimalField(max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])
    amount = models.DecimalField("cost (£)", max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=NOT_NEGATIVE)

    history = tenant_history()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="cost_share_percent_0_100",
                                   violation_error_message="The share must be between 0 and 100 per cent."),
            models.CheckConstraint(condition=Q(amount__gte=0) | Q(amount__isnull=True),
                                   name="cost_share_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
        ]

    def __str__(self):
        return f"{self.organisation} {self.percent}%"


class StatedTotal(CaseChild):
    """A total as the source document states it, kept beside the detail so a disagreement shows."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="stated_totals")
    kind = models.CharField(max_length=6, choices=MoneyKind.choices)
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=PHASE,
                                             help_text="Blank for the whole case.")
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    source = models.CharField(max_length=200, blank=True, help_text="Where it is stated, for example 'Table 3'.")

    history = tenant_history()

    class Meta:
        ordering = ["kind", "phase", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="stated_total_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
            models.UniqueConstraint(fields=["case", "kind", "phase"], condition=Q(phase__isnull=False),
                                    name="stated_total_unique_per_phase",
                                    violation_error_message="This case already states that total for that phase."),
            models.UniqueConstraint(fields=["case", "kind"], condition=Q(phase__isnull=True),
                                    name="stated_total_unique_for_case",
                                    violation_error_message="This case already states that total."),
        ]

    def __str__(self):
        return f"Stated {self.get_kind_display().lower()} {money.phase_label(self.phase)}: £{self.amount:,.2f}"
