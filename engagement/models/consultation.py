"""Service changes and their consultation (PID s4.2): pre-consultation engagement, formal consultation, the
decision, and the Government's Four Tests, each with the evidence that it is met."""

from django.db import models, transaction
from django.db.models import F, Q

from core.models import TenantModel, tenant_history
from core.rules import Scope
from engagement.choices import EvidenceKind, FourTestName, ServiceChangeStatus
from engagement.models.activities import _numbered_save


def _in_order(start, end):
    return Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)})


class ServiceChange(TenantModel):
    """A proposed change to services, with its consultation tracker; its Four Tests are made with it."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, related_name="+")
    business_case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    eia = models.ForeignKey("lifecycle.EqualityImpactAssessment", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name="equality impact assessment")
    status = models.CharField(max_length=40, choices=ServiceChangeStatus.choices,
                              default=ServiceChangeStatus.PROPOSED)
    pre_consultation_start = models.DateField("pre-consultation engagement starts", null=True, blank=True)
    pre_consultation_end = models.DateField("pre-consultation engagement ends", null=True, blank=True)
    consultation_start = models.DateField("formal consultation starts", null=True, blank=True)
    consultation_end = models.DateField("formal consultation ends", null=True, blank=True)
    responses_received = models.PositiveIntegerField("consultation responses received", null=True, blank=True)
    decision = models.TextField(blank=True)
    decided_on = models.DateField("decided on", null=True, blank=True)
    decision_record = models.ForeignKey("meetings.MeetingDecision", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", help_text="The meeting decision that decided it.")
    risks = models.ManyToManyField("risks.Risk", blank=True, related_name="+", verbose_name="communications risks")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="service_change_number_unique",
                                    violation_error_message="Another service change already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="service_change_ref_unique",
                                    violation_error_message="Another service change already has this reference."),
            models.CheckConstraint(
                condition=_in_order("pre_consultation_start", "pre_consultation_end"),
                name="service_change_pre_consultation_in_order",
                violation_error_message="Pre-consultation engagement cannot end before it starts."),
            models.CheckConstraint(
                condition=_in_order("consultation_start", "consultation_end"),
                name="service_change_consultation_in_order",
                violation_error_message="Formal consultation cannot end before it starts."),
            models.CheckConstraint(
                condition=_in_order("pre_consultation_end", "consultation_start"),
                name="service_change_pre_consultation_before_consultation",
                violation_error_message="Pre-consultation engagement must end on or before formal consultation "
                                        "starts."),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id)

    def save(self, *args, **kwargs):
        new = self.pk is None
        with transaction.atomic():
            _numbered_save(self, "SC", lambda: super(ServiceChange, self).save(*args, **kwargs))
            if new:
                FourTest.all_tenants.bulk_create([FourTest(tenant_id=self.tenant_id, service_change=self, test=test)
                                                  for test in FourTestName.values])


class FourTest(TenantModel):
    """One of the Four Tests for one service change, with the PMO's assessment; its evidence is ``evidence``."""

    service_change = models.ForeignKey(ServiceChange, on_delete=models.CASCADE, related_name="four_tests")
    test = models.CharField(max_length=30, choices=FourTestName.choices)
    assessment = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["service_change", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service_change", "test"], name="four_test_one_per_service_change",
                                    violation_error_message="This service change already has this test."),
        ]

    def __str__(self):
        return f"{self.service_change.ref}: {self.get_test_display()}"

    def raci_scope(self):
        return Scope(workstream_id=self.service_change.workstream_id)


class TestEvidence(TenantModel):
    __test__ = False  # not a pytest test class, whatever its name
    """Evidence that a test is met: an engagement record (an activity), a commissioners' decision (a meeting
    decision), or clinical evidence or a document (a title, reference and link)."""

    four_test = models.ForeignKey(FourTest, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    activity = models.ForeignKey("engagement.EngagementActivity", on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    decision = models.ForeignKey("meetings.MeetingDecision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    title = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=200, blank=True)
    url = models.URLField("link", blank=True)
    summary = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["four_test", "pk"]
        verbose_name_plural = "test evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=EvidenceKind.ENGAGEMENT_RECORD, activity__isnull=False)
                | Q(kind=EvidenceKind.COMMISSIONERS_DECISION, decision__isnull=False)
                | (Q(kind__in=[EvidenceKind.CLINICAL_EVIDENCE, EvidenceKind.DOCUMENT]) & ~Q(title="")),
                name="test_evidence_kind_has_its_link",
                violation_error_message=("An engagement record needs its activity, a commissioners' decision its "
                                         "meeting decision, and clinical evidence or a document its title.")),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()
