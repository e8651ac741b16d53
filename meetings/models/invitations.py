"""A meeting's invitation: what was last sent to people's calendars (``meetings.invitations``)."""

from django.db import models

from core.models.base import TenantModel


class MeetingInvitation(TenantModel):
    """The invitation (an .ics with METHOD:REQUEST, the same UID as the calendar feeds) emailed for a meeting once
    its pack is published. ``sequence`` counts its versions (RFC 5546: each update or the cancellation is one
    more), ``state`` is what the last one said of the meeting's date, time, place and status, so a change sends an
    update, and ``recipients`` the users it went to (a cancellation goes to them all)."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="invitation")
    sequence = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=300, blank=True)
    recipients = models.JSONField(default=list, blank=True, help_text="Ids of the users invited.")
    pack_version = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting"]

    def __str__(self):
        return f"Invitation to {self.meeting} (sequence {self.sequence})"
