"""The words of progress reporting (PID s3: "progress monitoring, reporting and forecasting")."""

from django.db import models

# A highlight report's RAG: red, amber or green only (the risk register's yellow band is not a report RAG); the
# same choice set as the finance RAG, so the API schema names it once.
from core.choices import Rag  # noqa: F401 (re-exported)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned"


class Dimension(models.TextChoices):
    SCHEDULE = "schedule", "Schedule"
    FINANCE = "finance", "Finance"
    BENEFITS = "benefits", "Benefits"
    RISKS = "risks", "Risks"
    RESOURCES = "resources", "Resources"


class ReportLevel(models.TextChoices):
    PROJECT = "project", "Project"
    WORKSTREAM = "workstream", "Workstream"


DIMENSIONS = list(Dimension)
