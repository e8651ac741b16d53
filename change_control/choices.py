"""Enumerations of change control, in the PID's words (PID s4.7, DOMAIN.md s7)."""

from django.db import models


class Kind(models.TextChoices):
    """What was raised: PID s4.7 gathers them all as 'programme issues' handled through change control."""

    CHANGE_REQUEST = "change_request", "Change request"
    CONCERN = "concern", "Concern"
    SUGGESTION = "suggestion", "Suggestion"
    IDEA = "idea", "Idea"
    DISSATISFACTION = "dissatisfaction", "Dissatisfaction"


class Status(models.TextChoices):
    """The five steps of PID s4.7, named by the state each leaves the request in."""

    LOGGED = "logged", "Logged"
    ASSESSED = "assessed", "Assessed"
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    IMPLEMENTED = "implemented", "Implemented"


STATUS_ORDER = [Status.LOGGED, Status.ASSESSED, Status.PROPOSED, Status.DECIDED, Status.IMPLEMENTED]


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"
    DEFER = "defer", "Defer"


class Authority(models.TextChoices):
    """Who decides, by scale (DOMAIN.md s7); each value is also the role that holds the authority."""

    WORKSTREAM_SRO = "workstream_sro", "Workstream SRO"
    PROGRAMME_DIRECTOR = "programme_director", "Programme Director"
    DELIVERY_BOARD = "delivery_board", "Delivery Board"


class Priority(models.TextChoices):
    """The request's priority against the work already in the programme (PID s4.7, step 2)."""

    HIGHER = "higher", "Higher than work under way"
    EQUAL = "equal", "Equal to work under way"
    LOWER = "lower", "Lower than work under way"


IMPACT_AREAS = [
    ("programme", "the whole programme"),
    ("business_case", "the workstream's business case"),
    ("benefits", "the benefits"),
    ("risks", "risks, new and existing"),
    ("resources", "the allocation of programme resource"),
]
