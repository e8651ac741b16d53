"""A plan item: a milestone, deliverable or step-change of the Programme Plan (PID s3.4.1, Appendix 6)."""



from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core import numbering
from core.models import TenantModel, tenant_history
from core.places import AtPlace
from core.rules import Scope
from core.tenancy import get_current_tenant
from plan.choices import ItemKind, ItemStatus, Level

REF_PREFIX = "PI"


def day(value):
    return f"{value:%-d %B %Y}" if value else ""


class PlanItem(AtPlace, TenantModel):
    """One milestone (a date), deliverable or step-change at programme, workstream or project level.

    ``baseline_date`` is the item's date in the current baseline (set by baselining the plan, or by approving a
    change request that re-baselines the item); ``forecast_date`` is when it is now expected; ``actual_date`` when
    it was done. The variance is the forecast (or actual) less the baseline, in days."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.MILESTONE)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    outputs = models.TextField("outputs and outcomes it delivers", blank=True)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.PROGRAMME)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              help_text="The programme stage it falls in.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    start_date = models.DateField("start", null=True, blank=True,
                                  help_text="When work on it starts; a milestone is a single date and has none.")
    baseline_date = models.DateField("baseline date", null=True, blank=True, editable=False)
    forecast_date = models.DateField("forecast date")
    actual_date = models.DateField("actual date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    delivered_by = models.ManyToManyField("programme.Project", blank=True, related_name="+",
                                          verbose_name="projects that deliver it")
    benefits = models.ManyToManyField("benefits.Benefit", blank=True, related_name="+",
                                      verbose_name="benefits whose profile it unlocks")
    business_cases = models.ManyToManyField("business_cases.BusinessCase", blank=True, related_name="+",
                                            verbose_name="business-case approvals it waits for")
    change_request = models.ForeignKey(
        "change_control.ChangeRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False, help_text="The change request its slip beyond tolerance proposed.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["forecast_date", "number"]
        indexes = [models.Index(fields=["tenant", "status"], name="plan_item_tenant_status"),
                   models.Index(fields=["tenant", "forecast_date"], name="plan_item_tenant_forecast")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="plan_item_number_unique_per_tenant",
                                    violation_error_message="Another plan item already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="plan_item_ref_unique_per_tenant",
                                    violation_error_message="Another plan item already has this reference."),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(forecast_date__gte=F("start_date")),
                name="plan_item_forecast_not_before_start",
                violation_error_message="The forecast date cannot be before the item's start."),
            models.CheckConstraint(
                condition=Q(level=Level.PROGRAMME, workstream__isnull=True, project__isnull=True)
                | Q(level=Level.WORKSTREAM, workstream__isnull=False, project__isnull=True)
                | Q(level=Level.PROJECT, workstream__isnull=False, project__isnull=False),
                name="plan_item_level_matches_place",
                violation_error_message=("A programme item has no workstream or project, a workstream item a "
                                         "workstream only, and a project item a project.")),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.COMPLETE) | Q(actual_date__isnull=False),
                name="plan_item_complete_has_actual",
                violation_error_message="A complete item must have its actual date."),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.project_id)

    # Derived ------------------------------------------------------------------------------------------------
    @property
    def begins(self):
        """The day work on it begins: its start, or (a milestone, or no start given) its date."""
        return self.start_date or self.finishes

    @property
    def finishes(self):
        return self.actual_date or self.forecast_date

    @property
    def variance_days(self):
        """Days past (positive) or ahead of (negative) the current baseline; None if never baselined."""
        if not self.baseline_date or not self.finishes:
            return None
        return (self.finishes - self.baseline_date).days

    @property
    def is_complete(self):
        return self.status == ItemStatus.COMPLETE

    @property
    def is_late(self):
        """Late: so marked, or not complete and its forecast date has passed."""
        if self.is_complete:
            return False
        return self.status == ItemStatus.LATE or (self.forecast_date is not None
                                                  and self.forecast_date < timezone.localdate())

    def clean(self):
        errors = self.place_errors("item")
        if self.kind == ItemKind.MILESTONE and self.start_date and self.start_date != self.forecast_date:
            errors["start_date"] = ["A milestone is a single date: leave the start empty."]
        if self.start_date and self.forecast_date and self.forecast_date < self.start_date:
            errors["forecast_date"] = [f"The forecast date cannot be before the item's start ({day(self.start_date)})."]
        today = timezone.localdate()
        if self.actual_date:
            if self.actual_date > today:
                errors["actual_date"] = ["An actual date cannot be in the future."]
            elif self.start_date and self.actual_date < self.start_date:
                errors["actual_date"] = [f"The actual date cannot be before the item's start ({day(self.start_date)})."]
            elif self.status != ItemStatus.COMPLETE:
                errors["status"] = ["An item with an actual date is complete: choose Complete, or clear the date."]
        elif self.status == ItemStatus.COMPLETE:
            errors["actual_date"] = ["Give the date it was completed."]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_place()
        return numbering.number_and_save(self, REF_PREFIX, lambda: super(PlanItem, self).save(*args, **kwargs))


