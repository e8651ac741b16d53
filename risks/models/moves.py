"""Escalation and de-escalation of a risk between levels, effective only on acceptance (DOMAIN.md s4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TenantModel, tenant_history
from core.rules import Scope
from risks.choices import Level, MoveDirection, MoveStatus


class RiskMove(TenantModel):
    """A proposal to move a risk one level, and its decision: who, when, from, to, why."""

    risk = models.ForeignKey("risks.Risk", on_delete=models.CASCADE, related_name="moves")
    from_level = models.CharField(max_length=20, choices=Level.choices)
    to_level = models.CharField(max_length=20, choices=Level.choices)
    direction = models.CharField(max_length=12, choices=MoveDirection.choices)
    # Where a de-escalated risk lands (or an escalated one's workstream): the receiving register.
    to_workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    to_project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    reason = models.TextField()
    automatic = models.BooleanField(default=False, help_text="Proposed by the escalation threshold, not a person.")
    residual_score = models.PositiveSmallIntegerField(null=True, blank=True,
                                                      help_text="The residual score when proposed.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=MoveStatus.choices, default=MoveStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # At most one open proposal per risk: the database makes automatic proposals idempotent.
            models.UniqueConstraint(
                fields=["risk"], condition=Q(status=MoveStatus.PROPOSED), name="risk_move_one_pending_per_risk",
                    violation_error_message="This risk already has a move waiting for a decision.",
            ),
            models.CheckConstraint(condition=~Q(from_level=models.F("to_level")), name="risk_move_changes_level",
                                   violation_error_message="A move must take the risk to a different register."),
            models.CheckConstraint(
                condition=~Q(to_level=Level.PARTNERSHIP_BOARD, automatic=True),
                name="risk_move_partnership_board_never_automatic",
                violation_error_message=("Only the Partnership Board can take a risk onto its register: it is never "
                                         "moved there automatically."),
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.get_from_level_display()} → {self.get_to_level_display()}"

    @property
    def is_pending(self):
        return self.status == MoveStatus.PROPOSED

    def raci_scope(self):
        """The receiving level decides, so the scope is the register the risk would land on."""
        if self.to_level == Level.PROJECT:
            return Scope(workstream_id=self.to_workstream_id, project_id=self.to_project_id)
        if self.to_level == Level.WORKSTREAM:
            return Scope(workstream_id=self.to_workstream_id)
        return Scope()

    @property
    def ref(self):
        """How messages name the move: "R-0003's escalation"."""
        return f"{self.risk.ref}'s {self.get_direction_display().lower()}"

    def parties(self):
        """Who took part in the move and so may not decide it (separation of duties, ``core.rules``)."""
        return {self.proposed_by_id: "proposed"}

    @property
    def decide_perm(self):
        from risks.rules import risk_perm

        return risk_perm("accept_to", self.to_level)
