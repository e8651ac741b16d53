"""Requesting, re-rendering and publishing board packs (DOMAIN.md s8; RACI ``publish_board_pack``: A the
Programme Director, R the PMO).

A request answers at once: the pack row is created ``queued`` and the render task is sent to the broker only
when the transaction commits. If the broker cannot be reached the pack stays ``queued``, flagged ``delayed``
with a note the page shows, and the schedule sends it again later (``requeue_stale``).
"""

import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core import notifications
from core.exceptions import WrongState
from core.models import User
from meetings.choices import IN_FLIGHT, PackStatus
from meetings.models import BoardPack, Meeting
from meetings.models.packs import BODY_MEMBER_ROLES, PROGRAMME_READERS
from meetings.workflows import MEETING, PACK

logger = logging.getLogger(__name__)

DELAYED_NOTE = ("Rendering is delayed: the task queue cannot be reached just now. The pack will be rendered "
                "automatically as soon as it is back.")
# Publishing to a broker that is down must not hold the request: one quick retry, then give up.
QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
BROKER_ERRORS = (BrokerError, ConnectionError, TimeoutError)


def enqueue(pack_id):
    """Send the render task; on a broker error keep the pack queued with the delayed note. True when sent."""
    from meetings.packs.tasks import render_board_pack

    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.QUEUED).update(queued_at=timezone.now())
    try:
        render_board_pack.apply_async(args=[pack_id], retry=True, retry_policy=QUICK_RETRY)
    except BROKER_ERRORS as exc:
        logger.warning("Board pack %s could not be queued (%s); the schedule will retry.", pack_id, exc)
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
    from django.urls import reverse

    meeting = pack.meeting
    notifications.notify(
        [reader for reader in readers(pack) if reader.pk != user.pk],
        f"Board pack published: {meeting}",
        f"Version {pack.version} of the pack for the {meeting.body} on {meeting.date:%d %B %Y} is published "
        f"({pack.pages or '?'} pages).",
        link=reverse("meetings:detail", args=[meeting.pk]), obj=pack, kind="packs.published",
    )


def requeue_stale(minutes=None, now=None):
    """Send again the packs still queued after ``minutes`` (the broker was down, or the message was lost), and
    those stuck rendering past ``BOARD_PACK_STUCK_MINUTES`` with no broker redelivery. Returns how many were sent.
    A pack is sent at most once per run and its ``queued_at`` moves on, so a second run sends nothing new."""
    now = now or timezone.now()
    minutes = settings.BOARD_PACK_REQUEUE_MINUTES if minutes is None else minutes
    queued_before = now - datetime.timedelta(minutes=minutes)
    stuck_before = now - datetime.timedelta(minutes=settings.BOARD_PACK_STUCK_MINUTES)
    stale = BoardPack.all_tenants.filter(
        Q(status=PackStatus.QUEUED) & (Q(queued_at__lt=queued_before) | Q(queued_at__isnull=True,
                                                                           requested_at__lt=queued_before))
        | Q(status=PackStatus.RENDERING, started_at__lt=stuck_before, queued_at__lt=stuck_before)
    ).values_list("pk", flat=True)
    sent = 0
    for pack_id in list(stale):
        if BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.RENDERING).exists():
            BoardPack.all_tenants.filter(pk=pack_id).update(queued_at=now)
            _send_again(pack_id)
            sent += 1
        elif enqueue(pack_id):
            sent += 1
    return sent


def _send_again(pack_id):
    from meetings.packs.tasks import render_board_pack

    try:
        render_board_pack.apply_async(args=[pack_id], retry=True, retry_policy=QUICK_RETRY)
    except BROKER_ERRORS as exc:
        logger.warning("Board pack %s could not be sent again (%s).", pack_id, exc)
