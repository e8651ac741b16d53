"""Requesting, re-rendering and publishing board packs (DOMAIN.md s8; RACI ``publish_board_pack``: A the
Programme Director, R the PMO).

A request answers at once: the pack row is created ``queued`` and the render task is sent to the broker only
when the transaction commits (through ``core.dispatch.send``, which never raises). If the broker cannot be
reached the pack stays ``queued``, flagged ``delayed`` with a note the page shows, and the schedule sends it
again later (``requeue_stale``), as it does a render whose heartbeat has stopped (its worker died).
"""

import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from core import dispatch, notifications, signals
from core.exceptions import WrongState
from core.models import Partnership, User
from core.tenancy import tenant_context
from meetings import invitations
from meetings.choices import IN_FLIGHT, PackStatus
from meetings.models import BoardPack, Meeting
from meetings.models.packs import BODY_MEMBER_ROLES, PROGRAMME_READERS
from meetings.workflows import MEETING, PACK, stuck_q

logger = logging.getLogger(__name__)

DELAYED_NOTE = ("Rendering is delayed: the task queue cannot be reached just now. The pack will be rendered "
                "automatically as soon as it is back.")
RESTARTING = "Starting again: the worker rendering it stopped"


def enqueue(pack_id):
    """Send the render task; on a broker error keep the pack queued with the delayed note. True when sent."""
    from meetings.packs.tasks import render_board_pack

    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.QUEUED).update(queued_at=timezone.now())
    if not dispatch.send(render_board_pack, [pack_id]):  # logged there; the schedule sends it again
        BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.QUEUED).update(delayed=True, note=DELAYED_NOTE)
        return False
    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.QUEUED, delayed=True).update(delayed=False, note="")
    return True


def new_version(meeting, user=None):
    """A new queued pack for ``meeting`` (call inside a transaction); its render is sent on commit."""
    # The meeting row is locked so that the schedule and a person asking at once do not both take v2.
    Meeting.all_tenants.select_for_update().filter(pk=meeting.pk).first()
    last = BoardPack.all_tenants.filter(meeting=meeting).aggregate(last=Max("version"))["last"] or 0
    pack = BoardPack(tenant_id=meeting.tenant_id, meeting=meeting, version=last + 1, requested_by=user)
    pack.save()
    # robust: whatever happens while sending (in-process, eager, in development) cannot undo the request.
    transaction.on_commit(partial(enqueue, pack.pk), robust=True)
    return pack


def request_pack(meeting, user):
    """Ask for ``meeting``'s pack: a new version, queued, unless one is already queued or rendering (then that
    one, so a double click renders once). Returns ``(pack, created)``."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING.check(user, meeting, "request_pack")
        in_flight = meeting.packs.filter(status__in=IN_FLIGHT).order_by("-version").first()
        if in_flight is not None:
            return in_flight, False
        return new_version(meeting, user), True


def rerender(pack, user):
    """Render this version again (after a failure, or when it is still waiting). A published pack is final and
    a ready one is replaced by requesting a new version, so both answer 409; so does one rendering now, unless it
    is stuck (``workflows.PACK``)."""
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
        PACK.check(user, pack, "render")
        BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.QUEUED, progress=0, stage="", error="",
                                                    attempts=0)
        transaction.on_commit(partial(enqueue, pack.pk), robust=True)
    pack.refresh_from_db()
    return pack


def file_digest(pack):
    with pack.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def publish(pack, user):
    """Publish a ready pack: it becomes immutable, with the SHA-256 of the stored bytes recorded. The body's
    members are told."""
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().select_related("meeting__body").get(pk=pack.pk)
        PACK.check(user, pack, "publish")
        digest = file_digest(pack)
        if pack.sha256 and digest != pack.sha256:
            raise WrongState("The stored file no longer matches the pack as rendered; render a new version.")
        pack.sha256 = digest
        pack.published = True
        pack.published_at = timezone.now()
        pack.published_by = user
        pack._history_user = user
        pack.save()
        _tell_readers(pack, user)
        invitations.invite(pack, readers(pack))
        signals.board_pack_published.send(sender=BoardPack, pack=pack, user=user,
                                          link=reverse("meetings:detail", args=[pack.meeting_id]))
    return pack


def readers(pack):
    """The people who may read ``pack``: its body's members and the programme readers (DOMAIN.md s8)."""
    roles = set(PROGRAMME_READERS)
    member_role = BODY_MEMBER_ROLES.get(pack.meeting.body.kind)
    if member_role:
        roles.add(member_role)
    return User.objects.filter(
        Q(role_assignments__tenant_id=pack.tenant_id, role_assignments__role__in=roles,
          role_assignments__workstream__isnull=True, role_assignments__project__isnull=True),
        memberships__tenant_id=pack.tenant_id, is_active=True,
    ).distinct()


def _tell_readers(pack, user):
    meeting = pack.meeting
    notifications.notify(
        [reader for reader in readers(pack) if reader.pk != user.pk],
        f"Board pack published: {meeting}",
        f"Version {pack.version} of the pack for the {meeting.body} on {meeting.date:%d %B %Y} is published "
        f"({pack.pages or '?'} pages).",
        link=reverse("meetings:detail", args=[meeting.pk]), obj=pack, kind="packs.published",
    )


def requeue_stale(minutes=None, now=None):
    """Send again, in every partnership, the packs still queued after ``minutes`` (the broker was down, or the
    message was lost) and those rendering whose heartbeat is older than ``PACK_HEARTBEAT_STALE_SECONDS`` (their
    worker died: no waiting an hour for the broker's redelivery). Returns how many were sent. A pack is sent at
    most once per run and its ``queued_at`` (or heartbeat) moves on, so a second run sends nothing new."""
    now = now or timezone.now()
    minutes = settings.BOARD_PACK_REQUEUE_MINUTES if minutes is None else minutes
    queued_before = now - datetime.timedelta(minutes=minutes)
    waiting = Q(status=PackStatus.QUEUED) & (
        Q(queued_at__lt=queued_before) | Q(queued_at__isnull=True, requested_at__lt=queued_before))
    stuck = Q(status=PackStatus.RENDERING) & stuck_q(now)
    sent = 0
    for tenant in Partnership.objects.order_by("pk"):  # each in its partnership (row-level security)
        with tenant_context(tenant):
            for pack_id, status in list(BoardPack.objects.filter(waiting | stuck).values_list("pk", "status")):
                if status == PackStatus.RENDERING:
                    sent += _restart(pack_id, now)
                elif enqueue(pack_id):
                    sent += 1
    return sent


def _restart(pack_id, now):
    """A render whose worker died: shown as starting again and sent to a worker; 1 if sent. Its heartbeat is
    reset, so the next run leaves it to the new worker (or, if this send failed, tries once it is stale again).
    It stays ``rendering``, so a pack that kills every worker is still given up after ``MAX_ATTEMPTS``."""
    from meetings.packs.tasks import render_board_pack

    logger.warning("Board pack %s: its render stopped beating; sending it again.", pack_id)
    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.RENDERING).update(
        queued_at=now, heartbeat_at=now, progress=0, stage=RESTARTING)
    return 1 if dispatch.send(render_board_pack, [pack_id]) else 0
