"""What was done (PID Appendix 3, s3.6): every Appendix 3 process performed, decided or commented on
(``LifecycleAction``), and the lessons learned log (``Lesson``)."""

from django.db import models

from core.models.base import TenantModel, tenant_history
from core.rules import Scope
from lifecycle.choices import ActionKind, Decision

from .fields import user_field


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

    def parties(self):
        """Who performed it, and so may not decide it alone by a board chair's action (separation of duties)."""
        return {self.actor_id: "performed"} if self.kind == "performed" else {}


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
