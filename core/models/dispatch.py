"""Work that could not be handed to the task queue: kept until the schedule sends it (``core.dispatch``)."""

from django.db import models

from .base import TenantModel


class PendingTask(TenantModel):
    """A task whose sending failed after its transaction committed (the broker was unreachable, say).

    The request that queued it has already answered success; ``core.dispatch.send_pending`` (on the beat
    schedule) sends it again and deletes the row once the broker has taken it. Tasks are idempotent, so a
    second delivery does nothing new."""

    task = models.CharField(max_length=200, help_text="The Celery task's registered name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=1, help_text="How many times sending it has failed.")
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["tenant", "created"], name="pending_task_oldest_first")]

    def __str__(self):
        return f"{self.task} {self.args}"
