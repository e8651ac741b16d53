"""The actions log across meetings as a download (.xlsx and CSV through ``core.exports``).

``/meetings/actions/export/?format=xlsx|csv`` takes the API's action filters (``meeting``, ``body``, ``status``,
``owner``, ``due_before``); the calendar links it for the body shown. An action belongs to a meeting of a body,
which sits above projects and workstreams, so its rows name the body and the agenda item instead.
"""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from core.exports import Column, describe_filters, export_response, user_name
from meetings.filtersets import MeetingActionFilterSet
from meetings.models import MeetingAction

COLUMNS = [
    Column("Meeting", lambda a: f"{a.meeting.body.name}, {a.meeting.date:%d/%m/%Y}", 36),
    Column("Meeting date", lambda a: a.meeting.date, 12), Column("Body", lambda a: a.meeting.body.name, 30),
    Column("Agenda item", lambda a: a.agenda_item.title if a.agenda_item_id else "", 30, wrap=True),
    Column("Action", lambda a: a.description, 50, wrap=True),
    Column("Owner", lambda a: user_name(a.owner, a.owner_name), 22), Column("Due", lambda a: a.due_date, 12),
    Column("Status", lambda a: a.get_status_display(), 12), Column("Completed on", lambda a: a.completed_on, 12),
]


@login_required
@require_safe
def actions(request):
    queryset = MeetingAction.objects.select_related("meeting__body", "agenda_item", "owner").order_by(
        "meeting__date", "due_date", "pk")
    filterset = MeetingActionFilterSet(request.GET, queryset=queryset, request=request)
    return export_response(request, "meeting-actions", "Meeting actions", COLUMNS, filterset.qs,
                           describe_filters(filterset))
