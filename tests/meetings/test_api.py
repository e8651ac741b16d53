"""``meetings/`` (API.md): every member reads them; the PMO and the Programme Director keep them."""

import pytest

from core.tenancy import tenant_context
from meetings.models import Meeting
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/"


def test_the_list_has_the_contract_fields(api):
    response = api("viewer.uhl.llr").get(URL, {"page_size": 5})
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert {"id", "body", "date", "status"} <= set(row)
    assert {"agenda", "decisions", "actions", "risk_review", "in_public"} <= set(row)


def test_filters(api, llr):
    with tenant_context(llr):
        board = Body.objects.get(kind=BodyKind.PARTNERSHIP_BOARD)
    rows = api("pmo.llr").get(URL, {"body": board.pk, "page_size": 100}).json()["results"]
    assert rows and all(row["body"] == board.pk and row["in_public"] for row in rows)
    held = api("pmo.llr").get(URL, {"status": "held", "body_kind": "delivery_board"}).json()["results"]
    assert held and all(row["status"] == "held" for row in held)
    assert all(row["decisions"] for row in held), "the demo records decisions at past meetings"


@pytest.mark.parametrize("username,expected", [
    ("pmo.llr", 201), ("director.llr", 201), ("sro.llr", 403), ("delivery.llr", 403), ("viewer.uhl.llr", 403),
])
def test_who_schedules_a_meeting(api, llr, username, expected):
    with tenant_context(llr):
        board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    response = api(username).post(URL, {"body": board.pk, "date": "2031-06-17", "time": "09:30"}, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        keys = {item["title"] for item in response.json()["agenda"]}
        assert "Benefits realisation" in keys and "Allocation of resource" in keys
    else:
        assert "allowed_roles" in response.json()


def test_a_second_meeting_of_a_body_on_the_same_day_is_a_400(api, llr):
    with tenant_context(llr):
        meeting = Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).first()
    response = api("pmo.llr").post(URL, {"body": meeting.body_id, "date": str(meeting.date)}, format="json")
    assert response.status_code == 400


def test_the_status_follows_the_meeting(api, llr):
    with tenant_context(llr):
        meeting = Meeting.objects.filter(status="scheduled").first()
    response = api("pmo.llr").patch(f"{URL}{meeting.pk}/", {"status": "cancelled"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    refused = api("viewer.uhl.llr").patch(f"{URL}{meeting.pk}/", {"notes": "Apologies: all."}, format="json")
    assert refused.status_code == 403


def test_another_partnership_sees_nothing(api, llr):
    with tenant_context(llr):
        meeting = Meeting.objects.first()
    north = api("pmo.north")
    assert north.get(f"{URL}{meeting.pk}/").status_code == 404
    assert meeting.pk not in [row["id"] for row in north.get(URL, {"page_size": 500}).json()["results"]]
    refused = north.post(URL, {"body": meeting.body_id, "date": "2031-01-01"}, format="json")
    assert refused.status_code == 400 and "body" in refused.json()


def test_the_list_costs_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    client = api("viewer.uhl.llr")
    with django_assert_max_num_queries(14):
        assert client.get(URL, {"page_size": 100}).status_code == 200


def test_a_meeting_cannot_be_held_before_its_date(api, llr):
    with tenant_context(llr):
        meeting = Meeting.objects.filter(status="scheduled").order_by("-date").first()
    response = api("pmo.llr").patch(f"{URL}{meeting.pk}/", {"status": "held"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
