"""Boards decide as boards (PID s3.2): the one place that checks and records a board's decision.

A Partnership or Delivery Board decision on a paper (a brief, a business case, a risk's move onto its BAF, a
change request, an end-of-stage report, an EIA, the programme's closure) is the board's, not one member's. It is
recorded by the board's chair (``Body.chairs``) or by the PMO as the board's secretary (R for the board packs'
process in the RACI matrix, PID s2.7.2), either

- against a meeting of that board in progress or held (not cancelled, not another body's, not in the future),
  where it enters the meeting's decisions log under the paper's agenda item when the agenda has one; or
- as a documented **chair's action** between meetings, with its reason, which the board's next meeting is told
  of (``chairs_actions_reported_to``).

Other members may read and comment on the paper; they cannot decide it. The registers' services call
``check_recorder`` first (a 403 naming who may), then ``record_board_decision`` inside their own transaction.
Every error is a ``core.exceptions`` error; this module imports no register.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core import rules, signals
from core.choices import Role
from core.exceptions import Invalid, PermissionRefused
from core.models import User
from core.tenancy import get_current_tenant_id
from meetings.choices import MeetingStatus
from meetings.models import AgendaItem, Meeting, MeetingDecision
from programme.models import Body

SECRETARY_PERM = "meetings.record_board_decision"  # registered in meetings.permissions: the PMO, as seeded
MEETING_FIELD = "decided_at_meeting"
CHAIRS_ACTION_FIELD = "chairs_action"
REASON_FIELD = "reason"


@dataclass(frozen=True)
class HowDecided:
    """How a board decided, as a step's caller gives it: ``meeting`` (a ``Meeting`` or its id) or
    ``chairs_action`` with ``reason``; optional ``conditions``, ``interests`` (users or usernames) and
    ``decided_on`` (a date, for decisions recorded after the event)."""

    meeting: object = None
    chairs_action: bool = False
    reason: str = ""
    conditions: str = ""
    interests: tuple = ()
    decided_on: object = None

    @classmethod
    def from_data(cls, data):
        """From a serializer's or form's cleaned data (``decided_at_meeting``, ``chairs_action``, ...)."""
        return cls(meeting=data.get(MEETING_FIELD) or None, chairs_action=bool(data.get(CHAIRS_ACTION_FIELD)),
                   reason=data.get(REASON_FIELD) or "", conditions=data.get("conditions") or "",
                   interests=tuple(data.get("interests") or ()))


NOT_SAID = HowDecided()


def board(kind):
    """The active partnership's body of ``kind`` (a ``programme.choices.BodyKind``), or None."""
    return Body.objects.filter(kind=kind).order_by("pk").first()


def is_chair(user, body):
    return bool(body is not None and getattr(user, "pk", None)
                and body.chairs.filter(pk=user.pk).exists())


def may_record(user, body):
    """Whether ``user`` may record ``body``'s decisions: its chair, or the PMO as its secretary."""
    if body is None or not getattr(user, "is_authenticated", False):
        return False
    return is_chair(user, body) or bool(user.has_perm(SECRETARY_PERM))


def excluded_unless_recorder(kind):
    """An ``excluded(user, obj)`` hook for ``core.rules.register``: refuses all but the chair of the board of
    ``kind`` and the PMO, so the registers' buttons and API agree with ``check_recorder``."""

    def excluded(user, obj):
        return not may_record(user, board(kind))

    return excluded


def recorders(body):
    """Who may record ``body``'s decisions, in words."""
    chairs = [user.get_full_name() or user.username for user in body.chairs.order_by("username")]
    chaired = f"its chair ({', '.join(chairs)})" if chairs else "its chair"
    return f"{chaired} or the PMO as its secretary"


