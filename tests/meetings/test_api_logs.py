"""Recording a meeting's decisions and actions through the API, and the actions log (``meeting-actions/``).

The writes go through the same services as the browser (``meetings.services``): the PMO and the Programme
Director keep the logs (RACI ``publish_board_pack``, R or A); anyone else is refused with a 403 naming them.
Bad input is a 400 that saves nothing; another partnership's meeting or action is a 404.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from core.tenancy import tenant_context
from meetings import services as meetings
from meetings.choices import MeetingStatus
from meetings.models import AgendaItem, Meeting, MeetingAction, MeetingDecision
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db

KEEPERS = ["programme_director", "pmo"]


@pytest.fixture
def meeting(llr):
    """The Delivery Board's next scheduled meeting in LLR (the demo schedules months ahead)."""
    with tenant_context(llr):
        found = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    assert found is not None
    return found


@pytest.fixture
def north_meeting(northshire):
    with tenant_context(northshire):
        return Meeting.objects.order_by("pk").first()


def decisions_of(meeting):
    return MeetingDecision.all_tenants.filter(meeting=meeting)


def actions_of(meeting):
    return MeetingAction.all_tenants.filter(meeting=meeting)


def decisions_url(meeting):
    return f"/api/v1/meetings/{meeting.pk}/decisions/"


def actions_url(meeting):
    return f"/api/v1/meetings/{meeting.pk}/actions/"


def status_url(action):
    return f"/api/v1/meeting-actions/{action.pk}/status/"


def an_open_action(tenant):
    with tenant_context(tenant):
        return MeetingAction.objects.filter(status="open").select_related("meeting").order_by("pk").first()


# Decisions -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["pmo.llr", "director.llr"])
def test_the_keepers_record_a_decision(api, meeting, username):
    item = AgendaItem.all_tenants.filter(meeting=meeting, standing_key="benefits_realisation").get()
    response = api(username).post(decisions_url(meeting), {"text": "  Approved the RFF.  ", "agenda_item": item.pk},
                                  format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "meeting", "body", "agenda_item", "text", "outcome", "conditions", "interests",
                         "chairs_action", "reason", "decided_on", "recorded_at"}
    assert body["chairs_action"] is False and body["interests"] == []
    assert (body["meeting"], body["agenda_item"], body["text"]) == (meeting.pk, item.pk, "Approved the RFF.")
    decision = MeetingDecision.all_tenants.get(pk=body["id"])
    assert decision.meeting_id == meeting.pk and decision.recorded_by.username == username
    assert decision.tenant_id == meeting.tenant_id
    with tenant_context(meeting.tenant):
        assert decision.history.first().history_user.username == username
    detail = api("viewer.uhl.llr").get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["id"] in [row["id"] for row in detail["decisions"]]


