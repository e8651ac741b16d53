"""Background jobs of meetings and board packs. Celery's autodiscovery reads each app's ``tasks`` module: the
pack tasks live with the packs (``meetings/packs/tasks.py``) and are registered from here."""

from celery import shared_task

from meetings.packs.tasks import *  # noqa: F401,F403


@shared_task
def send_meeting_invitations(invitation_id, method, sequence):
    """Email a meeting's invitation, update or cancellation (``meetings.invitations``); a superseded one does
    nothing. Returns how many were sent."""
    from meetings import invitations

    return invitations.send(invitation_id, method, sequence)
