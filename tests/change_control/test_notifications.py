"""Who is told what along the path (PID s4.7 "the decision communicated back to the originator"; DOMAIN.md s3
C and I): the PMO of a new request, the authority of one awaiting it, the consulted and informed roles of the
RACI matrix, the originator of the decision, in the inbox and by email after the step commits."""

import pytest
from django.core import mail
from django.db import transaction

from change_control import services
from core import derived, rules
from core.models import EmailMode, Notification, NotificationPreference, RaciEntry
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def url(request, action):
    return f"/api/v1/change-requests/{request.pk}/{action}/"


def told(llr, kind, request=None):
    with tenant_context(llr):
        rows = Notification.objects.filter(kind=kind)
        if request is not None:
            rows = rows.filter(target_id=request.pk)
        return sorted(rows.values_list("recipient__username", flat=True))


def test_the_originator_is_emailed_the_decision(api, make_request, llr, django_capture_on_commit_callbacks):
    request = make_request("proposed", originator="pm.poa.llr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api("sro.urgentcare.llr").post(url(request, "decide"), {
            "decision": "defer", "rationale": "Wait for the process review."}, format="json")
    assert response.status_code == 200
    to_originator = [m for m in mail.outbox if m.to == ["pm.poa.llr@example.nhs.uk"]]
    assert len(to_originator) == 1
    message = to_originator[0]
    assert f"{request.ref} deferred" in message.subject
    assert "Wait for the process review." in message.body
    assert f"/changes/{request.pk}/" in message.body
    assert told(llr, "change_control.decided", request) == ["pm.poa.llr"]
    with tenant_context(llr):
        assert Notification.objects.get(kind="change_control.decided", target_id=request.pk).emailed_at is not None


def test_nothing_is_emailed_before_the_step_commits(api, make_request, llr):
    request = make_request("proposed", originator="pm.poa.llr")
    mail.outbox.clear()
    api("sro.urgentcare.llr").post(url(request, "decide"), {"decision": "approve"}, format="json")
    assert told(llr, "change_control.decided", request) == ["pm.poa.llr"]  # in the inbox at once
    assert mail.outbox == []  # the test's transaction never commits


def test_a_rolled_back_step_tells_no_one(make_request, llr, persona, django_capture_on_commit_callbacks):
    request = make_request("proposed", originator="pm.poa.llr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(llr):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.decide(request, persona("sro.urgentcare.llr"), "approve", "")
            raise RuntimeError("something later in the same transaction failed")
    assert mail.outbox == []
    assert told(llr, "change_control.decided", request) == []


def test_the_pmo_hears_of_a_new_request(api, urgent_care, llr):
    body = api("viewer.uhl.llr").post("/api/v1/change-requests/", {
        "title": "Dashboards disagree", "description": "x", "workstream": urgent_care.pk}, format="json").json()
    recipients = told(llr, "change_control.logged")
    assert "pmo.llr" in recipients and "viewer.uhl.llr" not in recipients
    with tenant_context(llr):
        assert Notification.objects.filter(kind="change_control.logged", target_id=body["id"],
                                           recipient__username="pmo.llr").exists()


@pytest.mark.parametrize(("cost", "expected"), [
    ("100.00", ["sro.urgentcare.llr"]), ("100000.00", ["director.llr"]),
    ("300000.00", ["sro.llr"]),  # the Delivery Board: its chair (the PMO proposed it, so is not told)
])
def test_the_authority_is_told_a_request_awaits_them(make_request, llr, cost, expected):
    request = make_request("proposed", cost=cost)
    awaiting = [name for name in told(llr, "change_control.awaiting_decision", request) if name != "admin"]
    assert awaiting == expected


def test_consulted_roles_hear_of_the_proposal_and_informed_roles_of_the_decision(make_request, llr):
    """Defaults: the Delivery Board is C for 'control and manage delivery' (App. 3), the process of a request
    within a workstream; nobody is I there, so the PMO adds I for the Implementation Group to the decision
    process itself."""
    with tenant_context(llr):
        RaciEntry.objects.filter(process="decide_change_request", role="implementation_group").update(letters="I")
        derived.bump(llr.pk, rules.RACI_MATRIX)  # update() sends no signal
    request = make_request("approved", cost="100.00", originator="pm.poa.llr")
    consulted = told(llr, "change_control.consulted", request)
    assert "delivery.llr" in consulted and "ig.llr" not in consulted  # I is informed, not consulted
    informed = told(llr, "change_control.informed", request)
    assert "ig.llr" in informed and "delivery.llr" in informed
    assert "pm.poa.llr" not in informed and "sro.urgentcare.llr" not in informed  # told directly / the decider
    assert "viewer.uhl.llr" not in consulted + informed


def test_a_change_to_a_stage_consults_the_partnership_board(make_request, llr):
    request = make_request("proposed", cost="1.00", changes_stage_or_objective=True)
    assert "partnership.llr" in told(llr, "change_control.consulted", request)
    ordinary = make_request("proposed", cost="1.00")
    assert "partnership.llr" not in told(llr, "change_control.consulted", ordinary)


def test_scoped_letters_reach_only_the_roles_covering_the_request(make_request, llr):
    with tenant_context(llr):
        RaciEntry.objects.filter(process="decide_change_request",
                                 role__in=["workstream_lead", "project_manager"]).update(letters="C")
    on_project = make_request("proposed", cost="1.00", place="project", originator="viewer.uhl.llr")
    on_programme = make_request("proposed", cost="1.00", place=None, originator="viewer.uhl.llr")
    assert {"lead.urgentcare.llr", "pm.poa.llr"} <= set(told(llr, "change_control.consulted", on_project))
    assert not {"lead.urgentcare.llr", "pm.poa.llr"} & set(told(llr, "change_control.consulted", on_programme))


def test_the_originator_is_told_of_implementation(make_request, llr):
    request = make_request("implemented", originator="pm.poa.llr")
    assert told(llr, "change_control.implemented", request) == ["pm.poa.llr"]


def test_preferences_decide_the_email_not_the_inbox(api, make_request, llr, persona,
                                                    django_capture_on_commit_callbacks):
    with tenant_context(llr):
        NotificationPreference.objects.create(user=persona("pm.poa.llr"), email_mode=EmailMode.DAILY_DIGEST)
    request = make_request("proposed", originator="pm.poa.llr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api("sro.urgentcare.llr").post(url(request, "decide"), {"decision": "approve"}, format="json")
    assert not [m for m in mail.outbox if m.to == ["pm.poa.llr@example.nhs.uk"]]
    assert told(llr, "change_control.decided", request) == ["pm.poa.llr"]
    from core.notifications import send_daily_digests

    with tenant_context(llr):
        assert send_daily_digests(llr) == 1
    digest = [m for m in mail.outbox if m.to == ["pm.poa.llr@example.nhs.uk"]]
    assert len(digest) == 1 and f"{request.ref} approved" in digest[0].body


def test_once_decided_nobody_is_still_asked_to_decide(make_request, llr):
    request = make_request("approved", cost="300000.00")
    with tenant_context(llr):
        awaiting = Notification.objects.filter(kind="change_control.awaiting_decision", target_id=request.pk)
        assert awaiting.exists() and not awaiting.filter(read_at__isnull=True).exists()