@pytest.mark.parametrize("username", ["viewer.uhl.llr", "delivery.llr", "sro.llr", "ig.llr"])
def test_others_are_refused_a_decision_naming_who_may(api, meeting, username):
    before = decisions_of(meeting).count()
    response = api(username).post(decisions_url(meeting), {"text": "We decided."}, format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["allowed_roles"] == KEEPERS
    assert "Programme Director" in body["detail"] and "PMO" in body["detail"]
    assert decisions_of(meeting).count() == before


@pytest.mark.parametrize("payload,field", [
    ({}, "text"),
    ({"text": ""}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "x" * 10001}, "text"),
    ({"text": "Fine.", "agenda_item": "first"}, "agenda_item"),
    ({"text": "Fine.", "agenda_item": 999999999}, "agenda_item"),
    ({"text": "Fine.", "agenda_item": 2 ** 70}, "agenda_item"),
])
def test_a_bad_decision_is_a_400_and_saves_nothing(api, meeting, payload, field):
    before = decisions_of(meeting).count()
    response = api("pmo.llr").post(decisions_url(meeting), payload, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert decisions_of(meeting).count() == before


def test_an_agenda_item_of_another_meeting_is_refused(api, meeting):
    with tenant_context(meeting.tenant):
        other = AgendaItem.objects.exclude(meeting=meeting).order_by("pk").first()
    before = decisions_of(meeting).count()
    response = api("pmo.llr").post(decisions_url(meeting), {"text": "Noted.", "agenda_item": other.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"agenda_item": ["Choose an item of this meeting's agenda."]}
    assert decisions_of(meeting).count() == before


def test_an_agenda_item_of_another_partnership_is_refused(api, meeting, north_meeting):
    with tenant_context(north_meeting.tenant):
        foreign = AgendaItem.objects.order_by("pk").first()
    response = api("pmo.llr").post(decisions_url(meeting), {"text": "Noted.", "agenda_item": foreign.pk},
                                   format="json")
    assert response.status_code == 400 and "agenda_item" in response.json()
    assert not MeetingDecision.all_tenants.filter(agenda_item=foreign).exists()


def test_a_cancelled_meeting_decides_nothing(api, meeting):
    Meeting.all_tenants.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    before = decisions_of(meeting).count()
    response = api("pmo.llr").post(decisions_url(meeting), {"text": "We decided."}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "A cancelled meeting decides nothing."}
    assert decisions_of(meeting).count() == before


# Actions -------------------------------------------------------------------------------------------------------

def test_the_pmo_records_an_action_for_a_member(api, meeting):
    response = api("pmo.llr").post(actions_url(meeting), {
        "description": "Bring the revised trajectory.", "owner": "lead.urgentcare.llr", "due_date": "2031-01-31",
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "meeting", "agenda_item", "description", "owner", "owner_username", "due_date",
                         "status", "completed_on", "overdue"}
    assert body["owner_username"] == "lead.urgentcare.llr" and body["owner"]
    assert (body["meeting"], body["due_date"], body["status"], body["overdue"]) == (meeting.pk, "2031-01-31", "open",
                                                                                      False)
    assert response["Location"].endswith(f"/api/v1/meeting-actions/{body['id']}/")
    action = MeetingAction.all_tenants.get(pk=body["id"])
    assert action.owner.username == "lead.urgentcare.llr" and action.recorded_by.username == "pmo.llr"


def test_an_action_may_be_owned_by_a_name(api, meeting):
    item = AgendaItem.all_tenants.filter(meeting=meeting).order_by("pk").first()
    response = api("director.llr").post(actions_url(meeting), {
        "description": "Write to the CCG CFOs.", "owner_name": "The CFOs", "agenda_item": item.pk,
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner"], body["owner_username"], body["agenda_item"], body["due_date"]) == (
        "The CFOs", None, item.pk, None)


@pytest.mark.parametrize("payload,field", [
    ({"owner_name": "The CFOs"}, "description"),
    ({"description": " ", "owner_name": "The CFOs"}, "description"),
    ({"description": "Do it."}, "owner"),
    ({"description": "Do it.", "owner_name": "   "}, "owner"),
    ({"description": "Do it.", "owner": "nobody-by-this-name"}, "owner"),
    ({"description": "Do it.", "owner": 7}, "owner"),
    ({"description": "Do it.", "owner": "pmo\u0000llr"}, "owner"),
    ({"description": "Do\u0000it.", "owner_name": "A"}, "description"),
    ({"description": "Do it.", "owner": "pmo.north"}, "owner"),  # a member of another partnership only
    ({"description": "Do it.", "owner_name": "A", "due_date": "31/01/2031"}, "due_date"),
    ({"description": "Do it.", "owner_name": "A" * 201}, "owner_name"),
    ({"description": "Do it.", "owner_name": "A", "agenda_item": -1}, "agenda_item"),
])
def test_a_bad_action_is_a_400_and_saves_nothing(api, meeting, payload, field):
    before = actions_of(meeting).count()
    response = api("pmo.llr").post(actions_url(meeting), payload, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert actions_of(meeting).count() == before


def test_a_missing_owner_has_the_same_message_as_the_browser(api, meeting):
    response = api("pmo.llr").post(actions_url(meeting), {"description": "Do it."}, format="json")
    assert response.json() == {"owner": ["Choose who owns the action, or write their name."]}


@pytest.mark.parametrize("username", ["viewer.uhl.llr", "delivery.llr", "partnership.llr"])
def test_others_are_refused_an_action(api, meeting, username):
    before = actions_of(meeting).count()
    response = api(username).post(actions_url(meeting), {"description": "Do it.", "owner_name": "Me"}, format="json")
    assert response.status_code == 403
    assert response.json()["allowed_roles"] == KEEPERS
    assert actions_of(meeting).count() == before


def test_a_refusal_comes_before_the_input_is_judged(api, meeting):
    response = api("viewer.uhl.llr").post(actions_url(meeting), {}, format="json")
    assert response.status_code == 403


def test_a_cancelled_meeting_gives_no_actions(api, meeting):
    Meeting.all_tenants.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    response = api("pmo.llr").post(actions_url(meeting), {"description": "Do it.", "owner_name": "Me"}, format="json")
    assert response.status_code == 409
    assert not actions_of(meeting).filter(description="Do it.").exists()


# Tenancy -------------------------------------------------------------------------------------------------------

def test_another_partnerships_meeting_is_404_and_nothing_is_saved(api, meeting):
    north = api("pmo.north")
    decisions, actions = decisions_of(meeting).count(), actions_of(meeting).count()
    assert north.post(decisions_url(meeting), {"text": "Leak."}, format="json").status_code == 404
    assert north.post(actions_url(meeting), {"description": "Leak.", "owner_name": "X"},
                      format="json").status_code == 404
    assert (decisions_of(meeting).count(), actions_of(meeting).count()) == (decisions, actions)


def test_a_meeting_id_that_does_not_exist_is_404(api):
    assert api("pmo.llr").post("/api/v1/meetings/999999999/decisions/", {"text": "x"},
                               format="json").status_code == 404


def test_another_partnerships_action_is_404(api, llr):
    action = an_open_action(llr)
    north = api("pmo.north")
    assert north.get(f"/api/v1/meeting-actions/{action.pk}/").status_code == 404
    assert north.post(status_url(action), {"status": "done"}, format="json").status_code == 404
    action.refresh_from_db()
    assert action.status == "open"
    listed = north.get("/api/v1/meeting-actions/", {"page_size": 500}).json()["results"]
    assert action.pk not in {row["id"] for row in listed}
    with tenant_context(north.tenant):
        assert {row["id"] for row in listed} == set(MeetingAction.objects.values_list("pk", flat=True))


# Action status -------------------------------------------------------------------------------------------------

def test_the_pmo_marks_an_action_done_and_reopens_it(api, llr):
    action = an_open_action(llr)
    client = api("pmo.llr")
    response = client.post(status_url(action), {"status": "done"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"], body["completed_on"], body["overdue"]) == (
        action.pk, "done", timezone.localdate().isoformat(), False)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == timezone.localdate()
    with tenant_context(llr):
        assert action.history.first().history_user.username == "pmo.llr"
    reopened = client.post(status_url(action), {"status": "open"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["completed_on"] is None


@pytest.mark.parametrize("payload", [{}, {"status": "finished"}, {"status": ""}, {"status": ["done"]}])
def test_a_bad_status_is_a_400_and_changes_nothing(api, llr, payload):
    action = an_open_action(llr)
    response = api("pmo.llr").post(status_url(action), payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    action.refresh_from_db()
    assert action.status == "open" and action.completed_on is None


@pytest.mark.parametrize("username", ["viewer.uhl.llr", "delivery.llr", "sro.llr"])
def test_others_may_not_move_an_action(api, llr, username):
    action = an_open_action(llr)
    response = api(username).post(status_url(action), {"status": "done"}, format="json")
    assert response.status_code == 403
    assert response.json()["allowed_roles"] == KEEPERS
    action.refresh_from_db()
    assert action.status == "open"


def test_the_actions_log_is_read_only(api, llr):
    action = an_open_action(llr)
    client = api("pmo.llr")
    assert client.patch(f"/api/v1/meeting-actions/{action.pk}/", {"status": "done"}, format="json").status_code == 405
    assert client.post("/api/v1/meeting-actions/", {"description": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/meeting-actions/{action.pk}/").status_code == 405


# The actions log -----------------------------------------------------------------------------------------------

def test_every_member_reads_the_actions_log_with_filters(api, llr):
    client = api("viewer.uhl.llr")
    response = client.get("/api/v1/meeting-actions/", {"page_size": 500})
    assert response.status_code == 200
    with tenant_context(llr):
        everything = set(MeetingAction.objects.values_list("pk", flat=True))
        board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
        board_actions = set(MeetingAction.objects.filter(meeting__body=board).values_list("pk", flat=True))
        open_ones = set(MeetingAction.objects.filter(status="open").values_list("pk", flat=True))
    assert {row["id"] for row in response.json()["results"]} == everything
    by_body = client.get("/api/v1/meeting-actions/", {"body": board.pk, "page_size": 500}).json()["results"]
    assert board_actions and {row["id"] for row in by_body} == board_actions
    still_open = client.get("/api/v1/meeting-actions/", {"status": "open", "page_size": 500}).json()["results"]
    assert open_ones and {row["id"] for row in still_open} == open_ones


def test_the_log_filters_by_owner_and_meeting(api, meeting):
    client = api("pmo.llr")
    created = client.post(actions_url(meeting), {"description": "Own it.", "owner": "pm.poa.llr"},
                          format="json").json()
    mine = client.get("/api/v1/meeting-actions/", {"owner": "pm.poa.llr"}).json()["results"]
    assert created["id"] in {row["id"] for row in mine} and all(row["owner_username"] == "pm.poa.llr" for row in mine)
    of_meeting = client.get("/api/v1/meeting-actions/", {"meeting": meeting.pk}).json()["results"]
    assert {row["id"] for row in of_meeting} == set(actions_of(meeting).values_list("pk", flat=True))


def _queries(client, url, params):
    """The queries one request costs, after a first request has warmed the per-process caches (the token's
    last use, content types)."""
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_actions_log_costs_a_fixed_number_of_queries(api, meeting):
    client = api("viewer.uhl.llr")
    params = {"page_size": 500}
    before = _queries(client, "/api/v1/meeting-actions/", params)
    owners = list(User.objects.filter(memberships__tenant_id=meeting.tenant_id).order_by("pk")[:5])
    with tenant_context(meeting.tenant):
        for number, owner in enumerate(owners):
            MeetingAction.objects.create(meeting=meeting, description=f"Action {number}", owner=owner,
                                         due_date=datetime.date(2031, 1, 1 + number))
    assert _queries(client, "/api/v1/meeting-actions/", params) == before


def test_the_meetings_list_still_costs_a_fixed_number_of_queries(api, meeting):
    client = api("viewer.uhl.llr")
    params = {"body": meeting.body_id, "page_size": 100}
    before = _queries(client, "/api/v1/meetings/", params)
    pmo = api("pmo.llr")
    for number in range(3):
        assert pmo.post(decisions_url(meeting), {"text": f"Decision {number}"}, format="json").status_code == 201
        assert pmo.post(actions_url(meeting), {"description": f"Action {number}", "owner": "pm.poa.llr"},
                        format="json").status_code == 201
    assert _queries(client, "/api/v1/meetings/", params) == before


# The schema ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_new_endpoints_are_documented(schema):
    paths = schema["paths"]
    assert "post" in paths["/api/v1/meetings/{id}/decisions/"]
    assert "post" in paths["/api/v1/meetings/{id}/actions/"]
    assert "post" in paths["/api/v1/meeting-actions/{id}/status/"]
    detail = paths["/api/v1/meeting-actions/{id}/"]
    assert "get" in detail and not {"put", "patch", "delete"} & set(detail)
    assert "201" in paths["/api/v1/meetings/{id}/actions/"]["post"]["responses"]
    components = schema["components"]["schemas"]
    status_ref = components["MeetingActionStatusChangeRequest"]["properties"]["status"]["$ref"]
    assert status_ref == "#/components/schemas/MeetingActionStatusEnum"
    assert components["MeetingActionStatusEnum"]["enum"] == ["open", "done", "cancelled"]
    assert components["MeetingActionRecordRequest"]["required"] == ["description"]
    assert components["MeetingDecisionRecordRequest"]["required"] == ["text"]
