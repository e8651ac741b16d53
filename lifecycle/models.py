"""The programme's own lifecycle (PID s3.3, s3.6, s4.5, s4.6; Appendix 3 and 8).

- ``LifecycleAction``: every Appendix 3 process performed (R) or decided (A), with who, what, when;
- ``EndOfStageReport``: the Programme Director's report at the end of a stage, approved by the Delivery
  Board and then the Partnership Board before the next stage starts;
- ``WorkstreamLifecycle``: a workstream's start and close ("start/close workstreams and projects");
- ``ProgrammeClosure``: closure report, post-implementation review, redeployment, approval, disbanding;
- ``EqualityImpactAssessment`` and its ``EiaCharacteristic`` rows (s4.6);
- ``QualityCriterion`` and ``QualityReview`` (s4.5): acceptance criteria reviewed by the Clinical Reference
  Group or the Clinical Senate against the six dimensions and the five NHS Outcomes Framework domains;
- ``Lesson``: the lessons learned log (s3.6).
"""

from django.conf import settings
from django.db import models

from core.models.base import TenantModel, tenant_history
from core.rules import Scope


def user_field(**kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", **kwargs)


class ActionKind(models.TextChoices):
    PERFORMED = "performed", "Performed (R)"
    DECIDED = "decided", "Decided (A)"
    COMMENTED = "commented", "Commented (C)"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"


class LifecycleAction(TenantModel):
    """One Appendix 3 process performed by its Responsible role, decided by its Accountable role, or commented on
    by a Consulted role."""

    process = models.CharField(max_length=80, db_index=True)
    process_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ActionKind.choices, default=ActionKind.PERFORMED)
    actor = user_field()
    note = models.TextField(blank=True)
    target = models.CharField(max_length=200, blank=True, help_text="What the action was about, in words.")
    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    decides = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
                                help_text="The performed action this decision or comment is about.")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicallifecycleaction")

    class Meta:
        db_table = "programme_lifecycleaction"  # its name from before it moved here
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.process_name} ({self.get_kind_display()})"

    def raci_scope(self):
        if self.project_id:
            return Scope(workstream_id=self.workstream_id, project_id=self.project_id)
        return Scope(workstream_id=self.workstream_id)


class Lesson(TenantModel):
    """A lesson learned (PID s3.6): who learned what, where, and what changed because of it."""

    title = models.CharField(max_length=200)
    what_was_learned = models.TextField()
    what_changed = models.TextField(blank=True, help_text="What changed because of it.")
    learned_by = user_field(help_text="Who learned it.")
    learned_by_name = models.CharField(max_length=200, blank=True, help_text="Who learned it, if not a user.")
    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    recorded_by = user_field()
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicallesson")

    class Meta:
        db_table = "programme_lesson"  # its name from before it moved here
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title

    @property
    def who(self):
        if self.learned_by_id:
            return self.learned_by.get_full_name() or self.learned_by.username
        return self.learned_by_name

    @property
    def where(self):
        return " / ".join(str(x) for x in (self.stage, self.workstream, self.project) if x) or "Programme"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the Delivery Board"
    DELIVERY_APPROVED = "delivery_approved", "Approved by the Delivery Board"
    APPROVED = "approved", "Approved by the Partnership Board"
    REJECTED = "rejected", "Rejected"


class EndOfStageReport(TenantModel):
    """The end-of-stage report (PID s3.3): what this stage delivered, the plan for the next, risks, lessons."""

    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, related_name="end_of_stage_reports")
    prepared_by = user_field()
    changes_delivered = models.TextField(blank=True)
    benefits_delivered = models.TextField(blank=True)
    next_stage_plan = models.TextField("plan for the next stage", blank=True)
    risks_summary = models.TextField("risks", blank=True)
    lessons = models.ManyToManyField(Lesson, blank=True, related_name="end_of_stage_reports")
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    delivery_board_decided_by = user_field()
    delivery_board_decided_at = models.DateTimeField(null=True, blank=True)
    partnership_board_decided_by = user_field()
    partnership_board_decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    stage_closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalendofstagereport")

    class Meta:
        db_table = "programme_endofstagereport"  # its name from before it moved here
        ordering = ["stage__sequence", "-pk"]

    def __str__(self):
        return f"End-of-stage report: {self.stage}"


class WorkstreamStatus(models.TextChoices):
    STARTING_UP = "starting_up", "Starting up"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class WorkstreamLifecycle(TenantModel):
    """Where a workstream stands in its lifecycle; a workstream without one is taken as active."""

    workstream = models.OneToOneField("programme.Workstream", on_delete=models.PROTECT, related_name="lifecycle")
    status = models.CharField(max_length=20, choices=WorkstreamStatus.choices, default=WorkstreamStatus.ACTIVE)
    started_by = user_field()
    started_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_field()
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField(blank=True)

    history = tenant_history(table_name="programme_historicalworkstreamlifecycle")

    def __str__(self):
        return f"{self.workstream}: {self.get_status_display()}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id)

    class Meta:
        db_table = "programme_workstreamlifecycle"  # its name from before it moved here


