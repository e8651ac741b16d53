"""The Programme Plan's words (PID s3.4.1 and Appendix 6)."""

from django.db import models

# A plan item sits where a benefit does (project, workstream or programme): the same choice set, so the API
# schema names it once (``LevelEnum`` is benefits'; a second class of the same values would clash).
from benefits.choices import Level

__all__ = ["BaselineReason", "DependencyType", "ExternalKind", "ItemKind", "ItemStatus", "Level"]


class ItemKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    DELIVERABLE = "deliverable", "Deliverable"
    STEP_CHANGE = "step_change", "Step-change"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    LATE = "late", "Late"
    COMPLETE = "complete", "Complete"


class DependencyType(models.TextChoices):
    FINISH_TO_START = "finish_to_start", "Finish to start"
    START_TO_START = "start_to_start", "Start to start"
    FINISH_TO_FINISH = "finish_to_finish", "Finish to finish"


class ExternalKind(models.TextChoices):
    PROGRAMME = "programme", "Another programme"
    NATIONAL_DECISION = "national_decision", "A national decision"
    PARTNER_PROCUREMENT = "partner_procurement", "A partner's procurement"
    OTHER = "other", "Something else outside the programme"


class BaselineReason(models.TextChoices):
    END_OF_STAGE = "end_of_stage", "End-of-stage report approved"
    ON_DEMAND = "on_demand", "Baselined by the PMO"
    IMPORT = "import", "Imported"
