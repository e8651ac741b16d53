"""Baselines of the plan: a snapshot of every item's dates, kept, so that any two can be compared item by item."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core import numbering
from core.models import TenantModel, tenant_history
from plan.choices import BaselineReason, ItemKind, ItemStatus
from plan.models.items import PlanItem

REF_PREFIX = "PB"


class Baseline(TenantModel):
    """The plan as baselined: when an end-of-stage report is approved, or by the PMO on demand. The latest is
    the current baseline; earlier ones are kept unchanged."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    label = models.CharField(max_length=200)
    reason = models.CharField(max_length=20, choices=BaselineReason.choices, default=BaselineReason.ON_DEMAND)
    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    end_of_stage_report = models.ForeignKey("lifecycle.EndOfStageReport", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    taken_at = models.DateTimeField(default=timezone.now)

    history = tenant_history()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="plan_baseline_number_unique_per_tenant",
                                    violation_error_message="Another baseline already has this number."),
        ]

    def __str__(self):
        return f"{self.ref} {self.label}"

    def save(self, *args, **kwargs):
        return numbering.number_and_save(self, REF_PREFIX, lambda: super(Baseline, self).save(*args, **kwargs))


class BaselineEntry(TenantModel):
    """One item as it stood in a baseline (rows never change once written)."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="baseline_entries")
    ref = models.CharField(max_length=12)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    status = models.CharField(max_length=12, choices=ItemStatus.choices)
    start_date = models.DateField(null=True, blank=True)
    baseline_date = models.DateField("date baselined")

    class Meta:
        ordering = ["baseline_date", "ref"]
        verbose_name_plural = "baseline entries"
        constraints = [
            models.UniqueConstraint(fields=["baseline", "item"], name="plan_baseline_entry_once",
                                    violation_error_message="This item is already in this baseline."),
        ]

    def __str__(self):
        return f"{self.ref} in {self.baseline.ref}"
