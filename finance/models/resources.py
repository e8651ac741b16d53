"""Resource the partner organisations own and pledge to the programme (PID s5.1: "funding, staff, skills, time and
space"; Appendix 3 "manage people and other resources"), what approved business cases demand of it, and, at
closure, what became of each pledge ("confirm redeployment of all programme resource").

- ``Skill``: the partnership's vocabulary of skills (e.g. the FBC's key programme roles).
- ``ResourcePledge``: a partner's post, secondment, backfill or space, at programme, workstream or project level,
  for a run of financial quarters (``finance.quarters``); people in whole-time equivalents with one skill (so a
  WTE counts once in the capacity view) and, optionally, a named person (a member or a free-text name) so one
  person pledged beyond full time is flagged. Its ``outcome`` is the redeployment register's entry.
- ``ResourceDemand``: WTE of a skill an approved business case needs in one quarter.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from business_cases.choices import CaseStatus
from core.models import TenantModel, tenant_history
from core.places import AtPlace
from core.rules import Scope
from core.tenancy import get_current_tenant
from finance import quarters
from finance.choices import GradeBand, Level, PledgeKind
from finance.choices import RedeploymentOutcome as Outcome

MAX_WTE = Decimal("10")
WTE = [MinValueValidator(Decimal("0.01"), "Whole-time equivalent must be more than 0 (e.g. 0.5 for half time)."),
       MaxValueValidator(MAX_WTE, f"Whole-time equivalent is at most {MAX_WTE} on one pledge: pledge a team as "
                                  "several posts.")]
QUARTER = [quarters.validate]


def wte_field(**kwargs):
    return models.DecimalField("whole-time equivalent", max_digits=5, decimal_places=2, validators=WTE, **kwargs)


def quarter_field(verbose_name, **kwargs):
    return models.CharField(verbose_name, max_length=10, validators=QUARTER, help_text=quarters.HELP, **kwargs)


PEOPLE = (PledgeKind.POST, PledgeKind.SECONDMENT, PledgeKind.BACKFILL)


class Skill(TenantModel):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="resource_skill_name_unique",
                                               violation_error_message="The partnership already has this skill.")]

    def __str__(self):
        return self.name


class ResourcePledge(AtPlace, TenantModel):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                     help_text="The partner organisation pledging it.")
    kind = models.CharField(max_length=10, choices=PledgeKind.choices, default=PledgeKind.POST)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.PROJECT)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    first_quarter = quarter_field("from quarter")
    last_quarter = quarter_field("to quarter")
    wte = wte_field(null=True, blank=True)
    grade = models.CharField("grade band", max_length=3, choices=GradeBand.choices, blank=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="pledges")
    person = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="The member pledged, if named (checked for over-commitment).")
    person_name = models.CharField("named person", max_length=120, blank=True,
                                   help_text="The person's name, if not a member of the portal.")
    description = models.CharField(max_length=200, blank=True, help_text="For space: what it is and where.")
    desks = models.PositiveSmallIntegerField(null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField("redeployment outcome", max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(max_length=200, blank=True,
                                    help_text="Where it went, e.g. 'redeployed to the Home First project'.")
    outcome_recorded = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history()

    class Meta:
        ordering = ["first_quarter", "pk"]
        indexes = [models.Index(fields=["tenant", "last_quarter"], name="pledge_tenant_last_quarter")]
        constraints = [
            models.CheckConstraint(condition=Q(wte__isnull=True) | Q(wte__gt=0), name="pledge_wte_positive",
                                   violation_error_message="Whole-time equivalent must be more than 0."),
            models.CheckConstraint(condition=Q(last_quarter__gte=models.F("first_quarter")),
                                   name="pledge_ends_after_start",
                                   violation_error_message="The last quarter cannot be before the first."),
        ]

    def __str__(self):
        what = self.description if self.kind == PledgeKind.SPACE else (self.skill or self.get_kind_display())
        return f"{self.organisation.code} {self.get_kind_display().lower()}: {what} ({self.period})"

    @property
    def period(self):
        return self.first_quarter if self.first_quarter == self.last_quarter else (
            f"{self.first_quarter} to {self.last_quarter}")

    @property
    def who(self):
        if self.person_id:
            return self.person.get_full_name() or self.person.username
        return self.person_name

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.project_id)

    def clean(self, today=None):
        errors = self.place_errors("pledge")
        first = last = None
        for name in ("first_quarter", "last_quarter"):
            try:
                value = quarters.parse(getattr(self, name))
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
            else:
                first, last = (value, last) if name == "first_quarter" else (first, value)
        if first and last and last < first:
            errors.setdefault("last_quarter", []).append("The last quarter cannot be before the first.")
        if last and self.outcome == "" and (self._state.adding or self._period_changed()):
            if quarters.last_day(self.last_quarter) < (today or timezone.localdate()):
                errors.setdefault("last_quarter", []).append(
                    f"{self.last_quarter} has ended: a pledge is for a period still to come or under way.")
        if self.kind in PEOPLE:
            if self.wte is None:
                errors["wte"] = ["Give the whole-time equivalent pledged (e.g. 1.0 for full time, 0.5 for half)."]
            if not self.skill_id:
                errors["skill"] = ["Choose the skill pledged."]
            if self.desks or self.rooms:
                errors["desks"] = ["Desks and rooms are for a pledge of space."]
        else:
            if not self.description:
                errors["description"] = ["Describe the space pledged (what and where)."]
            if self.wte is not None or self.skill_id or self.person_id or self.person_name:
                errors["wte"] = ["A pledge of space has no whole-time equivalent, skill or person."]
        if self.person_id and self.person_name:
            errors["person_name"] = ["Name the person once: a member or a free-text name, not both."]
        if self.skill_id and self.tenant_id and self.skill.tenant_id != self.tenant_id:
            errors["skill"] = ["Choose a skill of this partnership."]
        if self.organisation_id and self.tenant_id and self.organisation.tenant_id != self.tenant_id:
            errors["organisation"] = ["Choose an organisation of this partnership."]
        if self.outcome == Outcome.REDEPLOYED and not self.outcome_note:
            errors["outcome_note"] = ["Say where it was redeployed to."]
        if errors:
            raise ValidationError(errors)

    def _period_changed(self):
        if self.pk is None:
            return True
        before = type(self).all_tenants.filter(pk=self.pk).values_list("first_quarter", "last_quarter").first()
        return before != (self.first_quarter, self.last_quarter)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_place()
        super().save(*args, **kwargs)


class ResourceDemand(TenantModel):
    business_case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, related_name="+", editable=False)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="demands")
    quarter = quarter_field("quarter")
    wte = wte_field()
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history()

    class Meta:
        ordering = ["quarter", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "business_case", "skill", "quarter"],
                                    name="demand_unique_per_quarter",
                                    violation_error_message=("This case already states its demand for this skill "
                                                             "in this quarter: change that entry.")),
            models.CheckConstraint(condition=Q(wte__gt=0), name="demand_wte_positive",
                                   violation_error_message="Whole-time equivalent must be more than 0."),
        ]

    def __str__(self):
        return f"{self.business_case.ref} {self.skill} {self.quarter}: {self.wte} WTE"

    def raci_scope(self):
        project = self.project if self.project_id else self.business_case.project
        return Scope(workstream_id=project.workstream_id, project_id=project.pk)

    def clean(self):
        errors = {}
        if self.quarter:
            try:
                quarters.parse(self.quarter)
            except ValidationError as exc:
                errors["quarter"] = exc.messages
        if self.business_case_id:
            if self.business_case.status != CaseStatus.APPROVED:
                errors["business_case"] = ["Only an approved business case states demand for resource."]
            self.project_id = self.business_case.project_id
        if self.skill_id and self.tenant_id and self.skill.tenant_id != self.tenant_id:
            errors["skill"] = ["Choose a skill of this partnership."]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        if self.business_case_id and not self.project_id:
            self.project_id = self.business_case.project_id
        super().save(*args, **kwargs)
