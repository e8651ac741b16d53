"""The meetings in the calendar feeds (``core.calendars``; registered from ``meetings.pack_sections``).

A user's feed holds the meetings of every body they may read, the same bodies whose packs they read
(``pack_reader_kinds``: a board's members by their role; the PMO, the Programme Director and the joint SROs every
body) and those they chair. A body's feed holds that body's meetings. A meeting has a date, and a time and place
when they are known: with no time it is an all-day event; with one it lasts ``MEETING_LENGTH`` (meetings record no
end). A cancelled meeting stays in the feed as STATUS:CANCELLED, so calendars strike it rather than keep it.
"""

import datetime

from django.db.models import Q
from django.urls import reverse

from core.registry import CalendarEvent
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingInvitation
from meetings.models.packs import pack_reader_kinds
from programme.models import Body

MEETING_LENGTH = datetime.timedelta(hours=2)
AGENDA_LINES = 20  # agenda items listed in an event's description; the meeting's page has them all


def readable_bodies(user):
    """The bodies whose meetings ``user`` sees in the calendar feeds, in the active tenant (a queryset)."""
    kinds = pack_reader_kinds(user)
    if kinds is None:
        return Body.objects.all()
    return Body.objects.filter(Q(kind__in=sorted(kinds)) | Q(chairs=user)).distinct()


def meeting_events(user, *, body=None, start, end):
    meetings = (Meeting.objects.filter(date__gte=start, date__lte=end).select_related("body", "invitation")
                .prefetch_related("agenda_items").order_by("date", "pk"))
    if body is not None:
        meetings = meetings.filter(body=body)
    else:
        meetings = meetings.filter(body__in=readable_bodies(user))
    for meeting in meetings:
        yield meeting_event(meeting)


def meeting_event(meeting):
    cancelled = meeting.status == MeetingStatus.CANCELLED
    if meeting.time is None:
        start, end = meeting.date, None
    else:
        start = datetime.datetime.combine(meeting.date, meeting.time)  # the portal's time zone (core.calendars)
        end = start + MEETING_LENGTH
    url = reverse("meetings:detail", args=[meeting.pk])
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}",
        summary=f"{'Cancelled: ' if cancelled else ''}{meeting.body.name}",
        start=start, end=end, location=meeting.location, url=url,
        description=_description(meeting), last_modified=meeting.updated,
        status="CANCELLED" if cancelled else "CONFIRMED", sequence=_sequence(meeting),
    )


def _sequence(meeting):
    """The sequence of the meeting's latest invitation (``meetings.invitations``), 0 if none was sent."""
    try:
        return meeting.invitation.sequence
    except MeetingInvitation.DoesNotExist:
        return 0


def _description(meeting):
    notes = [label for flag, label in ((meeting.risk_review, "Reviews the body's risks."),
                                       (meeting.in_public, "Held in public.")) if flag]
    items = sorted(meeting.agenda_items.all(), key=lambda item: (item.section, item.position, item.pk))
    if items:
        notes.append("Agenda:")
        notes += [f"- {item.title}" for item in items[:AGENDA_LINES]]
        if len(items) > AGENDA_LINES:
            notes.append(f"- and {len(items) - AGENDA_LINES} more")
    notes.append("The agenda, papers and board pack are on the meeting's page in the portal (the link of this event).")
    return "\n".join(notes)
