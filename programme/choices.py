"""Enumerations of the programme app, in the PID's words (DOMAIN.md s2–s3)."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ACUTE_TRUST = "acute_trust", "Acute NHS trust"
    COMMUNITY_TRUST = "community_trust", "Community and mental health NHS trust"
    AMBULANCE_TRUST = "ambulance_trust", "Ambulance NHS trust"
    CCG = "ccg", "Clinical commissioning group"
    COUNCIL = "council", "Local authority"
    OTHER = "other", "Other"


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


class Role(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board member"
    JOINT_SRO = "joint_sro", "Joint SRO"
    DELIVERY_BOARD = "delivery_board", "Delivery Board member"
    IMPLEMENTATION_GROUP = "implementation_group", "Implementation Group member"
    PROGRAMME_DIRECTOR = "programme_director", "Programme Director"
    PMO = "pmo", "PMO"
    WORKSTREAM_SRO = "workstream_sro", "Workstream SRO"
    WORKSTREAM_LEAD = "workstream_lead", "Workstream lead"
    PROJECT_MANAGER = "project_manager", "Project manager"
    PARTNER_VIEWER = "partner_viewer", "Partner viewer"


# Roles that only make sense at a workstream or project scope, and those only at the tenant.
SCOPED_ROLES = {Role.WORKSTREAM_SRO, Role.WORKSTREAM_LEAD, Role.PROJECT_MANAGER}


class ScopeType(models.TextChoices):
    TENANT = "tenant", "Partnership"
    WORKSTREAM = "workstream", "Workstream"
    PROJECT = "project", "Project"


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"
