"""Fixed vocabularies of meetings and board packs (DOMAIN.md s8).

A meeting action's ``ActionStatus`` stays beside its model (``meetings.models.meetings``): the risks app has a
choice set of the same name, and the API schema names enums after the classes of the apps' ``choices`` modules
(``bct_portal.schema``), which would rename both. For the same reason each class here is named as its enum
already was in the schema (``BoardPackStatus``), so that moving it here renamed nothing in the API.
"""

from django.db import models


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class AgendaSection(models.IntegerChoices):
    """Where an item sits on the agenda; items are numbered in this order."""

    OPENING = 10, "Opening business"
    STANDING = 20, "Standing items"
    DECISION = 30, "Papers for decision"
    OTHER = 40, "Other business"
    CLOSING = 90, "Closing"


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    ASSURANCE = "assurance", "For assurance"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class BoardPackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


PackStatus = BoardPackStatus  # the name the code uses; the class's name is the API schema's (BoardPackStatusEnum)
IN_FLIGHT = (PackStatus.QUEUED, PackStatus.RENDERING)
