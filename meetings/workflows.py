"""The workflows of meetings and board packs as tables (``core.workflow``): the services' one guard, the pages'
buttons and the tests all read them.

``MEETING``: a scheduled meeting is held or cancelled, and either returns to scheduled; a meeting not cancelled
records decisions and actions and has a board pack prepared (a new version each time, unless one is queued or
rendering: that is how a pack is regenerated).

``PACK``: a version still queued, failed or stuck rendering is rendered again; a ready one is published, after
which it is final. Its state is ``published`` once published, and ``stuck`` while rendering with a heartbeat
older than ``PACK_HEARTBEAT_STALE_SECONDS`` (the renderer beats at each step, so its worker was lost).

A step the state forbids is refused (409) in the sentence the step has always given (``WRONG_STATE``).
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.workflow import Transition, Workflow
from meetings.choices import MeetingStatus, PackStatus
from meetings.permissions import MANAGE_PERM, PUBLISH_PACK, REQUEST_PACK

SCHEDULED, HELD, CANCELLED = MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.CANCELLED
NOT_CANCELLED = (SCHEDULED, HELD)

MEETING = Workflow("status", [
    Transition("hold", "Record as held", (SCHEDULED,), HELD, MANAGE_PERM, verb="record as held"),
    Transition("cancel", "Cancel this meeting", (SCHEDULED,), CANCELLED, MANAGE_PERM, verb="cancel"),
    Transition("reschedule", "Return to scheduled", (HELD, CANCELLED), SCHEDULED, MANAGE_PERM,
               verb="return to scheduled"),
    Transition("record_decision", "Record a decision", NOT_CANCELLED, None, MANAGE_PERM, verb="record a decision"),
    Transition("record_action", "Record an action", NOT_CANCELLED, None, MANAGE_PERM, verb="record an action"),
    Transition("request_pack", "Prepare the pack", NOT_CANCELLED, None, REQUEST_PACK, verb="prepare the pack"),
])

# A meeting's status as set by ``meetings.services.set_status``: the step that reaches it.
STATUS_STEPS = {HELD: "hold", CANCELLED: "cancel", SCHEDULED: "reschedule"}

PUBLISHED, STUCK = "published", "stuck"


def stale_before(now=None):
    """A render whose last heartbeat (or start, before its first) is older than this has lost its worker."""
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.PACK_HEARTBEAT_STALE_SECONDS)


def is_stuck(pack, now=None):
    """No heartbeat for ``PACK_HEARTBEAT_STALE_SECONDS`` (or never started): the worker rendering it died."""
    last = pack.heartbeat_at or pack.started_at
    return last is None or last < stale_before(now)


def stuck_q(now=None):
    """``is_stuck`` as a filter, for the schedule's requeue (``status`` rendering is the caller's)."""
    before = stale_before(now)
    return Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True) & (
        Q(started_at__isnull=True) | Q(started_at__lt=before))


def pack_state(pack):
    if pack.published:
        return PUBLISHED
    if pack.status == PackStatus.RENDERING and is_stuck(pack):
        return STUCK
    return pack.status


PACK = Workflow("status", [
    Transition("render", "Try again", (PackStatus.QUEUED, PackStatus.FAILED, STUCK), PackStatus.QUEUED, REQUEST_PACK,
               verb="render again"),
    Transition("publish", "Publish", (PackStatus.READY,), PUBLISHED, PUBLISH_PACK, verb="publish"),
], state=pack_state)


def _already(meeting):
    return f"This meeting is already {meeting.get_status_display().lower()}."


def _render_refusal(pack):
    if pack.published:
        return "This pack is published and cannot be rendered again; request a new version."
    if pack.status == PackStatus.READY:
        return "This pack is ready; request a new version to render it again."
    return "This pack is being rendered now."


def _publish_refusal(pack):
    if pack.published:
        return "This pack is already published."
    return f"Only a ready pack can be published; this one is {pack.get_status_display().lower()}."


WRONG_STATE = {
    (MEETING, "hold"): _already,
    (MEETING, "cancel"): _already,
    (MEETING, "record_decision"): lambda meeting: "A cancelled meeting decides nothing.",
    (MEETING, "record_action"): lambda meeting: "A cancelled meeting gives no actions.",
    (MEETING, "request_pack"): lambda meeting: "This meeting was cancelled: it has no pack.",
    (PACK, "render"): _render_refusal,
    (PACK, "publish"): _publish_refusal,
}


def allowed(workflow, user, obj):
    """The names of the steps ``user`` may take on ``obj`` now: what a page's buttons ask."""
    return {transition.name for transition in workflow.available(user, obj)}


def _refused(workflow):
    """The table's ``refused`` hook: a step's own sentence from ``WRONG_STATE``, else the kernel's."""
    def words(obj, transition):
        found = WRONG_STATE.get((workflow, transition.name))
        return found(obj) if found is not None else None
    return words


for _workflow in {workflow for workflow, _ in WRONG_STATE}:
    _workflow.refused = _refused(_workflow)
