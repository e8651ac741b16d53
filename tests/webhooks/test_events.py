"""The events the apps announce through core.signals reach the outgoing webhooks (core.webhook_events): a board's
decision, a risk accepted onto a Board Assurance Framework (a restricted one by its reference only) and an overdue
highlight report (posted once however often it is announced). Names only: no addresses or usernames."""

import datetime
import json

import pytest
from django.utils import timezone

from core import signals
from core.models import WebhookDelivery
from core.tenancy import tenant_context
from meetings import services as meetings
from programme.choices import BodyKind
from programme.models import Body
from reporting import pack_sections
from risks.choices import Level
from risks.models import Risk

pytestmark = pytest.mark.django_db


def posted(receiver):
    return [(headers["X-BCT-Event"], json.loads(body)) for _, headers, body in receiver.requests]


def test_a_recorded_decision_is_posted_with_names_only(endpoint, receiver, persona,
                                                       django_capture_on_commit_callbacks):
    endpoint()
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    pmo = persona("pmo.llr")
    with django_capture_on_commit_callbacks(execute=True):
        decision = meetings.record_decision(meeting, pmo, "Approved the RFF.")
    [(event, sent)] = posted(receiver)
    assert event == "decision_recorded" and sent["key"] == f"decision-{decision.pk}"
    assert sent["title"] == f"Decision recorded: {meeting.body.name}"
    assert sent["text"] == "Approved the RFF."
    assert sent["facts"]["Recorded by"] == pmo.get_full_name()
    assert sent["link"].endswith(f"/meetings/{meeting.pk}/")
    assert pmo.email not in json.dumps(sent) and pmo.username not in json.dumps(sent)


def new_risk(restricted=False):
    risk = Risk(title="Workforce shortfall in winter", category="strategic", level=Level.PROGRAMME,
                inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=3,
                restricted=restricted)
    risk.save()
    return risk


def test_a_risk_accepted_onto_a_baf_is_posted(endpoint, receiver, api, llr, django_capture_on_commit_callbacks):
    with tenant_context(llr):
        risk = new_risk()
        endpoint()
    with django_capture_on_commit_callbacks(execute=True):
        assert api("pmo.llr").post(f"/api/v1/risks/{risk.pk}/escalate/", {"reason": "Beyond us."},
                                   format="json").status_code == 201
    assert receiver.requests == []  # a proposal is not an escalation yet
    with django_capture_on_commit_callbacks(execute=True):
        response = api("sro.llr").post(f"/api/v1/risks/{risk.pk}/accept-escalation/",
                                       {"chairs_action": True, "reason": "The board meets after the deadline."},
                                       format="json")
        assert response.status_code == 200, response.content
    events = dict(posted(receiver))
    sent = events["risk_escalated"]
    risk.refresh_from_db()
    assert sent["title"] == f"Risk escalated onto the Delivery Board BAF: {risk.ref}"
    assert sent["facts"]["Framework"] == "Delivery Board BAF"
    assert "Workforce shortfall" in json.dumps(sent)
    assert "decision_recorded" in events  # the board's decision to accept it is a decision too


def test_a_restricted_risk_is_posted_by_its_reference_only(endpoint, receiver, in_llr,
                                                           django_capture_on_commit_callbacks):
    risk = new_risk(restricted=True)
    endpoint()
    with django_capture_on_commit_callbacks(execute=True):
        signals.risk_escalated_to_baf.send(sender=Risk, risk=risk, board="Delivery Board BAF", key="move-1",
                                           link=f"/risks/{risk.pk}/")
    [(event, sent)] = posted(receiver)
    assert sent["facts"]["Risk"] == f"{risk.ref} (restricted)"
    assert "Workforce" not in json.dumps(sent)


def test_a_decision_on_a_restricted_risk_keeps_its_text_in_the_portal(endpoint, receiver, in_llr, persona,
                                                                      django_capture_on_commit_callbacks):
    from meetings.decisions import announce
    from meetings.models import MeetingDecision

    risk = new_risk(restricted=True)
    endpoint()
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    decision = MeetingDecision.objects.create(meeting=meeting, body=meeting.body,
                                              text=f"The board decided to accept {risk.ref}: {risk.title}.")
    with django_capture_on_commit_callbacks(execute=True):
        announce(decision, meeting.body, persona("pmo.llr"), paper=risk)
    [(event, sent)] = posted(receiver)
    assert event == "decision_recorded"
    assert sent["text"] == "A decision on a restricted item: read it in the portal."
    assert "Workforce" not in json.dumps(sent)


def test_an_overdue_report_is_posted_once(endpoint, receiver, llr, django_capture_on_commit_callbacks):
    later = timezone.localdate() + datetime.timedelta(days=75)
    with tenant_context(llr):
        endpoint(on_pack_published=False, on_decision_recorded=False, on_risk_escalated=False)
        with django_capture_on_commit_callbacks(execute=True):
            overdue = pack_sections.announce_overdue(llr, later)
        with django_capture_on_commit_callbacks(execute=True):
            assert pack_sections.announce_overdue(llr, later) == overdue
        assert overdue > 0
        assert WebhookDelivery.objects.count() == overdue
    events = posted(receiver)
    assert len(events) == overdue and {event for event, _ in events} == {"report_overdue"}
    assert all(sent["title"].startswith("Highlight report overdue: ") for _, sent in events)
