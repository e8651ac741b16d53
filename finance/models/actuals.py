"""Actual spend, recorded monthly per project and partner organisation (the partners' ledgers, PID s5.1)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TenantModel, tenant_history
from core.rules import Scope
from finance.choices import SpendKind
from finance.models.budget import NOT_NEGATIVE, money_field


class Actual(TenantModel):
    """What one partner organisation spent on one project in one month (``month`` is its first day), capital,
    revenue or not stated; one row per project, organisation, month and kind."""

    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month spent in.")
    spend_kind = models.CharField("capital or revenue", max_length=10, choices=SpendKind.choices,
                                  default=SpendKind.NOT_STATED)
    amount = money_field(validators=NOT_NEGATIVE)
    reference = models.CharField(max_length=100, blank=True, help_text="The ledger's reference, e.g. a journal.")
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history()

    class Meta:
        ordering = ["month", "project_id", "organisation_id"]
        indexes = [models.Index(fields=["tenant", "month"], name="actual_tenant_month")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "project", "organisation", "month", "spend_kind"],
                                    name="actual_unique_per_month",
                                    violation_error_message=("This organisation's spend on this project in this "
                                                             "month is already recorded: change that entry.")),
            models.CheckConstraint(condition=Q(amount__gte=0), name="actual_amount_not_negative",
                                   violation_error_message="The amount cannot be negative."),
        ]

    def __str__(self):
        return f"{self.project} {self.organisation} {self.month:%b %Y} £{self.amount:,.2f}"

    def raci_scope(self):
        return Scope(workstream_id=self.project.workstream_id, project_id=self.project_id)

    def clean(self):
        errors = {}
        if self.month:
            if self.month.day != 1:
                self.month = self.month.replace(day=1)
            if self.month > timezone.localdate():
                errors["month"] = ["Actual spend cannot be recorded for a month that has not begun."]
        if self.organisation_id and self.tenant_id and self.organisation.tenant_id != self.tenant_id:
            errors["organisation"] = ["Choose an organisation of this partnership."]
        if errors:
            raise ValidationError(errors)
