"""The Marketing, Communications and Engagement Plan (PID s4.2): its nine objectives, the engagement activities
planned and held (the log: reach, what we heard), the "you said, we did" responses to what was heard, and the
measures of the plan's effectiveness with their monthly actuals."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import numbering
from core.models import TenantModel, tenant_history
from core.tenancy import get_current_tenant
from engagement.choices import ActivityKind, ActivityStatus, EngagementChannel, MeasureKind, MeasureUnit


def _numbered_save(obj, prefix, save):
    if obj.tenant_id is None and (active := get_current_tenant()) is not None:
        obj.tenant = active
    return numbering.number_and_save(obj, prefix, save)


class EngagementObjective(TenantModel):
    """One of the plan's objectives (PID s4.2 lists nine; each partnership gets them, editable by the PMO)."""

    number = models.PositiveSmallIntegerField(help_text="Its place in the plan's list.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    risks = models.ManyToManyField("risks.Risk", blank=True, related_name="+", verbose_name="communications risks")

    history = tenant_history()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="engagement_objective_number_unique",
                                    violation_error_message="Another objective already has this number."),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class EngagementActivity(TenantModel):
    """A planned engagement activity and, once held, its log entry (reach, responses, what we heard)."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActivityKind.choices, default=ActivityKind.EVENT)
    audience = models.TextField(blank=True)
    stakeholders = models.ManyToManyField("engagement.Stakeholder", blank=True, related_name="activities")
    channel = models.CharField(max_length=20, choices=EngagementChannel.choices,
                               default=EngagementChannel.FACE_TO_FACE)
    planned_date = models.DateField("planned date")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    objectives = models.ManyToManyField(EngagementObjective, blank=True, related_name="activities",
                                        verbose_name="objectives it serves")
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    service_change = models.ForeignKey("engagement.ServiceChange", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="activities",
                                       help_text="The service change whose pre-consultation engagement it is.")
    status = models.CharField(max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    held_on = models.DateField("held on", null=True, blank=True)
    reach = models.PositiveIntegerField(null=True, blank=True, help_text="People reached.")
    responses_received = models.PositiveIntegerField("responses received", null=True, blank=True)
    themes = models.TextField("what we heard", blank=True)
    summary = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["planned_date", "number"]
        verbose_name_plural = "engagement activities"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="engagement_activity_number_unique",
                                    violation_error_message="Another activity already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="engagement_activity_ref_unique",
                                    violation_error_message="Another activity already has this reference."),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def save(self, *args, **kwargs):
        return _numbered_save(self, "EA", lambda: super(EngagementActivity, self).save(*args, **kwargs))


class EngagementResponse(TenantModel):
    """"You said, we did": a theme heard at an activity and what the programme did about it."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    activity = models.ForeignKey(EngagementActivity, on_delete=models.PROTECT, related_name="responses")
    you_said = models.TextField("you said")
    we_did = models.TextField("we did", blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("due")
    responded_on = models.DateField("responded on", null=True, blank=True)
    decision = models.ForeignKey("meetings.MeetingDecision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    change_request = models.ForeignKey("change_control.ChangeRequest", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+")
    plan_item = models.ForeignKey("plan.PlanItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="engagement_response_number_unique",
                                    violation_error_message="Another response already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="engagement_response_ref_unique",
                                    violation_error_message="Another response already has this reference."),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True, we_did="") | (Q(responded_on__isnull=False) & ~Q(we_did="")),
                name="engagement_response_responded_has_we_did",
                violation_error_message=("A \"you said, we did\" needs both what we did and the day we responded, "
                                         "or neither.")),
        ]

    def __str__(self):
        return f"{self.ref} {self.you_said[:60]}"

    def save(self, *args, **kwargs):
        return _numbered_save(self, "YS", lambda: super(EngagementResponse, self).save(*args, **kwargs))


class EffectivenessMeasure(TenantModel):
    """A measure of the plan's effectiveness against one objective (reach, response rate, sentiment)."""

    objective = models.ForeignKey(EngagementObjective, on_delete=models.PROTECT, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=MeasureKind.choices, default=MeasureKind.REACH)
    unit = models.CharField(max_length=10, choices=MeasureUnit.choices, default=MeasureUnit.PEOPLE)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    higher_is_better = models.BooleanField("higher is better", default=True)

    class Meta:
        ordering = ["objective__number", "name", "pk"]

    def __str__(self):
        return self.name


class MeasureActual(TenantModel):
    """A measure's value for one month (``period``: the month's first day)."""

    measure = models.ForeignKey(EffectivenessMeasure, on_delete=models.CASCADE, related_name="actuals")
    period = models.DateField(help_text="The month (its first day).")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="measure_actual_one_per_period",
                                    violation_error_message="This measure already has a value for this month."),
        ]

    def __str__(self):
        return f"{self.measure} {self.period:%b %Y}: {self.value}"
