"""Enumerations of the programme app, in the PID's words (DOMAIN.md s2–s3)."""

from django.db import models


class BodyKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board"
    DELIVERY_BOARD = "delivery_board", "Delivery Board"
    IMPLEMENTATION_GROUP = "implementation_group", "Implementation Group"
    REFERENCE_GROUP = "reference_group", "Reference group"
    SPECIAL_INTEREST_GROUP = "special_interest_group", "Special interest group"
    PMO = "pmo", "Programme Management Office"


class ReviewCycle(models.TextChoices):
    """How often a body reviews its risks (PID s4.4)."""

    CONTINUAL = "continual", "Continual"
    MONTHLY = "monthly", "Monthly"
    BI_MONTHLY = "bi_monthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"


REVIEW_CYCLE_DAYS = {
    ReviewCycle.CONTINUAL: 7,
    ReviewCycle.MONTHLY: 30,
    ReviewCycle.BI_MONTHLY: 61,
    ReviewCycle.QUARTERLY: 91,
}


class StageKind(models.TextChoices):
    IDENTIFICATION = "identification", "Identification"
    DEFINITION = "definition", "Definition"
    DELIVERY = "delivery", "Delivery"
    CLOSURE = "closure", "Closure"


class StageStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class WorkstreamKind(models.TextChoices):
    CLINICAL = "clinical", "Clinical"
    ENABLING = "enabling", "Enabling"
    SETTING_OF_CARE = "setting_of_care", "Setting of care"
    FINANCE = "finance", "Finance"


class ProjectStage(models.TextChoices):
    """A project's lifecycle (DOMAIN.md s2)."""

    STARTING_UP = "starting_up", "Starting up"
    INITIATING = "initiating", "Initiating"
    DELIVERY = "delivery", "Delivery"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"