class ClosureStatus(models.TextChoices):
    NOTIFIED = "notified", "Programme notified it is about to close"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Closure approved by the Partnership Board"
    REJECTED = "rejected", "Closure not approved"
    DISBANDED = "disbanded", "Programme organisation and team disbanded"


class ProgrammeClosure(TenantModel):
    """Closing the Programme (PID s3.6, Appendix 3): one per tenant."""

    status = models.CharField(max_length=12, choices=ClosureStatus.choices, default=ClosureStatus.NOTIFIED)
    notified_by = user_field()
    notified_at = models.DateTimeField(null=True, blank=True)
    closure_report = models.TextField(blank=True)
    post_implementation_review = models.TextField(blank=True)
    review_by = user_field()
    redeployment_confirmed = models.BooleanField(default=False)
    redeployment_note = models.TextField(blank=True)
    redeployment_confirmed_by = user_field()
    submitted_by = user_field()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    disbanded_by = user_field()
    disbanded_at = models.DateTimeField(null=True, blank=True)

    history = tenant_history(table_name="programme_historicalprogrammeclosure")

    class Meta:
        db_table = "programme_programmeclosure"  # its name from before it moved here
        constraints = [models.UniqueConstraint(fields=["tenant"], name="one_programme_closure_per_tenant")]

    def __str__(self):
        return "Programme closure"


class EiaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off by the workstream SRO"
    APPROVED = "approved", "Approved by the Delivery Board"
    REJECTED = "rejected", "Returned by the Delivery Board"


class ProtectedCharacteristic(models.TextChoices):
    """The Equality Act 2010 characteristics (Appendix 8), with carers, whom the PID names throughout."""

    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE = "marriage_civil_partnership", "Marriage and civil partnership"
    PREGNANCY = "pregnancy_maternity", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION = "religion_belief", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    CARERS = "carers", "Carers"


class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class EqualityImpactAssessment(TenantModel):
    """An EIA of a workstream or a service change within it (PID s4.6)."""

    title = models.CharField(max_length=200)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, related_name="+")
    service_change = models.TextField(blank=True, help_text="The service change assessed, if not the whole workstream.")
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=EiaStatus.choices, default=EiaStatus.DRAFT)
    created_by = user_field()
    signed_off_by = user_field()
    signed_off_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalequalityimpactassessment")

    class Meta:
        db_table = "programme_equalityimpactassessment"  # its name from before it moved here
        ordering = ["-created", "-pk"]
        verbose_name = "equality impact assessment"

    def __str__(self):
        return self.title

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id)


class EiaCharacteristic(TenantModel):
    assessment = models.ForeignKey(EqualityImpactAssessment, on_delete=models.CASCADE, related_name="characteristics")
    characteristic = models.CharField(max_length=30, choices=ProtectedCharacteristic.choices)
    impact = models.CharField(max_length=10, choices=Impact.choices)
    evidence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)

    history = tenant_history(table_name="programme_historicaleiacharacteristic")

    class Meta:
        db_table = "programme_eiacharacteristic"  # its name from before it moved here
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "characteristic"],
                                               name="eia_characteristic_once")]

    def raci_scope(self):
        return Scope(workstream_id=self.assessment.workstream_id)


class QualityReviewer(models.TextChoices):
    CRG = "clinical_reference_group", "Clinical Reference Group"
    SENATE = "clinical_senate", "Clinical Senate (external assurance)"


class QualityCriterion(TenantModel):
    """A workstream product's acceptance criteria (PID s4.5)."""

    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, related_name="+")
    product = models.CharField(max_length=200, help_text="The workstream's product, e.g. its workbook.")
    acceptance_criteria = models.TextField()
    reviewer = models.CharField(max_length=30, choices=QualityReviewer.choices, default=QualityReviewer.CRG)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalqualitycriterion")

    class Meta:
        db_table = "programme_qualitycriterion"  # its name from before it moved here
        ordering = ["workstream__name", "product"]

    def __str__(self):
        return f"{self.workstream}: {self.product}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id)


class QualityOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_CONDITIONS = "conditions", "Accepted with conditions"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class QualityReview(TenantModel):
    """A review of a product against its criteria; ``dimensions`` and ``domains`` map each key to a rating."""

    criterion = models.ForeignKey(QualityCriterion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.CharField(max_length=30, choices=QualityReviewer.choices)
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=15, choices=QualityOutcome.choices)
    dimensions = models.JSONField(default=dict, blank=True)
    domains = models.JSONField(default=dict, blank=True)
    comments = models.TextField(blank=True)
    recorded_by = user_field()

    history = tenant_history(table_name="programme_historicalqualityreview")

    class Meta:
        db_table = "programme_qualityreview"  # its name from before it moved here
        ordering = ["-reviewed_on", "-pk"]

    def raci_scope(self):
        return Scope(workstream_id=self.criterion.workstream_id)
