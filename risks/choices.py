"""Enumerations of the risk register and issue log, in the PID's words (DOMAIN.md s4, PID s4.4, App. 7)."""

from django.db import models


class Category(models.TextChoices):
    """The App. 7 groupings, in the order the register prints them."""

    STRATEGIC = "strategic", "Strategic"
    CLINICAL = "clinical", "Clinical"
    FINANCIAL = "financial", "Financial"
    PEOPLE = "people", "People, engagement and leadership"
    PROGRAMME_MANAGEMENT = "programme_management", "Programme management"


class Nature(models.TextChoices):
    THREAT = "threat", "Threat"
    OPPORTUNITY = "opportunity", "Opportunity"


class Level(models.TextChoices):
    """Where a risk is managed, lowest first (DOMAIN.md s4 "Levels")."""

    PROJECT = "project", "Project"
    WORKSTREAM = "workstream", "Workstream"
    PROGRAMME = "programme", "Programme register"
    DELIVERY_BOARD = "delivery_board", "Delivery Board BAF"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board BAF"


LEVEL_ORDER = list(Level.values)
BOARD_LEVELS = (Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD)
# Levels that own a register the issue log can also sit on (issues do not reach the boards' BAFs).
ISSUE_LEVELS = (Level.PROJECT, Level.WORKSTREAM, Level.PROGRAMME)


def level_above(level):
    index = LEVEL_ORDER.index(level)
    return Level(LEVEL_ORDER[index + 1]) if index + 1 < len(LEVEL_ORDER) else None


def level_below(level):
    index = LEVEL_ORDER.index(level)
    return Level(LEVEL_ORDER[index - 1]) if index > 0 else None


class Response(models.TextChoices):
    """PID s4.4 "Plan the response": five for a threat, three for an opportunity."""

    REMOVE = "remove", "Remove"
    REDUCE = "reduce", "Reduce"
    TRANSFER = "transfer", "Transfer"
    RETAIN = "retain", "Retain"
    SHARE = "share", "Share"
    REALISE = "realise", "Realise"
    ENHANCE = "enhance", "Enhance"
    EXPLOIT = "exploit", "Exploit"


THREAT_RESPONSES = (Response.REMOVE, Response.REDUCE, Response.TRANSFER, Response.RETAIN, Response.SHARE)
OPPORTUNITY_RESPONSES = (Response.REALISE, Response.ENHANCE, Response.EXPLOIT)
RESPONSES_BY_NATURE = {Nature.THREAT: THREAT_RESPONSES, Nature.OPPORTUNITY: OPPORTUNITY_RESPONSES}


class Proximity(models.TextChoices):
    """How soon the risk would strike if it happened (PID s4.4 "Assess")."""

    IMMINENT = "imminent", "Imminent (within a month)"
    WITHIN_3_MONTHS = "within_3_months", "Within three months"
    WITHIN_6_MONTHS = "within_6_months", "Within six months"
    WITHIN_A_YEAR = "within_a_year", "Within a year"
    BEYOND_A_YEAR = "beyond_a_year", "Beyond a year"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Rag(models.TextChoices):
    """The App. 7 severity bands: four colours, not three."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    YELLOW = "yellow", "Yellow"
    GREEN = "green", "Green"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class MoveDirection(models.TextChoices):
    ESCALATE = "escalate", "Escalation"
    DEESCALATE = "deescalate", "De-escalation"


class MoveStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class AssuranceRating(models.TextChoices):
    """How far a board is assured that a principal risk is being managed."""

    SUBSTANTIAL = "substantial", "Substantial"
    REASONABLE = "reasonable", "Reasonable"
    LIMITED = "limited", "Limited"
    NONE = "none", "No assurance"


class IssuePriority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class DisputeStage(models.TextChoices):
    """PID s4.4 "Issue Resolution": the Programme Director arbitrates, then the joint SROs, then the
    Partnership Board in an extreme case."""

    NONE = "none", "No dispute"
    PROGRAMME_DIRECTOR = "programme_director", "Programme Director"
    JOINT_SROS = "joint_sros", "Joint SROs"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board"


DISPUTE_ORDER = list(DisputeStage.values)
