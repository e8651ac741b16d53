"""Meetings from each body's cadence, their agendas and logs (DOMAIN.md s8; PID s3.4.2, s4.4).

- ``generate_meetings`` keeps the next N meetings of a body scheduled from its cadence, idempotently (at most
  one per body and cadence month, so a meeting moved within its month is not made again);
- ``build_agenda`` gives a meeting its standing items: for the Delivery and Partnership Boards the three the
  PID names (benefits realisation, risk management, allocation of resource), and adds the papers awaiting the
  body's decision, collected from every app through ``core.registry``;
- decisions and actions are recorded against a meeting; the next pack reports them;
- the PMO keeps each body's cadence and the tenant's meeting settings (``save_cadence``, ``save_settings``).

Functions that act for a person take the user and ask ``user.has_perm``; the schedule calls the same
functions with no user.
"""

import calendar
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import registry, rules
from core.exceptions import WrongState
from meetings import decisions, workflows
from meetings.choices import AgendaSection, MeetingStatus, Purpose
from meetings.models import AgendaItem, Meeting, MeetingAction, MeetingCadence, MeetingDecision, MeetingSettings
from meetings.models.meetings import LAST_WEEK, ActionStatus
from meetings.permissions import CADENCE_PERM, MANAGE_PERM, SETTINGS_PERM
from meetings.workflows import MEETING
from programme.choices import REVIEW_CYCLE_DAYS, BodyKind, ReviewCycle
from programme.models import Body

# DOMAIN.md s8 *defaults*: kind -> cadence. In a month the Implementation Group meets first, then the Delivery
# Board, then the Partnership Board, so that each reports upwards (PID s4.4: "a logical progression that
# matches the rhythm of meetings"). The Partnership Board meets in public every two months from January.
DEFAULT_CADENCES = {
    BodyKind.IMPLEMENTATION_GROUP: {"every_months": 1, "first_month": 1, "weekday": 2, "week": 1,
                                    "time": datetime.time(14, 0), "location": "PMO, County Hall, Glenfield"},
    BodyKind.DELIVERY_BOARD: {"every_months": 1, "first_month": 1, "weekday": 1, "week": 2,
                              "time": datetime.time(9, 30), "location": "Board Room, Leicester General Hospital"},
    BodyKind.PARTNERSHIP_BOARD: {"every_months": 2, "first_month": 1, "weekday": 3, "week": 4,
                                 "time": datetime.time(14, 0), "in_public": True,
                                 "location": "Council Chamber, County Hall, Glenfield"},
}

# PID s3.4.2: "reviewing the three topics of benefits realisation, risk management and allocation of resource
# as standing items for the BCT Delivery Board and the Partnership Board".
BOARD_KINDS = (BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD)
OPENING = [
    ("apologies", "Welcome, apologies and declarations of interest", Purpose.INFORMATION),
    ("previous", "Minutes, decisions and actions of the previous meeting", Purpose.DECISION),
]
STANDING = [
    ("benefits_realisation", "Benefits realisation", Purpose.ASSURANCE),
    ("risk_management", "Risk management and the Board Assurance Framework", Purpose.ASSURANCE),
    ("allocation_of_resource", "Allocation of resource", Purpose.DISCUSSION),
]
GROUP_STANDING = [
    ("workstream_highlights", "Workstream highlight reports", Purpose.DISCUSSION),
    ("risk_management", "Workstream and project risks", Purpose.ASSURANCE),
]
CLOSING = [("any_other_business", "Any other business", Purpose.INFORMATION)]
RISK_REVIEW_SUFFIX = " (quarterly risk review)"

def require_manage(user, meeting):
    """That ``user`` may keep ``meeting`` (its status, agenda, decisions and actions): ``PermissionRefused`` (a 403
    naming the roles that would be allowed) otherwise."""
    rules.require(user, MANAGE_PERM, meeting, verb="keep")


# Cadence -------------------------------------------------------------------------------------------------

def cadence_for(body):
    """The body's cadence, made with the DOMAIN.md s8 default for its kind when it has none; None when the
    body has no cadence and no default (reference groups meet as their chair calls them)."""
    try:
        return body.meeting_cadence
    except MeetingCadence.DoesNotExist:
        pass
    defaults = DEFAULT_CADENCES.get(body.kind)
    if defaults is None:
        return None
    cadence, _ = MeetingCadence.all_tenants.get_or_create(tenant_id=body.tenant_id, body=body, defaults=defaults)
    return cadence


def cadence_to_edit(body):
    """The body's cadence, or (unsaved) a new one with the default for its kind, for the PMO's form. Unlike
    ``cadence_for`` it saves nothing, so reading the form changes no data."""
    try:
        return body.meeting_cadence
    except MeetingCadence.DoesNotExist:
        return MeetingCadence(tenant_id=body.tenant_id, body=body, **DEFAULT_CADENCES.get(body.kind, {}))


def save_cadence(cadence, user):
    """Save a body's cadence as the PMO edited it. Meetings already scheduled keep their dates; the next
    ``generate_meetings`` follows the new cadence for the months that have no meeting yet."""
    rules.require(user, CADENCE_PERM, cadence)
    cadence.full_clean(exclude=["tenant", "body"])
    cadence._history_user = user
    cadence.save()
    return cadence