def check_recorder(user, body):
    """``PermissionRefused`` (403) unless ``user`` may record ``body``'s decisions."""
    if body is None:
        raise PermissionRefused("This partnership has no such board to decide this.", [Role.PMO])
    if not may_record(user, body):
        raise PermissionRefused(
            f"The {body} decides this as a board: only {recorders(body)} may record its decision, at one of its "
            "meetings or as a chair's action. Members may read the paper and comment on it.",
            [Role.PMO],
        )


def _meeting(body, meeting, today=None):
    """The meeting (an instance or an id) the decision is recorded at, checked (``today``: the day it is recorded,
    by default the real one; the demo loader, placed around another day, gives its own)."""
    if not isinstance(meeting, Meeting):
        try:
            meeting_id = int(meeting)
        except (TypeError, ValueError):
            raise Invalid({MEETING_FIELD: ["Give the id of a meeting of the board."]}) from None
        meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
        if meeting is None:
            raise Invalid({MEETING_FIELD: [f"There is no meeting {meeting_id} in this partnership."]})
    if meeting.body_id != body.pk:
        raise Invalid({MEETING_FIELD: [f"{meeting} is a meeting of the {meeting.body}, not of the {body}."]})
    if meeting.status == MeetingStatus.CANCELLED:
        raise Invalid({MEETING_FIELD: [f"{meeting} was cancelled: choose a meeting that took place."]})
    if meeting.date > (today or timezone.localdate()):
        raise Invalid({MEETING_FIELD: [
            f"{meeting} has not yet met: record the decision at a meeting in progress or held, or as a chair's "
            "action."]})
    return meeting


def _interests(interests):
    """Members of the partnership who declared an interest, from users or usernames."""
    names = [getattr(item, "username", item) for item in interests or ()]
    if not names:
        return []
    found = list(User.objects.filter(username__in=names, memberships__tenant_id=get_current_tenant_id()).distinct())
    missing = sorted(set(names) - {user.username for user in found})
    if missing:
        raise Invalid({"interests": [f"Not members of this partnership: {', '.join(missing)}."]})
    return found


def validate(body, user, meeting=None, chairs_action=False, reason="", interests=(), paper=None, today=None):
    """Check who records and how, before anything changes: returns (meeting or None, reason, interest users).

    Separation of duties (DOMAIN.md s3) binds whoever decides: a chair acting alone may not decide a paper they
    wrote, submitted or proposed. At a meeting the board decides, and its chair or secretary only records it."""
    check_recorder(user, body)
    did = rules.parties_of(paper).get(getattr(user, "pk", None)) if chairs_action and paper is not None else None
    if did is not None:
        name = getattr(paper, "ref", None) or str(paper)
        raise PermissionRefused(f"You {did} {name}, so you cannot decide it by chair's action: the {body} must "
                                "decide it at a meeting (separation of duties).", [Role.PMO])
    reason = (reason or "").strip()
    if meeting in (None, "") and not chairs_action:
        raise Invalid({
            MEETING_FIELD: [f"Give the {body} meeting (in progress or held) at which it decided, or record a "
                            "chair's action."],
            CHAIRS_ACTION_FIELD: ["Or set chairs_action true, with the reason, for a decision between meetings."],
        })
    if meeting not in (None, "") and chairs_action:
        raise Invalid({CHAIRS_ACTION_FIELD: ["A decision is taken at a meeting or by chair's action, not both."]})
    if chairs_action and not reason:
        raise Invalid({REASON_FIELD: ["Give the reason the decision could not wait for the board's next meeting."]})
    found = _meeting(body, meeting, today) if not chairs_action else None
    return found, reason, _interests(interests)


def agenda_item_for(meeting, paper):
    if meeting is None or paper is None:
        return None
    paper_type = ContentType.objects.get_for_model(paper)
    return AgendaItem.objects.filter(meeting=meeting, paper_type=paper_type, paper_id=paper.pk).first()


def describe(body, paper, outcome, conditions, chairs_action):
    name = getattr(paper, "ref", None) or str(paper)
    title = getattr(paper, "title", "")
    subject = f"{name}: {title}" if title and title != name else name
    how = " by chair's action" if chairs_action else ""
    text = f"The {body}{how} decided to {outcome.replace('-', ' ')} {subject}."
    if conditions:
        text += f" Conditions: {conditions}"
    return text


