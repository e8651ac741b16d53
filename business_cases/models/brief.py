"""A Brief (or Mandate): the first step of new work joining the programme (PID s3.4.2)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from business_cases.choices import BriefKind, BriefStatus
from core.models import TenantModel, tenant_history
from core.rules import TENANT_SCOPE, Scope
from programme.choices import WorkstreamKind


class Brief(TenantModel):
    """What the new workstream or project is to do, its context, output, timeframe and cost. Approval in
    principle by the Delivery Board admits it to the programme: the workstream or project is created then."""

    title = models.CharField(max_length=200, help_text="The name the new workstream or project will have.")
    kind = models.CharField(max_length=12, choices=BriefKind.choices, default=BriefKind.PROJECT)
    workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.PROTECT, null=True, blank=True, related_name="briefs",
        help_text="For a new project: the workstream it would belong to.",
    )
    workstream_kind = models.CharField(
        "kind of workstream", max_length=20, choices=WorkstreamKind.choices, blank=True,
        help_text="For a new workstream: clinical, enabling, setting of care or finance.",
    )
    description = models.TextField("what it is", help_text="What the work is to do.")
    context = models.TextField(blank=True)
    output = models.TextField(blank=True, help_text="What the work will produce.")
    timeframe = models.CharField(max_length=200, blank=True, help_text="For example: April 2017 to March 2018.")
    cost = models.DecimalField("estimated cost (£)", max_digits=14, decimal_places=2,
                               validators=[MinValueValidator(0, "The cost cannot be negative.")])
    status = models.CharField(max_length=12, choices=BriefStatus.choices, default=BriefStatus.DRAFT, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(blank=True, editable=False)
    admitted_workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        help_text="The workstream created when the brief was approved.",
    )
    admitted_project = models.ForeignKey(
        "programme.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        help_text="The project created when the brief was approved.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="brief_cost_not_negative",
                                   violation_error_message="The cost cannot be negative."),
            models.CheckConstraint(
                condition=~models.Q(kind=BriefKind.PROJECT, workstream__isnull=True),
                name="brief_project_has_workstream",
                violation_error_message="A project brief must name its workstream.",
            ),
        ]

    def __str__(self):
        return self.title

    def raci_scope(self):
        # A project brief sits with its workstream (whose lead submits it); a new workstream with the programme.
        if self.kind == BriefKind.PROJECT and self.workstream_id:
            return Scope(workstream_id=self.workstream_id)
        return TENANT_SCOPE

    def parties(self):
        """Who took part in the brief and so may not decide it (separation of duties, DOMAIN.md s3)."""
        return wrote_and_submitted(self)

    @property
    def admitted(self):
        return self.admitted_project or self.admitted_workstream

    def clean(self):
        errors = {}
        if self.kind == BriefKind.PROJECT:
            if not self.workstream_id:
                errors["workstream"] = ["Choose the workstream the new project would belong to."]
        elif self.kind == BriefKind.WORKSTREAM:
            if self.workstream_id:
                errors["workstream"] = ["A brief for a new workstream does not belong to another workstream."]
            if not self.workstream_kind:
                self.workstream_kind = WorkstreamKind.CLINICAL
        if self.cost is not None and self.cost < 0:
            errors["cost"] = ["The cost cannot be negative."]
        if errors:
            raise ValidationError(errors)


def wrote_and_submitted(item):
    """``{user id: what they did}`` for a brief's or a case's author and submitter (the author's verb first)."""
    found = {}
    for pk, verb in ((item.author_id, "wrote"), (item.submitted_by_id, "submitted")):
        if pk is not None:
            found.setdefault(pk, verb)
    return found
