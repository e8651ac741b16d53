"""The governance hierarchy (PID s3.2): bodies, the programme, objectives, stages, workstreams, projects."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core import gates
from core.models.base import TenantModel, tenant_history
from core.rules import Scope
from programme.choices import BodyKind, ProjectStage, ReviewCycle, StageKind, StageStatus, WorkstreamKind


class Body(TenantModel):
    """A governance body: board, group or office, with the body it is accountable to."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        help_text="The body this one is accountable to.",
    )
    chair = models.CharField(max_length=200, blank=True, help_text="Who chairs it, as the PID describes them.")
    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="chaired_bodies",
        help_text="The portal users who chair it and so may record its decisions (PID s3.2: the Delivery Board is "
                  "chaired by the joint SROs). A lay chair who is not a user is left out: the PMO records for them.",
    )
    purpose = models.TextField(blank=True)
    risk_review_cycle = models.CharField(max_length=20, choices=ReviewCycle.choices, default=ReviewCycle.QUARTERLY)
    meets_in_public = models.BooleanField(default=False)

    history = tenant_history()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="body_name_unique_per_tenant",
                                               violation_error_message="Another board or group already has this name.")]

    def __str__(self):
        return self.name

    def clean(self):
        # An accountability loop would make escalation paths endless.
        seen = {self.pk}
        parent = self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": "A body cannot be accountable to itself, directly or indirectly."})
            seen.add(parent.pk)
            parent = parent.parent


class Programme(TenantModel):
    """The partnership's transformation programme: one per tenant."""

    name = models.CharField(max_length=200)
    vision = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="one_programme_per_tenant",
                                               violation_error_message="This partnership already has a programme.")]

    def __str__(self):
        return self.name


class Objective(TenantModel):
    """A strategic objective (PID s2.5.2), e.g. SO1."""

    code = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="objective_code_unique_per_tenant",
                                               violation_error_message="Another objective already has this code.")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Stage(TenantModel):
    """A programme stage (PID s3.3): Identification, Definition, Delivery 1..n, Closure."""

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=StageKind.choices)
    sequence = models.PositiveSmallIntegerField()
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=StageStatus.choices, default=StageStatus.PLANNED)

    history = tenant_history()

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "sequence"], name="stage_sequence_unique_per_tenant",
                                    violation_error_message="Another stage already has this number in the sequence."),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="stage_ends_after_start",
                                   violation_error_message="The stage must end on or after the date it starts."),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A stage cannot end before it starts."})


class Workstream(TenantModel):
    """A clinical workstream, enabling group, setting of care or finance (PID s2.3)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=WorkstreamKind.choices)
    description = models.TextField(blank=True)
    sro = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="SRO",
    )
    lead = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="workbook lead",
    )
    clinical_lead = models.CharField(max_length=200, blank=True)
    finance_lead = models.CharField(max_length=200, blank=True)
    reports_to = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="workstreams",
    )

    history = tenant_history()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="workstream_name_unique_per_tenant",
                                               violation_error_message="Another workstream already has this name.")]

    def __str__(self):
        return self.name

    def raci_scope(self):
        return Scope(workstream_id=self.pk)


class Project(TenantModel):
    """A project within a workstream; lifecycle Starting Up → Initiating → Delivery → Closing → Closed."""

    name = models.CharField(max_length=200)
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="projects")
    description = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, default=ProjectStage.STARTING_UP)
    manager = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="project manager",
    )
    objectives = models.ManyToManyField(Objective, blank=True, related_name="projects")
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependants",
        help_text="Projects this one cannot progress without (interdependencies, PID s2.4).",
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["workstream__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "workstream", "name"], name="project_name_unique_per_workstream",
                                    violation_error_message="This workstream already has a project with this name."),
        ]

    def __str__(self):
        return self.name

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.pk)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A project cannot end before it starts."})
        self.check_stage_gate()

    def save(self, *args, **kwargs):
        self.check_stage_gate()
        super().save(*args, **kwargs)

    def check_stage_gate(self):
        """Refuse a move to a stage that a registered gate (e.g. an unapproved business case) forbids."""
        previous = None
        if self.pk is not None:
            previous = Project.all_tenants.filter(pk=self.pk).values_list("stage", flat=True).first()
        if previous == self.stage or (previous is None and self.stage == ProjectStage.STARTING_UP):
            return
        message = gates.refusal(self, self.stage)
        if message:
            raise ValidationError({"stage": message})
