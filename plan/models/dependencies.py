"""Typed dependencies between plan items, and on things outside the programme (PID s2.4: interdependencies)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import TenantModel, tenant_history
from plan.choices import DependencyType, ExternalKind
from plan.models.items import PlanItem

MAX_LAG = 3650


class PlanDependency(TenantModel):
    """``successor`` cannot start (or finish) until ``predecessor`` has, ``lag_days`` later: finish-to-start,
    start-to-start or finish-to-finish. Cycles are refused by ``services.add_dependency``, which names them."""

    predecessor = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(max_length=20, choices=DependencyType.choices, default=DependencyType.FINISH_TO_START)
    lag_days = models.IntegerField(
        "lag (days)", default=0,
        validators=[MinValueValidator(-MAX_LAG, f"A lag is at least -{MAX_LAG} days."),
                    MaxValueValidator(MAX_LAG, f"A lag is at most {MAX_LAG} days.")],
        help_text="Days after the predecessor's date; negative for a lead.")

    history = tenant_history()

    class Meta:
        ordering = ["successor__forecast_date", "pk"]
        verbose_name_plural = "plan dependencies"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="plan_dependency_once",
                                    violation_error_message="This dependency is already recorded."),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="plan_dependency_not_on_itself",
                                   violation_error_message="An item cannot depend on itself."),
            models.CheckConstraint(condition=Q(lag_days__gte=-MAX_LAG, lag_days__lte=MAX_LAG),
                                   name="plan_dependency_lag_in_range",
                                   violation_error_message=f"A lag is between -{MAX_LAG} and {MAX_LAG} days."),
        ]

    def __str__(self):
        return f"{self.predecessor.ref} → {self.successor.ref} ({self.get_type_display().lower()})"

    def raci_scope(self):
        """A dependency belongs to the item that waits: whoever manages the successor records what it waits for."""
        return self.successor.raci_scope()

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError({"predecessor": ["An item cannot depend on itself."]})


class ExternalDependency(TenantModel):
    """Something outside the programme a plan item waits for: another programme, a national decision, a partner's
    procurement; with whoever owns it and when it is due."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="external_dependencies",
                             verbose_name="plan item that waits for it")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=ExternalKind.choices, default=ExternalKind.PROGRAMME)
    owner = models.CharField(max_length=200, help_text="Who owns it outside the programme (a person or body).")
    due_date = models.DateField("due date")
    met_date = models.DateField("met on", null=True, blank=True)
    note = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name_plural = "external dependencies"

    def __str__(self):
        return self.title

    def raci_scope(self):
        return self.item.raci_scope()

    @property
    def is_overdue(self):
        return self.met_date is None and self.due_date is not None and self.due_date < timezone.localdate()

    def clean(self):
        if self.met_date and self.met_date > timezone.localdate():
            raise ValidationError({"met_date": ["A dependency cannot be met in the future."]})