def save_settings(settings_row, user):
    """Save the tenant's meeting and board pack settings (``MeetingSettings``) as the PMO edited them."""
    rules.require(user, SETTINGS_PERM, settings_row)
    settings_row.full_clean(exclude=["tenant"])
    settings_row._history_user = user
    settings_row.save()
    return settings_row


def meeting_day(year, month, weekday, week):
    """The ``week``-th ``weekday`` (0 = Monday) of the month; week 5 is the last."""
    days = [day for day in calendar.Calendar().itermonthdates(year, month) if day.month == month]
    matching = [day for day in days if day.weekday() == weekday]
    return matching[-1] if week >= LAST_WEEK else matching[min(week, len(matching)) - 1]


def _months(start, every, first_month):
    """Each (year, month) of the series from ``start``'s month on."""
    year, month = start.year, start.month
    while True:
        if (month - first_month) % every == 0:
            yield year, month
        month += 1
        if month > 12:
            year, month = year + 1, 1


def cadence_dates(cadence, start, end=None, count=None):
    """The cadence's meeting days on or after ``start``: up to ``end`` inclusive, or the first ``count``."""
    if end is None and count is None:
        raise ValueError("Give an end date or a count.")
    dates = []
    for year, month in _months(start, cadence.every_months, cadence.first_month):
        day = meeting_day(year, month, cadence.weekday, cadence.week)
        if end is not None and (year, month) > (end.year, end.month):
            break
        if day < start or (end is not None and day > end):
            continue
        dates.append(day)
        if count is not None and len(dates) >= count:
            break
    return dates


def review_months(body):
    """How many months a body's risk review spans (PID s4.4): 1 for a monthly (or continual) cycle."""
    days = REVIEW_CYCLE_DAYS[ReviewCycle(body.risk_review_cycle)]
    return max(1, round(days / 30.4))