def record_board_decision(body, user, paper, outcome, meeting=None, chairs_action=False, reason="", conditions="",
                          interests=(), decided_on=None, today=None):
    """Check and record ``body``'s decision ``outcome`` on ``paper``; returns the ``MeetingDecision``.

    ``meeting`` (an instance or id) of ``body``, in progress or held; or ``chairs_action`` with ``reason``.
    Raises ``PermissionRefused`` (not the chair or PMO) or ``Invalid`` (naming ``decided_at_meeting``,
    ``chairs_action``, ``reason`` or ``interests``). Call it inside the step's transaction."""
    found, reason, members = validate(body, user, meeting, chairs_action, reason, interests, paper, today)
    conditions = (conditions or "").strip()
    decision = MeetingDecision(
        meeting=found, body=body, agenda_item=agenda_item_for(found, paper),
        text=describe(body, paper, outcome, conditions, chairs_action),
        paper_type=ContentType.objects.get_for_model(paper) if paper is not None else None,
        paper_id=getattr(paper, "pk", None), outcome=outcome, conditions=conditions,
        chairs_action=bool(chairs_action), reason=reason, recorded_by=user,
        decided_on=decided_on or (found.date if found is not None else today or timezone.localdate()),
    )
    decision.full_clean(exclude=["tenant"])
    decision._history_user = user
    decision.save()
    if members:
        decision.interests.set(members)
    announce(decision, body, user, paper)
    return decision


def is_restricted(paper):
    """A restricted paper, or one about a restricted item (a risk's move): its text stays in the portal."""
    return bool(getattr(paper, "restricted", False) or getattr(getattr(paper, "risk", None), "restricted", False))


def announce(decision, body, user, paper=None):
    """Tell ``core.signals`` listeners (the outgoing webhooks) that ``body`` decided."""
    from django.urls import reverse

    link = reverse("meetings:detail", args=[decision.meeting_id]) if decision.meeting_id else ""
    signals.decision_recorded.send(sender=MeetingDecision, decision=decision, body_name=body.name, user=user,
                                   link=link, restricted=is_restricted(paper))


def record(body, user, paper, outcome, how, today=None):
    """``record_board_decision`` with a ``HowDecided``."""
    how = how or NOT_SAID
    return record_board_decision(body, user, paper, outcome, meeting=how.meeting, chairs_action=how.chairs_action,
                                 reason=how.reason, conditions=how.conditions, interests=how.interests,
                                 decided_on=how.decided_on, today=today)


def decisions_on(paper):
    """The board decisions recorded on ``paper``, oldest first."""
    paper_type = ContentType.objects.get_for_model(paper)
    return MeetingDecision.objects.filter(paper_type=paper_type, paper_id=paper.pk).select_related(
        "meeting", "body").order_by("pk")


def chairs_actions_reported_to(meeting):
    """The chair's actions of ``meeting``'s body taken since its previous meeting (not cancelled) and up to this
    one's date: what the meeting is told was decided in its name between meetings."""
    previous = (Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date)
                .exclude(status=MeetingStatus.CANCELLED).order_by("-date").values_list("date", flat=True).first())
    found = MeetingDecision.objects.filter(body_id=meeting.body_id, meeting__isnull=True, chairs_action=True,
                                           decided_on__lte=meeting.date)
    if previous is not None:
        found = found.filter(decided_on__gt=previous)
    return found.select_related("recorded_by").order_by("decided_on", "pk")


def recent_meetings(body, limit=6):
    """The body's meetings a decision may be recorded at: in progress (today) or held, latest first."""
    return list(Meeting.objects.filter(body=body, date__lte=timezone.localdate())
                .exclude(status=MeetingStatus.CANCELLED).order_by("-date")[:limit])
