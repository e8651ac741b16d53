"""A decision on a stage of a case taken outside the portal, recorded with its evidence (issue 19).

A partnership may bring an FBC whose OBC was decided before the portal existed, or by a body that does not use it.
Rather than inventing an OBC and its board decisions, the PMO records what the decision's document says: the
stage decided, the decision, who decided it (free text, optionally the body of the hierarchy), when (or that the
document does not state it), the document itself (its title or reference, optionally a link), and who recorded it
and when. ``services.record_prior_decision`` checks it and moves the case on; it is always shown as a decision
recorded elsewhere, never as one of the portal's boards.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from business_cases.choices import DocumentType
from core.models import TenantModel, tenant_history


class PriorOutcome(models.TextChoices):
    APPROVED = "approved", "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "approved with conditions"
    # What a document says when it records a review that took the case forward but no formal decision (seed 004
    # s2.3.4: the SRO and the Project Board reviewed the outline business case, which was refined on their feedback).
    REVIEWED = "reviewed", "reviewed and taken forward (the document states no formal approval)"


NOT_STATED = "not stated"


class PriorDecision(TenantModel):
    """The decision on one stage (today: a top-tier case's OBC) taken outside the portal."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.PROTECT,
                             related_name="prior_decisions")
    stage = models.CharField("stage decided", max_length=3, choices=DocumentType.choices, default=DocumentType.OBC)
    outcome = models.CharField("decision", max_length=30, choices=PriorOutcome.choices)
    conditions = models.TextField(blank=True, help_text="The conditions of an approval with conditions.")
    decided_by = models.CharField("who decided it", max_length=300,
                                  help_text="The body or people who decided, as the document names them.")
    body = models.ForeignKey("programme.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="The body of the hierarchy that decided, if it is one.")
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    date_not_stated = models.BooleanField(
        "the document does not state the date", default=False,
        help_text="Tick only when the document gives no date: the date is then shown as not stated.")
    document = models.CharField("document", max_length=300,
                                help_text="The document that records the decision: its title, version and reference.")
    document_url = models.URLField("link to the document", max_length=500, blank=True)
    note = models.TextField(blank=True, help_text="Anything else the document says about the decision.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = tenant_history()

    class Meta:
        ordering = ["case", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="prior_decision_one_per_stage",
                                    violation_error_message="This stage of the case already has a decision "
                                                            "recorded elsewhere."),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=False, date_not_stated=False)
                | Q(decided_on__isnull=True, date_not_stated=True),
                name="prior_decision_date_or_not_stated",
                violation_error_message="Give the date of the decision, or say the document does not state it.",
            ),
        ]

    def __str__(self):
        return f"{self.case.ref}: {self.label}"

    def raci_scope(self):
        return self.case.raci_scope()

    @property
    def stage_short(self):
        return str(self.stage).upper()

    @property
    def date_display(self):
        return f"{self.decided_on.day} {self.decided_on:%B %Y}" if self.decided_on else f"a date {NOT_STATED}"

    @property
    def label(self):
        """'OBC approved outside the portal by X on D (document)': how every page, pack and the API show it."""
        return (f"{self.stage_short} {self.get_outcome_display()} outside the portal by {self.decided_by} on "
                f"{self.date_display} ({self.document})")

    def clean(self):
        errors = {}
        for name, message in (("decided_by", "Say who decided it: the body or people the document names."),
                              ("document", "Name the document that records the decision.")):
            value = (getattr(self, name) or "").strip()
            setattr(self, name, value)
            if not value:
                errors[name] = [message]
        if self.decided_on is None and not self.date_not_stated:
            errors["decided_on"] = ["Give the date of the decision, or tick that the document does not state it."]
        elif self.decided_on is not None and self.date_not_stated:
            errors["decided_on"] = ["Give a date or tick that the document does not state it, not both."]
        elif self.decided_on is not None and self.decided_on > timezone.localdate():
            errors["decided_on"] = [f"The date of the decision ({self.date_display}) is in the future: a "
                                    "decision recorded elsewhere has already been taken."]
        self.conditions = (self.conditions or "").strip()
        if self.outcome == PriorOutcome.APPROVED_WITH_CONDITIONS and not self.conditions:
            errors["conditions"] = ["Give the conditions of the approval."]
        if errors:
            raise ValidationError(errors)
