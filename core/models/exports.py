"""A register download too large to write inside a web request: written by a Celery worker (``core.export_jobs``)."""

import uuid

from django.conf import settings
from django.db import models

from .base import TenantModel


def export_upload_to(job, filename):
    return f"exports/{job.tenant_id}/{job.token}/{filename}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Writing"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class ExportJob(TenantModel):
    """One download of one register page's rows, as the person who asked would see them; only they may open it.
    ``rows`` counts the rows written so far (the progress shown); the file is kept ``EXPORT_KEEP_DAYS``."""

    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                     editable=False)
    path = models.CharField(max_length=300, help_text="The page whose download this is.")
    query = models.TextField(blank=True, help_text="Its filters and format, as the page sent them.")
    label = models.CharField(max_length=200, help_text="What is being exported, as the page names it.")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows = models.PositiveIntegerField(default=0, help_text="Rows written so far.")
    expected = models.PositiveIntegerField(null=True, blank=True, help_text="Rows the page held when asked.")
    file = models.FileField(upload_to=export_upload_to, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["tenant", "requested_by", "created"], name="export_job_mine")]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_final(self):
        return self.status in (ExportStatus.READY, ExportStatus.FAILED)

    @property
    def percent(self):
        if self.status == ExportStatus.READY:
            return 100
        if not self.expected:
            return None
        return min(99, self.rows * 100 // self.expected)
