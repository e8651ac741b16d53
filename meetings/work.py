"""What meetings put on "My work" (``core.registry``, found by ``autodiscover_modules("work")``):

- the open actions meetings gave the person, due first (the same actions the reminders chase when overdue);
- for a member of a board (its role at the partnership, or its chair): their next meeting, its papers for decision
  (the agenda's papers) and its latest pack they may read.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import registry, rules
from meetings.models import AgendaItem, BoardPack, Meeting, MeetingAction, MeetingStatus, PackStatus
from meetings.models.meetings import ActionStatus
from meetings.models.packs import BODY_MEMBER_ROLES


def open_actions(user):
    today = timezone.localdate()
    actions = (MeetingAction.objects.filter(owner=user, status=ActionStatus.OPEN).select_related("meeting__body")
               .order_by("due_date", "pk"))
    return [registry.WorkItem(
        action.description[:120], reverse("meetings:detail", args=[action.meeting_id]) + "#actions",
        f"Action from the {action.meeting.body}", action.due_date, bool(action.due_date and action.due_date < today))
        for action in actions]


def next_meeting_of(user):
    """The next scheduled meeting of a board ``user`` sits on (by role at the partnership, or as its chair)."""
    access = rules.current_access(user)
    if access is None or not access.is_member:
        return None
    roles = {role for role, workstream_id, project_id in access.roles if workstream_id is None and project_id is None}
    kinds = sorted(kind for kind, role in BODY_MEMBER_ROLES.items() if role in roles)
    return (Meeting.objects.filter(Q(body__kind__in=kinds) | Q(body__chairs=user), status=MeetingStatus.SCHEDULED,
                                   date__gte=timezone.localdate())
            .select_related("body").order_by("date", "pk").first())


def next_meeting(user):
    meeting = next_meeting_of(user)
    if meeting is None:
        return []
    url = reverse("meetings:detail", args=[meeting.pk])
    items = [registry.WorkItem(str(meeting), url, "Your next meeting", meeting.date)]
    pack = (BoardPack.objects.readable_by(user).filter(meeting=meeting, status=PackStatus.READY)
            .order_by("-version").first())
    if pack is not None:
        items.append(registry.WorkItem(f"Board pack for {meeting} (version {pack.version})",
                                       reverse("meetings:pack-pdf", args=[pack.pk]), "Board pack", meeting.date))
    papers = AgendaItem.objects.filter(meeting=meeting, paper_id__isnull=False).order_by("section", "position", "pk")
    items += [registry.WorkItem(f"{paper.paper_ref} {paper.title}".strip(), paper.link or url, "Paper for decision",
                                meeting.date) for paper in papers]
    return items


registry.register_work("meetings.actions", "Your meeting actions", open_actions, order=50)
registry.register_work("meetings.next", "Your next board meeting", next_meeting, order=5)
