"""The programme's funding envelope: where money comes from (``FundingSource``) and what is budgeted where and when
(``BudgetLine``), at programme, workstream or project level, by UK financial year and optionally quarter."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from business_cases import money
from core.models import TenantModel, tenant_history
from core.places import AtPlace
from core.rules import Scope
from core.tenancy import get_current_tenant
from finance.choices import FundingKind, Level, SpendKind

NOT_NEGATIVE = [MinValueValidator(0, "An amount cannot be negative: record a reduction as an adjusting line.")]
QUARTER = [MinValueValidator(1, "A quarter is 1 to 4 (April–June is quarter 1)."),
           MaxValueValidator(4, "A quarter is 1 to 4 (April–June is quarter 1).")]


def validate_financial_year(value):
    try:
        money.parse_financial_year(value)
    except money.MoneyError as exc:
        raise ValidationError(str(exc), code="financial_year") from None


def money_field(verbose_name="amount (£)", **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class FundingSource(TenantModel):
    """Where programme money comes from: a partner's contribution (its organisation named), a national
    transformation fund, or a pooled budget."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FundingKind.choices, default=FundingKind.PARTNER_CONTRIBUTION)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", help_text="The partner organisation contributing, if one.")
    notes = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="funding_source_name_unique",
                                               violation_error_message="Another funding source has this name.")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == FundingKind.PARTNER_CONTRIBUTION and not self.organisation_id:
            raise ValidationError({"organisation": ["Name the partner organisation making the contribution."]})


class BudgetLine(AtPlace, TenantModel):
    """An amount budgeted at programme, workstream or project level for a financial year (and quarter, when the
    source gives one). A project's baseline comes from its approved business case (``business_case``); an approved
    change request with a cost impact adds an adjusting line (``change_request``); ``adjustment`` lines may reduce
    (``reduces``) the budget rather than add to it."""

    level = models.CharField(max_length=12, choices=Level.choices, default=Level.PROJECT)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="lines")
    financial_year = models.CharField(max_length=7, validators=[validate_financial_year],
                                      help_text="April to March, written 2026/27.")
    quarter = models.PositiveSmallIntegerField(null=True, blank=True, validators=QUARTER,
                                               help_text="1 (April–June) to 4 (January–March); blank for the year.")
    phase = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1),
                                                                                MaxValueValidator(20)],
                                             help_text="The business case's phase, when the source gives one.")
    spend_kind = models.CharField("capital or revenue", max_length=10, choices=SpendKind.choices,
                                  default=SpendKind.NOT_STATED)
    amount = money_field(validators=NOT_NEGATIVE)
    reduces = models.BooleanField(default=False, help_text="An adjustment that takes the amount off the budget.")
    description = models.CharField(max_length=200, blank=True)
    source_note = models.CharField(max_length=200, blank=True, help_text="Where it comes from, e.g. 'FBC Table 6'.")
    business_case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+", help_text="The approved case it came from.")
    change_request = models.ForeignKey("change_control.ChangeRequest", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+", help_text="The change request that adjusted it.")
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history()

    class Meta:
        ordering = ["financial_year", "quarter", "pk"]
        indexes = [models.Index(fields=["tenant", "financial_year"], name="budget_line_tenant_year")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
            models.CheckConstraint(condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                                   name="budget_line_quarter_1_to_4",
                                   violation_error_message="A quarter is 1 to 4."),
            models.CheckConstraint(
                condition=Q(level=Level.PROGRAMME, workstream__isnull=True, project__isnull=True)
                | Q(level=Level.WORKSTREAM, workstream__isnull=False, project__isnull=True)
                | Q(level=Level.PROJECT, workstream__isnull=False, project__isnull=False),
                name="budget_line_level_matches_place",
                violation_error_message=("A programme line has no workstream or project, a workstream line a "
                                         "workstream only, and a project line a project.")),
        ]

    def __str__(self):
        when = f"{self.financial_year} Q{self.quarter}" if self.quarter else self.financial_year
        return f"{self.place_label} {when} £{self.amount:,.2f}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.project_id)

    @property
    def signed_amount(self):
        return -self.amount if self.reduces else self.amount

    def clean(self):
        errors = self.place_errors("line")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_place()
        super().save(*args, **kwargs)


class StatedTotal(TenantModel):
    """A total as a source document states it (a phase's, a partner's, a year's or the whole project's), kept
    beside the budget lines so every difference from the detail shows. Any number may be stated for one phase."""

    project = models.ForeignKey("programme.Project", on_delete=models.CASCADE, related_name="+")
    business_case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, null=True,
                                      blank=True, related_name="+",
                                      help_text="The document stating it: only that case's budget lines count.")
    label = models.CharField(max_length=200, help_text="What it totals, e.g. 'Phase 1 Standardisation'.")
    phase = models.PositiveSmallIntegerField(null=True, blank=True)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    financial_year = models.CharField(max_length=7, blank=True, validators=[validate_financial_year])
    amount = money_field(validators=NOT_NEGATIVE)
    source = models.CharField(max_length=200, help_text="Table and page, e.g. 'Table 5, p. 21'.")

    history = tenant_history()

    class Meta:
        ordering = ["phase", "pk"]

    def __str__(self):
        return f"{self.label}: £{self.amount:,.2f} ({self.source})"

    def raci_scope(self):
        return Scope(workstream_id=self.project.workstream_id, project_id=self.project_id)