def is_risk_review(body, cadence, day):
    """A meeting reviews risk when it is the first of the cadence's meetings in its review period: for a
    quarterly cycle, the first meeting in each quarter (January, April, July, October)."""
    span = review_months(body)
    if span <= 1:
        return True
    block_start = ((day.month - 1) // span) * span + 1
    first_in_block = next((
        month for month in range(block_start, block_start + span)
        if (month - cadence.first_month) % cadence.every_months == 0
    ), day.month)
    return day.month == first_in_block


def generate_meetings(body, start=None, count=None, end=None):
    """Schedule the body's meetings from its cadence: the next ``count`` (default the tenant's
    ``meetings_ahead``) from ``start`` (default today), or all up to ``end``. Returns the new meetings.
    Idempotent: a cadence month that already has a meeting of the body (in any status) is left alone."""
    cadence = cadence_for(body)
    if cadence is None or not cadence.active:
        return []
    start = start or timezone.localdate()
    if end is None and count is None:
        count = MeetingSettings.for_tenant(body.tenant_id).meetings_ahead
    days = cadence_dates(cadence, start, end=end, count=count)
    if not days:
        return []
    taken = {(day.year, day.month) for day in Meeting.all_tenants.filter(
        body=body, date__gte=days[0].replace(day=1)).values_list("date", flat=True)}
    created = []
    with transaction.atomic():
        for day in days:
            if (day.year, day.month) in taken:
                continue
            meeting = Meeting.all_tenants.create(
                tenant_id=body.tenant_id, body=body, date=day, time=cadence.time, location=cadence.location,
                in_public=cadence.in_public, risk_review=is_risk_review(body, cadence, day),
            )
            build_agenda(meeting)
            created.append(meeting)
    return created


def generate_all(tenant, start=None):
    """Every body's next meetings in ``tenant`` (for the schedule and the calendar's button)."""
    created = []
    for body in Body.all_tenants.filter(tenant=tenant).order_by("pk"):
        created += generate_meetings(body, start=start)
    return created


# Agenda --------------------------------------------------------------------------------------------------

def standing_items(meeting):
    kind = meeting.body.kind
    middle = STANDING if kind in BOARD_KINDS else GROUP_STANDING if kind == BodyKind.IMPLEMENTATION_GROUP else []
    rows = [(AgendaSection.OPENING, *item) for item in OPENING]
    rows += [(AgendaSection.STANDING, *item) for item in middle]
    rows += [(AgendaSection.CLOSING, *item) for item in CLOSING]
    return rows


def build_agenda(meeting):
    """Add the missing standing items, then (for the body's next meeting) the papers awaiting its decision.
    Idempotent; items people added or edited are left as they are."""
    present = set(meeting.agenda_items.exclude(standing_key="").values_list("standing_key", flat=True))
    for position, (section, key, title, purpose) in enumerate(standing_items(meeting)):
        if key in present:
            continue
        if key == "risk_management" and meeting.risk_review:
            title += RISK_REVIEW_SUFFIX
        AgendaItem.all_tenants.create(
            tenant_id=meeting.tenant_id, meeting=meeting, section=section, position=position, title=title,
            purpose=purpose, standing_key=key, automatic=True,
        )
    if is_next_meeting(meeting):
        add_papers(meeting)
    return list(meeting.agenda_items.all())


def next_meeting(body, today=None):
    """The body's next scheduled meeting on or after today, or None."""
    today = today or timezone.localdate()
    return (Meeting.all_tenants.filter(body=body, status=MeetingStatus.SCHEDULED, date__gte=today)
            .order_by("date").first())


def is_next_meeting(meeting, today=None):
    following = next_meeting(meeting.body, today)
    return following is not None and following.pk == meeting.pk


def add_papers(meeting):
    """Put every paper awaiting the body on the agenda, and take off the automatic ones no longer awaiting it
    (decided elsewhere, withdrawn). Returns the papers."""
    papers = registry.papers_for(meeting.body)
    wanted = {}
    for paper in papers:
        wanted[(ContentType.objects.get_for_model(paper.obj).pk, paper.obj.pk)] = paper
    existing = {(item.paper_type_id, item.paper_id): item
                for item in meeting.agenda_items.filter(paper_id__isnull=False)}
    for key, item in existing.items():
        if key not in wanted and item.automatic:
            item.delete()
    position = len(existing)
    for key, paper in wanted.items():
        if key in existing:
            continue
        position += 1
        AgendaItem.all_tenants.create(
            tenant_id=meeting.tenant_id, meeting=meeting, section=AgendaSection.DECISION, position=position,
            title=paper.heading[:300], purpose=Purpose.DECISION, description=paper.ask, paper_type_id=key[0],
            paper_id=key[1], paper_ref=paper.ref[:30], paper_source=paper.source, link=paper.link[:300],
            automatic=True,
        )
    return papers


def numbered_agenda(meeting):
    """(number, item) in agenda order."""
    return list(enumerate(meeting.agenda_items.all().order_by("section", "position", "pk"), start=1))


def previous_meeting(meeting):
    """The body's last meeting held before this one."""
    return (Meeting.all_tenants.filter(body_id=meeting.body_id, status=MeetingStatus.HELD, date__lt=meeting.date)
            .order_by("-date").first())


# Status and logs ------------------------------------------------------------------------------------------

def set_status(meeting, user, status):
    """Record the meeting as held or cancelled, or return it to scheduled (``workflows.MEETING``). A meeting cannot
    be held before its date; setting a scheduled meeting scheduled changes nothing."""
    step = workflows.STATUS_STEPS.get(status)
    if step is None:
        require_manage(user, meeting)  # a refusal comes before the input is judged
        raise ValidationError({"status": f"Use one of {', '.join(MeetingStatus.values)}."})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if status == meeting.status == MeetingStatus.SCHEDULED:
            require_manage(user, meeting)
        else:
            MEETING.check(user, meeting, step)
        if status == MeetingStatus.HELD and meeting.date > timezone.localdate():
            raise WrongState("A meeting cannot be recorded as held before its date.")
        meeting.status = status
        meeting._history_user = user
        meeting.save()
        return meeting


def record_decision(meeting, user, text, agenda_item=None):
    """Log a decision of the meeting (the browser's form and ``POST meetings/<id>/decisions/``)."""
    require_manage(user, meeting)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Write the decision."]})
    MEETING.check(user, Meeting.all_tenants.get(pk=meeting.pk), "record_decision")
    decision = MeetingDecision(meeting=meeting, agenda_item=agenda_item, text=text, recorded_by=user)
    decision.full_clean(exclude=["tenant"])
    decision._history_user = user
    decision.save()
    decisions.announce(decision, meeting.body, user)
    return decision


def record_action(meeting, user, description, owner=None, owner_name="", due_date=None, agenda_item=None):
    """Log an action the meeting gives someone: a portal user (``owner``) or a named person (``owner_name``).
    For the browser's form and ``POST meetings/<id>/actions/``."""
    require_manage(user, meeting)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": ["Describe the action."]})
    if owner is None and not (owner_name or "").strip():
        raise ValidationError({"owner": ["Choose who owns the action, or write their name."]})
    MEETING.check(user, Meeting.all_tenants.get(pk=meeting.pk), "record_action")
    action = MeetingAction(meeting=meeting, agenda_item=agenda_item, description=description, owner=owner,
                           owner_name=(owner_name or "").strip(), due_date=due_date, recorded_by=user)
    action.full_clean(exclude=["tenant"])
    action._history_user = user
    action.save()
    return action


def set_action_status(action, user, status):
    """Mark an action open, done or cancelled (done stamps ``completed_on``)."""
    require_manage(user, action.meeting)
    if status not in ActionStatus.values:
        raise ValidationError({"status": [f"Use one of {', '.join(ActionStatus.values)}."]})
    action.status = status
    action._history_user = user
    action.save()
    return action


def open_actions(body, before):
    """The body's actions still open from meetings before ``before`` (the actions log the next pack carries)."""
    return (MeetingAction.all_tenants.filter(meeting__body=body, meeting__date__lt=before, status=ActionStatus.OPEN)
            .select_related("owner", "meeting").order_by("due_date", "pk"))
