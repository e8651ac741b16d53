"""Demo meetings (API.md "meetings of each board"): each board's meetings on its cadence for six months either
side of today, the past ones held with the decisions and actions they recorded. Registered as a
``core.demo`` loader at order 90, after every app's registers, so the next meetings' agendas carry all
their papers.

Idempotent: meetings are made at most once per body and month, a past meeting is marked held once, and a
meeting that already has decisions or actions is left as it is.
"""

import datetime

from core import demo
from core.demo_sync import CHANGE_REASON
from core.models import User
from meetings import services as meetings
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingAction, MeetingDecision
from meetings.models.meetings import ActionStatus
from programme.models import Body

WINDOW = datetime.timedelta(days=183)

# body kind -> [(decision, ...)], rotated meeting by meeting.
DECISIONS = {
    "delivery_board": [
        ("Approved the minutes of the previous meeting as a true record.",
         "Noted the Delivery Board Assurance Framework and agreed the residual ratings of its principal risks.",
         "Asked the Urgent Care workstream for a recovery plan for its benefits rated amber."),
        ("Approved the minutes of the previous meeting as a true record.",
         "Accepted the escalation of the workforce capacity risk onto the Delivery Board BAF.",
         "Agreed to hold £120,000 of programme resource for the Integrating LLR Points of Access transition."),
        ("Approved the minutes of the previous meeting as a true record.",
         "Approved in principle the brief for community-based outpatient follow-up in Planned Care.",
         "Noted the benefits realisation report: cashable savings at 91% of plan to date."),
    ],
    "partnership_board": [
        ("Received the Delivery Board's report and the programme dashboard.",
         "Confirmed the assurance ratings on the Partnership Board Assurance Framework."),
        ("Received the Delivery Board's report and the programme dashboard.",
         "Endorsed the approach to formal public consultation on acute services reconfiguration."),
    ],
    "implementation_group": [
        ("Agreed the workstream highlight reports for the Delivery Board.",
         "Reviewed the workstream and project risk registers and agreed the escalations to propose."),
        ("Agreed the workstream highlight reports for the Delivery Board.",
         "Asked the IM&T enabling group to report on the shared care record interdependency."),
    ],
}
# body kind -> [(action, owner username)], rotated like the decisions.
ACTIONS = {
    "delivery_board": [
        ("Circulate the revised Urgent Care benefits profile before the next meeting.", "pmo.llr"),
        ("Bring the end-of-stage assessment timetable for Delivery stage 2.", "director.llr"),
        ("Review the Points of Access recovery plan with the workstream SRO.", "sro.urgentcare.llr"),
    ],
    "partnership_board": [
        ("Publish the consultation timetable on the partners' websites.", "director.llr"),
        ("Report partner organisations' sign-off of the financial plan.", "sro.llr"),
    ],
    "implementation_group": [
        ("Update the Urgent Care workbook risks before the Delivery Board.", "lead.urgentcare.llr"),
        ("Confirm project managers' benefit measurements for the quarter.", "pmo.llr"),
    ],
    # A small partnership's users are few: its PMO owns every action.
    "northshire": [("Refresh the risk register ahead of the quarterly review.", "pmo.north")],
}


def _owner(username):
    return User.objects.filter(username=username).first()


def record_past(meeting, index, today):
    """Mark a past meeting held, with its decisions and actions (once)."""
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting._change_reason = CHANGE_REASON
        meeting.save()
    if meeting.decisions.exists() or meeting.actions.exists():
        return
    options = DECISIONS.get(meeting.body.kind, [("Noted the reports received.",)])
    for text in options[index % len(options)]:
        MeetingDecision(meeting=meeting, text=text).save()
    key = meeting.body.kind if meeting.tenant.slug == "llr" else "northshire"
    actions = ACTIONS.get(key, [])
    if not actions:
        return
    description, username = actions[index % len(actions)]
    due = meeting.date + datetime.timedelta(days=28)
    owner = _owner(username)
    # Older actions are done; the last month's are open, and some overdue, as in a real log.
    status = ActionStatus.DONE if due < today - datetime.timedelta(days=30) else ActionStatus.OPEN
    MeetingAction(meeting=meeting, description=description, owner=owner, owner_name="" if owner else username,
                  due_date=due, status=status).save()


def load(partnership):
    today = demo.today()
    for body in Body.objects.filter(kind__in=list(meetings.DEFAULT_CADENCES)).order_by("pk"):
        meetings.generate_meetings(body, start=today - WINDOW, end=today + WINDOW)
        past = Meeting.objects.filter(body=body, date__lt=today).exclude(status=MeetingStatus.CANCELLED)
        for index, meeting in enumerate(past.select_related("body", "tenant").order_by("date")):
            record_past(meeting, index, today)
        following = meetings.next_meeting(body, today)
        if following is not None:
            meetings.build_agenda(following)


def held_meeting(kind, day):
    """The board of ``kind``'s meeting on ``day``, held (made if missing): where the registers' demos record the
    boards' decisions (``meetings.decisions``) on their papers."""
    body = Body.objects.get(kind=kind)
    meeting, _ = Meeting.objects.get_or_create(
        body=body, date=day, defaults={"status": MeetingStatus.HELD, "in_public": body.meets_in_public})
    return meeting
