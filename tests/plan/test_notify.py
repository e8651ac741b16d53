"""Owners are told when the plan slips (plan.notify, hooked into services.update_item): the moved item's owner when
its forecast moves past its baseline, the owner of each item the move newly flags (with the chain), and the
workstream's leads of a change request the slip beyond tolerance raised; never the mover, never twice; emails after
commit with one-line subjects."""

import datetime

import pytest
from django.core import mail

from change_control.models import ChangeRequest
from core.exceptions import PermissionRefused
from core.models import EmailMode, Notification, NotificationPreference
from plan import notify, services
from plan.choices import ItemKind, Level
from plan.models import PlanItem

pytestmark = pytest.mark.django_db


def told(kind, obj=None):
    rows = Notification.objects.filter(kind=kind)
    if obj is not None:
        rows = rows.filter(target_id=obj.pk)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def baselined(make_item, persona):
    """An item owned by ``owner``, re-baselined at its forecast by the PMO."""

    def make(title="Go live", owner="pm.poa.llr", **values):
        item = make_item(title, owner=persona(owner), **values)
        return services.rebaseline_item(item, persona("pmo.llr"))

    return make


def move(item, user, days):
    return services.update_item(item, user, forecast_date=item.forecast_date + datetime.timedelta(days=days))


def test_the_owner_is_told_when_the_forecast_slips_past_the_baseline(baselined, persona):
    item = baselined()
    move(item, persona("pmo.llr"), 10)
    assert told(notify.SLIPPED, item) == ["pm.poa.llr"]
    note = Notification.objects.get(kind=notify.SLIPPED, target_id=item.pk)
    assert note.subject == f"{item.ref} slipped past its baseline: Go live"
    assert note.link == f"/plan/{item.pk}/" and "10 days after its baseline" in note.body


def test_no_one_is_told_of_a_move_within_the_baseline_or_of_their_own(baselined, persona):
    item = baselined()
    move(item, persona("pmo.llr"), -5)  # earlier than the baseline
    mine = baselined("Mine", owner="pmo.llr")
    move(mine, persona("pmo.llr"), 10)
    assert told(notify.SLIPPED) == []


def test_the_owner_of_an_item_the_move_newly_flags_is_told_with_the_chain(make_item, persona, today):
    pmo = persona("pmo.llr")
    first = make_item("Procure the system", weeks=4, owner=pmo)
    second = make_item("Train the staff", kind=ItemKind.DELIVERABLE, owner=persona("director.llr"),
                       start_date=first.forecast_date + datetime.timedelta(days=1),
                       forecast_date=first.forecast_date + datetime.timedelta(weeks=3))
    services.add_dependency(pmo, first, second)
    move(first, pmo, 7)
    assert told(notify.PUSHED, second) == ["director.llr"]
    note = Notification.objects.get(kind=notify.PUSHED, target_id=second.pk)
    assert note.subject == f"{second.ref} is pushed by {first.ref}: Train the staff"
    assert f"The chain: {first.ref} → {second.ref}" in note.body and note.link == f"/plan/{second.pk}/"
    move(PlanItem.objects.get(pk=first.pk), pmo, 7)  # already flagged: not told again
    assert told(notify.PUSHED, second) == ["director.llr"]


def test_the_workstream_lead_hears_of_the_change_request_a_slip_beyond_tolerance_raises(
        baselined, persona, urgent_care):
    item = baselined("New front door", owner="director.llr", kind=ItemKind.STEP_CHANGE, level=Level.WORKSTREAM,
                     workstream=urgent_care)
    move(item, persona("pmo.llr"), 1)  # any slip of a step-change is beyond tolerance
    request = ChangeRequest.objects.get(pk=PlanItem.objects.get(pk=item.pk).change_request_id)
    assert told(notify.CHANGE_PROPOSED, request) == ["lead.urgentcare.llr"]
    assert Notification.objects.filter(target_id=request.pk, recipient__username="lead.urgentcare.llr",
                                       target_type__model="changerequest").count() == 1
    assert f"{request.ref} was raised" in Notification.objects.get(kind=notify.SLIPPED, target_id=item.pk).body


def test_the_lead_who_owns_the_item_is_told_once(baselined, persona, urgent_care):
    item = baselined("New front door", owner="lead.urgentcare.llr", kind=ItemKind.STEP_CHANGE,
                     level=Level.WORKSTREAM, workstream=urgent_care)
    move(item, persona("pmo.llr"), 1)
    assert told(notify.SLIPPED, item) == ["lead.urgentcare.llr"]
    assert told(notify.CHANGE_PROPOSED) == []


def test_the_email_goes_after_commit_on_one_line(baselined, persona, django_capture_on_commit_callbacks):
    item = baselined("Go live\r\nBcc: someone@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(item, persona("pmo.llr"), 10)
    sent = [message for message in mail.outbox if message.to == [persona("pm.poa.llr").email]]
    assert len(sent) == 1 and "\n" not in sent[0].subject and "\r" not in sent[0].subject
    assert "Go live Bcc: someone@example.com" in sent[0].subject
    assert "\n" not in Notification.objects.get(kind=notify.SLIPPED, target_id=item.pk).subject


def test_an_owner_who_chose_no_email_finds_it_in_the_inbox_only(baselined, persona, django_capture_on_commit_callbacks):
    item = baselined()
    NotificationPreference.objects.create(user=persona("pm.poa.llr"), email_mode=EmailMode.NONE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(item, persona("pmo.llr"), 10)
    assert told(notify.SLIPPED, item) == ["pm.poa.llr"]
    assert [message for message in mail.outbox if message.to == [persona("pm.poa.llr").email]] == []


def test_a_refused_move_tells_no_one(baselined, persona):
    item = baselined()
    with pytest.raises(PermissionRefused):
        move(item, persona("lead.urgentcare.llr"), 10)  # a programme item is not the lead's to move
    assert told(notify.SLIPPED) == []
