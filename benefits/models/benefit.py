"""A benefit on the register and its attribution to partner organisations (DOMAIN.md s6, PID s4.3)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from benefits import realisation
from benefits.choices import BenefitType, Level, PeriodKind, RealisationRag, RealisationStage, Trend
from core import derived, numbering
from core.models import TenantModel, tenant_history
from core.models.base import AllTenantsManager, TenantManager, TenantQuerySet
from core.rules import Scope

MONEY = {"max_digits": 14, "decimal_places": 2}
# The double-counting check's version (core.derived): every write to its inputs changes it (benefits.apps).
DOUBLE_COUNTING = "benefits.double_counting"
# The realisation roll-ups' version (benefits.rollups), changed by every write to their inputs (benefits.apps).
REALISATION = "benefits.realisation"
DERIVED = ["level", "scope_workstream", "scope_project", "planned_total", "planned_to_date", "actual_to_date",
           "realisation_percent", "trend", "latest_period", "updated"]


def derive_scope(workstream_id, projects):
    """(level, workstream id, project id) of a benefit from its own workstream and its projects'
    ``[(project id, workstream id)]``: one project makes it that project's benefit; several projects of one
    workstream, or a workstream alone, a workstream benefit; anything wider a programme benefit."""
    project_workstreams = {ws for _, ws in projects}
    if len(projects) == 1 and workstream_id in (None, projects[0][1]):
        return Level.PROJECT, projects[0][1], projects[0][0]
    if workstream_id is not None:
        return Level.WORKSTREAM, workstream_id, None
    if projects and len(project_workstreams) == 1:
        return Level.WORKSTREAM, project_workstreams.pop(), None
    return Level.PROGRAMME, None, None


class BenefitQuerySet(TenantQuerySet):
    def live(self):
        return self.filter(archived=False)

    def visible_to(self, user):
        """Every unrestricted benefit of the tenant; restricted ones only to those who may edit them."""
        from benefits.rules import visible_q

        return self.filter(visible_q(user))

    def with_rag(self, thresholds):
        """Annotate ``rag``: the realisation RAG of the stored percentage under the tenant's thresholds. The
        percentage is rounded down to 2 places and thresholds have 2 places, so this agrees exactly with
        ``realisation.rag`` on the unrounded figures."""
        return self.annotate(rag=Case(
            When(realisation_percent__isnull=True, then=Value(RealisationRag.NOT_MEASURED.value)),
            When(realisation_percent__gte=thresholds.green_from, then=Value(RealisationRag.GREEN.value)),
            When(realisation_percent__gte=thresholds.amber_from, then=Value(RealisationRag.AMBER.value)),
            default=Value(RealisationRag.RED.value),
            output_field=models.CharField(),
        ))


BenefitManager = TenantManager.from_queryset(BenefitQuerySet)
AllTenantsBenefitManager = AllTenantsManager.from_queryset(BenefitQuerySet)


class Benefit(TenantModel):
    """A measurable improvement from a change (PID App. 1), linked to at least one strategic objective, with a
    responsible owner, a measure (unit, baseline, target) and a profile of planned values by period against
    which actuals and forecasts are recorded (``BenefitMeasurement``)."""

    REF_PREFIX = "B"

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    objectives = models.ManyToManyField("programme.Objective", related_name="benefits",
                                        help_text="The strategic objectives it serves (at least one, PID s4.3).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The named person responsible for realising it.")
    type = models.CharField(max_length=20, choices=BenefitType.choices, default=BenefitType.CASHABLE)
    unit = models.CharField(max_length=40, blank=True,
                            help_text="£ for money; otherwise what is counted, such as beds or % of patients.")
    baseline = models.DecimalField(**MONEY, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target = models.DecimalField(**MONEY, null=True, blank=True,
                                 help_text="The total to be realised over the profile.")
    period_kind = models.CharField("profile periods", max_length=20, choices=PeriodKind.choices,
                                   default=PeriodKind.FINANCIAL_YEAR)
    profile_start = models.DateField("first period", null=True, blank=True,
                                     help_text="Optional: the first day of the profile's first period.")
    profile_end = models.DateField("last period", null=True, blank=True,
                                   help_text="Optional: the first day of the profile's last period.")
    stage = models.CharField("realisation stage", max_length=20, choices=RealisationStage.choices,
                             default=RealisationStage.PLANNING)
    projects = models.ManyToManyField("programme.Project", blank=True, related_name="benefits")
    business_cases = models.ManyToManyField("business_cases.BusinessCase", blank=True, related_name="benefits",
                                            help_text="The business cases that claim this benefit.")
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="benefits")
    restricted = models.BooleanField(
        default=False, help_text="Only those who may edit it (and its owner) can read a restricted benefit.")
    archived = models.BooleanField(default=False, help_text="Archived benefits are kept, never deleted (PID s4.8).")

    # Derived: where it sits (who may edit it), and its position from the measurements.
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.PROGRAMME, editable=False)
    scope_workstream = models.ForeignKey("programme.Workstream", on_delete=models.SET_NULL, null=True,
                                         editable=False, related_name="+")
    scope_project = models.ForeignKey("programme.Project", on_delete=models.SET_NULL, null=True, editable=False,
                                      related_name="+")
    planned_total = models.DecimalField(**MONEY, null=True, editable=False)
    planned_to_date = models.DecimalField(**MONEY, null=True, editable=False)
    actual_to_date = models.DecimalField(**MONEY, null=True, editable=False)
    realisation_percent = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    trend = models.CharField(max_length=10, choices=Trend.choices, blank=True, editable=False)
    latest_period = models.DateField(null=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = BenefitManager()
    all_tenants = AllTenantsBenefitManager()
    history = tenant_history(excluded_fields=DERIVED)

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["tenant", "number"], name="benefit_tenant_number")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "ref"], name="benefit_ref_unique_per_tenant",
                                    violation_error_message="Another benefit already has this reference."),
            models.UniqueConstraint(fields=["tenant", "number"], name="benefit_number_unique_per_tenant",
                                    violation_error_message="Another benefit already has this number."),
            models.CheckConstraint(
                condition=Q(profile_start__isnull=True) | Q(profile_end__isnull=True)
                | Q(profile_end__gte=F("profile_start")),
                name="benefit_profile_ends_after_start",
                violation_error_message="The profile must end on or after the date it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    # Where it sits --------------------------------------------------------------------------------
    def raci_scope(self):
        return Scope(workstream_id=self.scope_workstream_id, project_id=self.scope_project_id)

    def perm(self, action="edit"):
        """The permission for ``action`` (edit) at this benefit's level (``benefits.edit_project_benefit``)."""
        from benefits.rules import benefit_perm

        return benefit_perm(action, self.level)

    def apply_scope(self, projects=None):
        """Set the derived level from the workstream and ``projects`` (``[(id, workstream id)]``, read from
        the database when not given)."""
        if projects is None:
            projects = list(self.projects.values_list("pk", "workstream_id")) if self.pk else []
        self.level, self.scope_workstream_id, self.scope_project_id = derive_scope(self.workstream_id, projects)

    def sync_scope(self):
        self.apply_scope()
        Benefit.all_tenants.filter(pk=self.pk).update(
            level=self.level, scope_workstream_id=self.scope_workstream_id, scope_project_id=self.scope_project_id,
        )
        derived.bump(self.tenant_id, REALISATION)  # who may see the benefit follows its scope (benefits.rules)

    # Position from the measurements -------------------------------------------------------------------
    def points(self):
        return [realisation.Point(m.period, m.planned, m.actual, m.forecast) for m in self.measurements.all()]

    def refresh_position(self):
        """Recompute the stored position from the measurements (after any change to them)."""
        position = realisation.position(self.points())
        values = {
            "planned_total": position.planned_total,
            "planned_to_date": position.planned_to_date,
            "actual_to_date": position.actual_to_date,
            "realisation_percent": position.percent,
            "trend": position.trend or "",
            "latest_period": position.latest.period if position.latest else None,
        }
        for name, value in values.items():
            setattr(self, name, value)
        Benefit.all_tenants.filter(pk=self.pk).update(**values)
        # The position is an input of both, written without a signal.
        derived.bump(self.tenant_id, DOUBLE_COUNTING)
        derived.bump(self.tenant_id, REALISATION)
        return position

    @property
    def profile_difference(self):
        """The profile's total less the target when both are known and they differ, else None (a flag, not an
        error: seed 004 states a £913,528 target for phase 2 whose years add up to £913,530)."""
        return realisation.target_difference(self.target, self.planned_total)

    @property
    def target_differs_from_profile(self):
        return self.profile_difference is not None

    @property
    def is_financial(self):
        return self.type in (BenefitType.CASHABLE, BenefitType.NON_CASHABLE)

    # Validation shared by forms, the API and imports ----------------------------------------------------
    def clean(self):
        errors = {}
        for name in ("profile_start", "profile_end"):
            value = getattr(self, name)
            if value and self.period_kind in PeriodKind.values:
                message = realisation.period_error(value, self.period_kind)
                if message:
                    errors.setdefault(name, []).append(message)
        if self.profile_start and self.profile_end and self.profile_end < self.profile_start:
            errors.setdefault("profile_end", []).append("The last period cannot come before the first.")
        if self.pk and not errors and self.period_kind in PeriodKind.values:
            self._clean_existing_measurements(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_existing_measurements(self, errors):
        """A change of period kind or profile range may not strand measurements already recorded."""
        periods = list(self.measurements.values_list("period", flat=True))
        misaligned = [p for p in periods if realisation.period_error(p, self.period_kind)]
        if misaligned:
            errors.setdefault("period_kind", []).append(
                f"{len(misaligned)} recorded measurement(s) do not start a {self.get_period_kind_display().lower()}, "
                f"for example {misaligned[0].isoformat()}."
            )
        outside = [p for p in periods if not self.period_in_profile(p)]
        if outside:
            errors.setdefault("profile_start" if self.profile_start and outside[0] < self.profile_start
                              else "profile_end", []).append(
                f"Measurements are recorded outside this range, for example {outside[0].isoformat()}."
            )

    def period_in_profile(self, period):
        return not ((self.profile_start and period < self.profile_start)
                    or (self.profile_end and period > self.profile_end))

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.tenant_id is None:
                from core.tenancy import get_current_tenant

                self.tenant = get_current_tenant() or self.tenant
            if self._state.adding and not self.number and self.tenant_id:
                self.number = numbering.allocate(self.tenant_id, self.REF_PREFIX,
                                                 floor=numbering.highest(Benefit, self.tenant_id))
            if self.number and not self.ref:
                self.ref = f"{self.REF_PREFIX}-{self.number:04d}"
            self.apply_scope()
            super().save(*args, **kwargs)


@receiver(m2m_changed, sender=Benefit.projects.through)
def projects_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A benefit's level follows its projects, however they are changed (API, form, admin, script)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            instance.sync_scope()
        return
    # From the project's side: the benefits it was linked to or unlinked from.
    if action == "pre_clear":
        linked = Benefit.all_tenants.filter(projects=instance)
        instance._benefits_before_clear = list(linked.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_benefits_before_clear", [])
    elif action not in ("post_add", "post_remove"):
        return
    for benefit in Benefit.all_tenants.filter(pk__in=pk_set or []):
        benefit.sync_scope()


PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0.01"), "A share must be more than 0%."),
    MaxValueValidator(Decimal(100), "A share cannot be more than 100%."),
]


class BenefitAttribution(TenantModel):
    """One partner organisation's share of a benefit (the benefits profile, PID s4.3), as the source states it; a
    benefit's shares sum to 100 within the rounding rule (checked where the whole set is written:
    ``services.set_attributions``), and the residue goes to the largest share wherever amounts are shared out
    (``benefits.apportion``)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="attributions")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                     related_name="benefit_attributions")
    percent = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    history = tenant_history()

    class Meta:
        ordering = ["-percent", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "organisation"], name="benefit_attribution_unique_organisation",
                                    violation_error_message="This organisation already has a share of this benefit."),
            models.CheckConstraint(condition=Q(percent__gt=0, percent__lte=100),
                                   name="benefit_attribution_percent_range",
                                   violation_error_message=("The share must be more than 0 and no more than 100 per "
                                                            "cent.")),
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.percent}%"

    def raci_scope(self):
        return self.benefit.raci_scope()
