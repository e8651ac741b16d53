"""A change request the Delivery Board decides is the board's decision (PID s3.2, ``meetings.decisions``): its chair
or the PMO records it at one of the board's meetings (it enters that meeting's decisions log, under the request's
agenda item) or as a chair's action with its reason; other members read and comment. A person's decision (the
workstream SRO's, the Programme Director's) needs no meeting."""

import pytest
from django.core.exceptions import ValidationError

from change_control import services
from change_control.choices import Decision
from change_control.models import ChangeRequest
from core.exceptions import PermissionRefused
from core.models import Notification
from core.tenancy import tenant_context
from meetings.choices import MeetingStatus
from meetings.decisions import HowDecided
from meetings.models import MeetingDecision
from tests.board import at, board_meeting, by_chairs_action, decisions_on, put_on_agenda

pytestmark = pytest.mark.django_db

BOARD_COST = "300000.00"
APPROVE = {"decision": "approve", "rationale": "Worth it."}


def url(request, action="decide"):
    return f"/api/v1/change-requests/{request.pk}/{action}/"


def stored(request):
    return ChangeRequest.all_tenants.get(pk=request.pk)


# API -------------------------------------------------------------------------------------------------------

def test_the_pmo_records_the_boards_decision_at_its_meeting_under_the_requests_agenda_item(api, llr, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    meeting = board_meeting(llr, days=-1)
    item = put_on_agenda(meeting, request)
    response = api("pmo.llr").post(url(request), {**APPROVE, **at(meeting, conditions="Report back in March.",
                                                                   interests=["delivery.llr"])}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["decided_by"]) == ("decided", "pmo.llr")
    [decision] = decisions_on(request)
    assert (decision.meeting_id, decision.agenda_item_id, decision.outcome) == (meeting.pk, item.pk, "approve")
    assert decision.conditions == "Report back in March." and not decision.chairs_action
    assert list(decision.interests.values_list("username", flat=True)) == ["delivery.llr"]
    assert request.ref in decision.text and "Delivery Board" in decision.text


def test_the_chair_records_a_chairs_action_with_its_reason(api, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    response = api("sro.llr").post(url(request), {**APPROVE, **by_chairs_action("Funding lapses on Friday.")},
                                   format="json")
    assert response.status_code == 200, response.content
    [decision] = decisions_on(request)
    assert decision.chairs_action and decision.meeting_id is None and decision.reason == "Funding lapses on Friday."


@pytest.mark.parametrize(("body", "fields"), [
    (APPROVE, {"decided_at_meeting", "chairs_action"}),
    ({**APPROVE, **by_chairs_action(reason=" ")}, {"reason"}),
    ({**APPROVE, "decided_at_meeting": "soon"}, {"decided_at_meeting"}),
    ({**APPROVE, "decided_at_meeting": 987654}, {"decided_at_meeting"}),
    ({**APPROVE, "chairs_action": True, "reason": "x", "interests": ["nobody.here"]}, {"interests"}),
])
def test_without_a_good_meeting_or_chairs_action_it_is_a_400_naming_the_field_that_changes_nothing(
        api, make_request, body, fields):
    request = make_request("proposed", cost=BOARD_COST)
    response = api("sro.llr").post(url(request), body, format="json")  # the chair: no party to the request
    assert response.status_code == 400, response.content
    assert set(response.json()) == fields
    assert stored(request).status == "proposed" and not decisions_on(request).exists()


@pytest.mark.parametrize(("status", "days"), [(MeetingStatus.CANCELLED, -2), (MeetingStatus.SCHEDULED, 6)])
def test_a_cancelled_or_future_meeting_is_refused(api, llr, make_request, status, days):
    request = make_request("proposed", cost=BOARD_COST)
    meeting = board_meeting(llr, status=status, days=days)
    response = api("pmo.llr").post(url(request), {**APPROVE, **at(meeting)}, format="json")
    assert response.status_code == 400 and "decided_at_meeting" in response.json()
    assert stored(request).status == "proposed"


def test_another_boards_meeting_is_refused(api, llr, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    meeting = board_meeting(llr, kind="partnership_board", days=-3)
    response = api("pmo.llr").post(url(request), {**APPROVE, **at(meeting)}, format="json")
    assert response.status_code == 400 and "not of the Delivery Board" in response.json()["decided_at_meeting"][0]


def test_a_plain_member_of_the_board_is_403_before_the_body_is_read(api, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    response = api("delivery.llr").post(url(request), {}, format="json")
    assert response.status_code == 403
    assert "only its chair" in response.json()["detail"] and response.json()["allowed_roles"] == ["pmo"]
    assert api("delivery.llr").get(f"/api/v1/change-requests/{request.pk}/").status_code == 200  # still reads it


def test_whoever_raised_it_may_not_decide_it_by_chairs_action_but_the_board_may_at_a_meeting(api, llr, make_request):
    request = make_request("proposed", cost=BOARD_COST, originator="sro.llr")
    response = api("sro.llr").post(url(request), {**APPROVE, **by_chairs_action()}, format="json")
    assert response.status_code == 403 and "separation of duties" in response.json()["detail"]
    assert stored(request).status == "proposed"
    response = api("sro.llr").post(url(request), {**APPROVE, **at(board_meeting(llr))}, format="json")
    assert response.status_code == 200


def test_a_persons_decision_needs_no_meeting_and_enters_no_log(api, make_request):
    request = make_request("proposed", cost="100000.00")
    response = api("director.llr").post(url(request), APPROVE, format="json")
    assert response.status_code == 200 and response.json()["decided_by"] == "director.llr"
    assert not decisions_on(request).exists()


# The service and notifications ------------------------------------------------------------------------------

def test_the_service_refuses_a_member_and_a_missing_meeting_changing_nothing(llr, persona, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    with tenant_context(llr):
        with pytest.raises(PermissionRefused, match="only its chair"):
            services.decide(request, persona("delivery.llr"), Decision.APPROVE, "Yes.", how=HowDecided(
                meeting=board_meeting(llr)))
        with pytest.raises(ValidationError) as caught:
            services.decide(request, persona("pmo.llr"), Decision.DEFER, "Later.")
        assert set(caught.value.message_dict) == {"decided_at_meeting", "chairs_action"}
        assert stored(request).status == "proposed" and not MeetingDecision.objects.filter(
            paper_id=request.pk, outcome="defer").exists()
        done = services.decide(request, persona("pmo.llr"), Decision.DEFER, "Later.",
                               how=HowDecided(meeting=board_meeting(llr)))
    assert done.decision == "defer" and decisions_on(request).get().outcome == "defer"


def test_the_awaiting_notice_goes_to_the_chair_and_is_settled_by_the_boards_decision(api, llr, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    with tenant_context(llr):
        waiting = Notification.objects.filter(kind="change_control.awaiting_decision", target_id=request.pk)
        names = set(waiting.values_list("recipient__username", flat=True)) - {"admin"}
        assert names == {"sro.llr"}  # its chair; the PMO proposed it; plain members are not asked
        assert not waiting.filter(read_at__isnull=False).exists()
    api("pmo.llr").post(url(request), {**APPROVE, **at(board_meeting(llr))}, format="json")
    with tenant_context(llr):
        assert not waiting.filter(read_at__isnull=True).exists()
        told = Notification.objects.get(kind="change_control.decided", target_id=request.pk)
        assert "The Delivery Board at its meeting of" in told.body and "recorded by" in told.body


# The pages -----------------------------------------------------------------------------------------------------

@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def test_a_plain_member_sees_no_decide_form_and_is_refused_in_the_browser(browser, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    client = browser("delivery.llr")
    html = client.get(f"/changes/{request.pk}/").content.decode()
    assert f'action="/changes/{request.pk}/decide/"' not in html
    assert "decides this as a board" in html and "or the PMO as its secretary" in html
    response = client.post(f"/changes/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403 and "only its chair" in response.content.decode()
    assert stored(request).status == "proposed"


def test_the_pmo_records_the_boards_decision_through_the_page(browser, llr, make_request):
    request = make_request("proposed", cost=BOARD_COST)
    meeting = board_meeting(llr, days=-1)
    client = browser("pmo.llr")
    html = client.get(f"/changes/{request.pk}/").content.decode()
    assert f'action="/changes/{request.pk}/decide/"' in html and f'<option value="{meeting.pk}"' in html
    response = client.post(f"/changes/{request.pk}/decide/", {"decision": "approve"})
    page = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in page and "#id_decided_at_meeting" in page
    assert stored(request).status == "proposed"
    response = client.post(f"/changes/{request.pk}/decide/", {"decision": "approve", "decided_at_meeting": meeting.pk,
                                                              "conditions": "Within the winter budget.",
                                                              "interests": ["delivery.llr"]})
    assert response.status_code == 302
    [decision] = decisions_on(request)
    assert (decision.meeting_id, decision.conditions) == (meeting.pk, "Within the winter budget.")
    assert list(decision.interests.values_list("username", flat=True)) == ["delivery.llr"]
    html = client.get(f"/changes/{request.pk}/").content.decode()
    assert f'href="/meetings/{meeting.pk}/"' in html
    with tenant_context(llr):
        log = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert request.ref in log and "Within the winter budget." in log


def test_those_awaited_are_exactly_those_the_permission_lets_record(llr, persona, make_request):
    """``services.deciders`` reads the board's recorders in a few queries; it agrees with ``has_perm`` for every
    persona (the buttons, the API and the inbox ask the same question)."""
    from change_control.workflows import DECIDE
    from tests.change_control.conftest import PERSONAS

    request = make_request("proposed", cost=BOARD_COST)
    with tenant_context(llr):
        awaited = {user.username for user in services.deciders(request)}
        allowed = {name for name in [*PERSONAS, "admin"] if persona(name).has_perm(DECIDE, request)}
    assert awaited == allowed and {"sro.llr", "pmo.llr"} <= awaited and "delivery.llr" not in awaited
