"""A case's money profile at the source document's own grain: lines by financial year or quarter, phase, capital,
revenue or not stated, cost or saving; the split of the cost between partner organisations, for the whole case or
per phase; and any number of totals the source document states, each with its table and page (seed 004, Tables
3–9)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from business_cases import money
from business_cases.choices import Funding, MoneyKind
from core.models import TenantModel, tenant_history


def validate_financial_year(value):
    try:
        money.parse_financial_year(value)
    except money.MoneyError as exc:
        raise ValidationError(str(exc), code="financial_year") from None


# The whole case (no phase) or the whole year (no quarter) first, on PostgreSQL as on SQLite (whose NULLs sort first
# by default, PostgreSQL's last).
def NULLS_FIRST(name):  # noqa: N802 (reads as the SQL it writes)
    return F(name).asc(nulls_first=True)


NOT_NEGATIVE = [MinValueValidator(0, "Amounts cannot be negative: record a saving as a saving, not a negative cost.")]
PHASE = [MinValueValidator(1), MaxValueValidator(20)]
QUARTER = [MinValueValidator(1, money.QUARTER_ERROR), MaxValueValidator(4, money.QUARTER_ERROR)]


class CaseChild(TenantModel):
    class Meta:
        abstract = True

    def raci_scope(self):
        return self.case.raci_scope()


class MoneyLine(CaseChild):
    """One amount of cost or saving. ``financial_year`` is blank when the source gives it for a phase as a whole
    (seed 004 Table 5 costs each phase without dating it); ``quarter`` (1 = April to June) narrows a year to the
    quarter the source gives (Tables 6–8), and needs the year."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="money_lines")
    kind = models.CharField(max_length=6, choices=MoneyKind.choices)
    funding = models.CharField(max_length=10, choices=Funding.choices, default=Funding.REVENUE)
    financial_year = models.CharField(max_length=7, blank=True, validators=[validate_financial_year],
                                      help_text="April to March, written 2016/17.")
    quarter = models.PositiveSmallIntegerField(null=True, blank=True, validators=QUARTER,
                                               help_text="Of the financial year: 1 is April to June, 4 January to "
                                                         "March. Blank for the whole year.")
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=PHASE)
    description = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)

    history = tenant_history()

    class Meta:
        ordering = ["kind", NULLS_FIRST("phase"), "financial_year", NULLS_FIRST("quarter"), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="money_line_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
            models.CheckConstraint(condition=Q(quarter__isnull=True) | (Q(quarter__gte=1, quarter__lte=4)
                                                                        & ~Q(financial_year="")),
                                   name="money_line_quarter_of_a_year", violation_error_message=money.QUARTER_ERROR),
        ]

    def clean(self):
        super().clean()
        if self.quarter is not None and not self.financial_year:
            raise ValidationError({"quarter": money.QUARTER_WITHOUT_YEAR})

    @property
    def period(self):
        return money.period_label(self.financial_year, self.quarter)

    def __str__(self):
        return f"{self.get_kind_display()} {self.period} £{self.amount:,.2f}".replace("  ", " ")


class CostShare(CaseChild):
    """One partner organisation's share of the cost of a phase, or of the whole case when ``phase`` is blank (seed
    004 Table 9 splits each phase between different points of access). ``amount`` is the cost the source states
    for the share, if it does; the portal computes its own from the phase's cost lines (``money.summarise``)."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="cost_shares")
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=PHASE,
                                             help_text="Blank for the whole case.")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200, blank=True, help_text="For example the point of access it pays for.")
    percent = models.DecimalField(max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])
    amount = models.DecimalField("stated cost (£)", max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=NOT_NEGATIVE, help_text="As the source states it, if it does.")

    history = tenant_history()

    class Meta:
        ordering = [NULLS_FIRST("phase"), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="cost_share_percent_0_100",
                                   violation_error_message="The share must be between 0 and 100 per cent."),
            models.CheckConstraint(condition=Q(amount__gte=0) | Q(amount__isnull=True),
                                   name="cost_share_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
        ]

    def __str__(self):
        return f"{self.organisation} {self.percent}% of {money.phase_label(self.phase)}"


class StatedTotal(CaseChild):
    """A total as the source document states it, kept beside the detail so a disagreement shows. A document may
    state a phase's total more than once, in different tables that disagree (seed 004 Tables 5 and 6–8): each is
    kept, with its table and page, and checked against the detail on its own."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="stated_totals")
    kind = models.CharField(max_length=6, choices=MoneyKind.choices)
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=PHASE,
                                             help_text="Blank for the whole case.")
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    source = models.CharField(max_length=200, blank=True, help_text="Where it is stated, for example 'Table 3'.")
    page = models.CharField(max_length=20, blank=True, help_text="The page or pages, as the document numbers them.")

    history = tenant_history()

    class Meta:
        ordering = ["kind", NULLS_FIRST("phase"), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="stated_total_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
        ]

    def __str__(self):
        return f"Stated {self.get_kind_display().lower()} {money.phase_label(self.phase)}: £{self.amount:,.2f}"
