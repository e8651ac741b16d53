"""Meeting invitations (meetings.invitations; README "Connecting to your organisation"): publishing a pack emails
each reader an .ics with METHOD:REQUEST, the feed's UID and the agenda and pack link; a change of place sends the
update (SEQUENCE one more), a cancellation METHOD:CANCEL; and the outgoing webhooks hear of the publication."""

import json

import icalendar
import pytest
from django.core import mail

from core.models import EmailMode, NotificationPreference, WebhookDelivery
from meetings.calendar import meeting_event
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingInvitation
from meetings.packs import services
from programme.choices import BodyKind

pytestmark = pytest.mark.django_db


def invitations_in(outbox):
    """{recipient: (email, calendar)} of the emails carrying an invitation."""
    found = {}
    for message in outbox:
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                assert part.get_filename() == "invitation.ics"
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                assert part.get_param("method") == str(calendar["METHOD"])
                found[message.to[0]] = (message, calendar)
    return found


@pytest.fixture
def published(next_meeting, stored, persona, django_capture_on_commit_callbacks):
    meeting = next_meeting(BodyKind.DELIVERY_BOARD)
    pmo = persona("pmo.llr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.publish(stored(meeting), pmo)
    return pack, pmo


def test_publishing_invites_each_reader_with_the_feeds_uid_the_agenda_and_the_pack(published):
    pack, pmo = published
    meeting = pack.meeting
    readers = {user.email for user in services.readers(pack) if user.email}
    sent = invitations_in(mail.outbox)
    assert set(sent) == readers and len(readers) > 1
    for address, (message, calendar) in sent.items():
        assert str(calendar["METHOD"]) == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"meeting-{meeting.pk}@llr.bct-portal"
        assert int(event["SEQUENCE"]) == 0
        attendees = event.get("ATTENDEE")
        assert str(attendees) == f"mailto:{address}"  # only the person's own address: no list of the others
        assert str(event["ORGANIZER"]).startswith("mailto:")
        assert message.subject.startswith("[") and "Invitation: Delivery Board" in message.subject
        assert f"/meetings/packs/{pack.pk}/pdf/" in message.body
        first_item = meeting.agenda_items.order_by("section", "position", "pk").first()
        assert f"1. {first_item.title}" in message.body
        assert first_item.title in str(event["DESCRIPTION"])
        assert f"/meetings/packs/{pack.pk}/pdf/" in str(event["DESCRIPTION"])
    assert MeetingInvitation.objects.get(meeting=meeting).sequence == 0


def test_a_change_of_place_sends_the_update_and_a_cancellation_cancels(published,
                                                                      django_capture_on_commit_callbacks):
    pack, _ = published
    meeting = pack.meeting
    invited = set(invitations_in(mail.outbox))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.notes = "Apologies from two members."  # not in the invitation: nothing is sent
        meeting.save()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting.location = "Room 2, County Hall"
        meeting.save()
    updates = invitations_in(mail.outbox)
    assert set(updates) == invited
    message, calendar = next(iter(updates.values()))
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), int(event["SEQUENCE"]), str(event["LOCATION"])) == (
        "REQUEST", 1, "Room 2, County Hall")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@llr.bct-portal"
    assert "Updated invitation" in message.subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.status = MeetingStatus.CANCELLED
        meeting.save()
    cancels = invitations_in(mail.outbox)
    assert set(cancels) == invited
    message, calendar = next(iter(cancels.values()))
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), int(event["SEQUENCE"]), str(event["STATUS"])) == ("CANCEL", 2, "CANCELLED")
    assert message.subject.endswith(f"Cancelled: Delivery Board, {meeting.date:%d %B %Y}")
    assert meeting_event(Meeting.objects.get(pk=meeting.pk)).sequence == 2  # the feed says the same


def test_a_reader_who_wants_no_email_is_not_invited(next_meeting, stored, persona,
                                                    django_capture_on_commit_callbacks):
    meeting = next_meeting(BodyKind.DELIVERY_BOARD)
    pack = stored(meeting)
    quiet = next(user for user in services.readers(pack) if user.email and user.username != "pmo.llr")
    NotificationPreference.objects.create(user=quiet, email_mode=EmailMode.NONE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(pack, persona("pmo.llr"))
    sent = invitations_in(mail.outbox)
    assert sent and quiet.email not in sent


def test_a_published_pack_is_posted_to_the_webhooks(next_meeting, stored, persona, endpoint, receiver,
                                                    django_capture_on_commit_callbacks):
    teams = endpoint("teams")
    meeting = next_meeting(BodyKind.DELIVERY_BOARD)
    pack = stored(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(pack, persona("pmo.llr"))
    [(_, _, body)] = receiver.requests
    card = json.loads(body)["attachments"][0]["content"]
    text = json.dumps(card)
    assert f"Board pack published: {meeting.body.name}" in card["body"][0]["text"]
    assert "@" not in text and "pmo.llr" not in text  # names only: no address or username
    assert WebhookDelivery.objects.get(endpoint=teams).key == f"pack-{pack.pk}"
