"""Equality impact assessments (PID s4.6) and quality review (s4.5): an EIA with its row per protected
characteristic, and a workstream product's acceptance criteria reviewed by the Clinical Reference Group or the
Clinical Senate."""

from django.db import models

from core.models.base import TenantModel, tenant_history
from core.rules import Scope
from lifecycle.choices import EiaStatus, Impact, ProtectedCharacteristic, QualityOutcome, QualityReviewer

from .fields import user_field


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

    def parties(self):
        """Who wrote and signed off the EIA, and so may not decide it alone by chair's action."""
        return {self.created_by_id: "wrote", self.signed_off_by_id: "signed off"}


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
                                               name="eia_characteristic_once",
                                               violation_error_message=("This assessment already covers that "
                                                                        "characteristic."))]

    def raci_scope(self):
        return Scope(workstream_id=self.assessment.workstream_id)


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
