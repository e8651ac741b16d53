"""Helpers for tests of boards deciding as boards (``meetings.decisions``, PID s3.2): a board's meeting to decide
at, and the ``decided_at_meeting`` / ``chairs_action`` fields every board-level step takes."""

import datetime

from django.utils import timezone

from core.tenancy import tenant_context
from meetings.choices import MeetingStatus
from meetings.models import AgendaItem, Meeting, MeetingDecision
from programme.choices import BodyKind
from programme.models import Body

DB, PB = BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD


def body_of(tenant, kind=DB):
    with tenant_context(tenant):
        return Body.objects.get(kind=kind)


def board_meeting(tenant, kind=DB, status=MeetingStatus.HELD, days=0):
    """A meeting of the tenant's board of ``kind`` ``days`` from today (negative: past) with ``status``; the
    body's meeting of that day if the demo already has one (its status set)."""
    body = body_of(tenant, kind)
    day = timezone.localdate() + datetime.timedelta(days=days)
    with tenant_context(tenant):
        meeting, _ = Meeting.objects.get_or_create(body=body, date=day, defaults={"status": status})
        if meeting.status != status:
            Meeting.objects.filter(pk=meeting.pk).update(status=status)
            meeting.status = status
    return meeting


def put_on_agenda(meeting, paper):
    """Put ``paper`` on ``meeting``'s agenda as the agenda builder would, and return the item."""
    from django.contrib.contenttypes.models import ContentType

    with tenant_context(meeting.tenant):
        item, _ = AgendaItem.objects.get_or_create(
            meeting=meeting, paper_type=ContentType.objects.get_for_model(paper), paper_id=paper.pk,
            defaults={"title": str(paper)[:300], "purpose": "decision", "section": 30},
        )
    return item


def at(meeting, **more):
    return {"decided_at_meeting": meeting.pk, **more}


def by_chairs_action(reason="The case cannot wait for the next meeting.", **more):
    return {"chairs_action": True, "reason": reason, **more}


def decisions_on(paper):
    from django.contrib.contenttypes.models import ContentType

    return MeetingDecision.all_tenants.filter(paper_type=ContentType.objects.get_for_model(paper),
                                              paper_id=paper.pk).order_by("pk")
