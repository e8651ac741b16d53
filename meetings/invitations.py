"""Meeting invitations: an .ics (iTIP, RFC 5546) emailed to a body's members when the meeting's pack is published,
so the meeting lands in their Outlook (or any) calendar with its agenda and the pack's link (issue 22; README
"Connecting to your organisation").

- **When**: publishing a pack (``meetings.packs.services.publish``) sends METHOD:REQUEST to the pack's readers (the
  body's members and the programme readers, ``packs.services.readers``); a later version's publication sends the
  update with its link. Changing the meeting's date, time or place afterwards sends an update; cancelling it sends
  METHOD:CANCEL to everyone invited. Each is one more ``SEQUENCE``, and the UID is the calendar feeds'
  (``meeting-<id>@<partnership>.bct-portal``), so calendars move or strike the one event instead of adding one.
- **How**: ``MeetingInvitation`` records the sequence, what was said and to whom; the emails go after the commit
  through the thin task ``meetings.tasks.send_meeting_invitations`` (``core.dispatch``), one per person with only
  their own ATTENDEE (no one sees who else was invited), built by ``core.notifications.email`` and
  ``core.calendars.invitation``. A task whose sequence is no longer the latest does nothing (a newer one goes).
- **Who is not emailed**: people without an email address, inactive or no longer members, and those whose
  notification preference is "Do not email me". A daily-digest reader is emailed at once: an invitation in a
  digest is no use.
"""

import dataclasses
import logging
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone

from core import calendars, dispatch, notifications
from core.models import EmailMode, User
from meetings.calendar import meeting_event
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingInvitation

logger = logging.getLogger(__name__)

REQUEST, CANCEL = "REQUEST", "CANCEL"


def state_of(meeting):
    """What an invitation says of the meeting that, changed, calls for an update."""
    return f"{meeting.date}|{meeting.time or ''}|{meeting.location}|{meeting.status}"[:300]


def invite(pack, readers):
    """On publishing ``pack``: invite ``readers`` (users) to its meeting, or send them the update (call inside the
    publishing transaction). Returns the invitation."""
    meeting = pack.meeting
    invitation = MeetingInvitation.objects.select_for_update().filter(meeting=meeting).first()
    if invitation is None:
        invitation = MeetingInvitation(meeting=meeting)
    else:
        invitation.sequence += 1
    invitation.recipients = sorted(set(invitation.recipients) | {user.pk for user in readers})
    invitation.pack_version = pack.version
    return _send(invitation, meeting, CANCEL if meeting.status == MeetingStatus.CANCELLED else REQUEST)


def meeting_saved(sender, instance, created=False, raw=False, **kwargs):
    """``post_save`` of ``Meeting``: a meeting already invited to whose date, time, place or status changed gets an
    update (a cancellation if cancelled)."""
    if created or raw:
        return
    invitation = MeetingInvitation.all_tenants.filter(meeting_id=instance.pk).first()
    if invitation is None or invitation.state == state_of(instance):
        return
    invitation.sequence += 1
    _send(invitation, instance, CANCEL if instance.status == MeetingStatus.CANCELLED else REQUEST)


def _send(invitation, meeting, method):
    invitation.state = state_of(meeting)
    invitation.sent_at = timezone.now()
    invitation.save()
    from meetings.tasks import send_meeting_invitations

    dispatch.enqueue_on_commit(send_meeting_invitations, invitation.pk, method, invitation.sequence)
    return invitation


# Email -----------------------------------------------------------------------------------------------------

def _absolute(path):
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def _organizer(tenant):
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return tenant.name or name, address


def _subject(meeting, method, sequence):
    when = f"{meeting.body.name}, {meeting.date:%d %B %Y}"
    if method == CANCEL:
        return f"Cancelled: {when}"
    return f"{'Updated invitation' if sequence else 'Invitation'}: {when}"


def _pack_link(meeting):
    """The latest published pack's PDF, as a full URL, or ""."""
    from meetings.models import BoardPack

    pack = BoardPack.objects.filter(meeting=meeting, published=True).order_by("-version").first()
    return (pack.version, _absolute(reverse("meetings:pack-pdf", args=[pack.pk]))) if pack is not None else None


def _text(meeting, method, pack):
    from meetings.services import numbered_agenda

    lines = [f"{meeting.body.name}: {meeting.date:%A %d %B %Y}"
             f"{f' at {meeting.time:%H:%M}' if meeting.time else ''}"
             f"{f', {meeting.location}' if meeting.location else ''}."]
    if method == CANCEL:
        lines.append("\nThis meeting is cancelled. Your calendar removes it when you open the attached invitation.")
        return "\n".join(lines)
    agenda = numbered_agenda(meeting)
    if agenda:
        lines.append("\nAgenda:")
        lines += [f"{number}. {item.title}" for number, item in agenda]
    if pack is not None:
        lines.append(f"\nThe board pack (version {pack[0]}): {pack[1]}")
    lines.append(f"The meeting's page: {_absolute(reverse('meetings:detail', args=[meeting.pk]))}")
    lines.append("\nOpen the attached invitation to add the meeting to your calendar; later changes update it.")
    return "\n".join(lines)


def _people(invitation):
    tenant_id = invitation.tenant_id
    users = User.objects.filter(pk__in=invitation.recipients, is_active=True, memberships__tenant_id=tenant_id)
    users = [user for user in users.distinct().order_by("pk") if user.email]
    modes = notifications.email_modes(invitation.tenant, [user.pk for user in users])
    return [user for user in users if modes[user.pk] != EmailMode.NONE]


def send(invitation_id, method, sequence):
    """Email the invitation (``method`` REQUEST or CANCEL, at ``sequence``) to each of its recipients. Does nothing
    when a newer one has been made since (it goes instead). Returns how many were sent; one that fails is logged and
    the others still go."""
    invitation = (MeetingInvitation.all_tenants.select_related("meeting__body", "tenant")
                  .filter(pk=invitation_id).first())
    if invitation is None or invitation.sequence != sequence:
        return 0
    meeting, tenant = invitation.meeting, invitation.tenant
    event = meeting_event(Meeting.all_tenants.prefetch_related("agenda_items").get(pk=meeting.pk))
    pack = _pack_link(meeting)
    if pack is not None and method == REQUEST:
        event = dataclasses.replace(event, description=f"{event.description}\nBoard pack (version {pack[0]}): "
                                                       f"{pack[1]}")
    subject = f"[{tenant.short_name or tenant.name}] {_subject(meeting, method, sequence)}"
    text = _text(meeting, method, pack)
    sent = 0
    with get_connection() as connection:
        for user in _people(invitation):
            ics = calendars.invitation(event, tenant=tenant, base_url=settings.PORTAL_BASE_URL, method=method,
                                       sequence=sequence, organizer=_organizer(tenant),
                                       attendee=(user.get_full_name(), user.email))
            message = notifications.email(subject, text, [user.email], connection)
            message.attach(_attachment(ics, method))
            try:
                message.send()
            except Exception:  # noqa: BLE001 - one person's failure never stops the others'
                logger.exception("The invitation to meeting %s for user %s failed.", meeting.pk, user.pk)
                continue
            sent += 1
    return sent


def _attachment(ics, method):
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part
