"""The engagement plan and log (issue 21): planning an activity, logging that it was held, who may, and the
register's pages (filters, constant queries, the .xlsx that round-trips, print-ready markup)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.exceptions import PermissionRefused
from core.tabular import read_table
from engagement import activity_services as services
from engagement.choices import ActivityKind, ActivityStatus, EngagementChannel
from engagement.models import EngagementActivity, EngagementObjective
from tests.engagement.factories import make_activity
from tests.queries import count

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(in_llr):
    return list(EngagementObjective.objects.order_by("number"))


def test_the_pmo_plans_an_activity_serving_objectives(in_llr, persona, objectives, today):
    pmo = persona("pmo.llr")
    activity = services.create_activity(
        pmo, title="Urgent care listening event", kind=ActivityKind.EVENT, channel=EngagementChannel.FACE_TO_FACE,
        audience="Patients of the Loughborough UCC", planned_date=today + datetime.timedelta(days=10), owner=pmo,
        objectives=objectives[6:8])
    activity.refresh_from_db()
    assert activity.ref.startswith("EA-") and activity.status == ActivityStatus.PLANNED
    assert {o.number for o in activity.objectives.all()} == {7, 8}
    assert activity.history.first().history_change_reason == "Planned"


def test_someone_outside_communications_may_not_plan(in_llr, persona, today):
    manager = persona("pm.poa.llr")  # a project manager: no letter for "control and deliver communications"
    before = EngagementActivity.objects.count()
    with pytest.raises(PermissionRefused):
        services.create_activity(manager, title="Leaflet drop", planned_date=today, owner=manager)
    assert EngagementActivity.objects.count() == before


def test_the_owner_logs_it_held_with_reach_and_what_we_heard(in_llr, persona, today):
    owner = persona("pm.poa.llr")
    activity = make_activity(owner=owner, planned_date=today - datetime.timedelta(days=2))
    done = services.log_activity(activity, owner, held_on=today - datetime.timedelta(days=1), reach=140,
                                 responses_received=38, themes="Parking at the UCC; waiting times")
    done.refresh_from_db()
    assert done.status == ActivityStatus.HELD and done.reach == 140 and done.responses_received == 38
    assert "Parking" in done.themes


def test_logging_in_the_future_or_without_a_day_is_refused_and_nothing_saved(in_llr, persona, today):
    pmo = persona("pmo.llr")
    activity = make_activity(owner=pmo)
    with pytest.raises(ValidationError) as refused:
        services.log_activity(activity, pmo, held_on=today + datetime.timedelta(days=1), reach=5)
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.log_activity(activity, pmo, held_on=None)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED and activity.reach is None


def test_a_stranger_may_not_log_someone_elses_activity(in_llr, persona):
    activity = make_activity(owner=persona("pmo.llr"))
    with pytest.raises(PermissionRefused):
        services.log_activity(activity, persona("viewer.uhl.llr"), held_on=activity.planned_date)


# Pages --------------------------------------------------------------------------------------------------------

def test_the_register_filters_by_objective_and_status(browser, in_llr, persona, objectives):
    pmo = persona("pmo.llr")
    serving = make_activity(owner=pmo, title="Serves seven", objectives=[objectives[6]])
    other = make_activity(owner=pmo, title="Serves one", objectives=[objectives[0]])
    page = browser("pmo.llr").get("/engagement/activities/", {"objective": objectives[6].pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert serving.title in text and other.title not in text
    held = browser("pmo.llr").get("/engagement/activities/", {"status": "held"}).content.decode()
    assert serving.title not in held


def test_the_register_makes_the_same_queries_however_many_activities(browser, in_llr, persona, objectives):
    pmo = persona("pmo.llr")
    client = browser("pmo.llr")
    make_activity(owner=pmo, objectives=objectives[:2])
    client.get("/engagement/activities/")  # the person's roles and the matrix are read once, then kept
    few, _ = count(client, "/engagement/activities/")
    for index in range(4):
        make_activity(owner=pmo, title=f"More {index}", objectives=objectives[index:index + 3])
    many, _ = count(client, "/engagement/activities/")
    assert many == few


def test_the_xlsx_download_round_trips_the_filtered_rows(browser, in_llr, persona, objectives, today):
    pmo = persona("pmo.llr")
    wanted = make_activity(owner=pmo, title="=Formula-looking title", objectives=objectives[1:3],
                           planned_date=today - datetime.timedelta(days=1))
    services.log_activity(wanted, pmo, held_on=wanted.planned_date, reach=77, themes="Heard: opening hours")
    make_activity(owner=pmo, title="Still planned")
    response = browser("pmo.llr").get("/engagement/activities/", {"status": "held", "format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert "Filters: Status: Held" in sheet["A1"].value
    # Read back by the import reader every register's import uses: the same headings and values.
    rows = [values for _number, values in read_table(io.BytesIO(response.content), "xlsx")]
    headings = [str(value) for value in rows[1]]
    body = [dict(zip(headings, row, strict=False)) for row in rows[2:]]
    # The demo's held workshops are held too: the planned activity is left out, the held one is there as logged.
    by_ref = {row["Ref"]: row for row in body}
    assert wanted.ref in by_ref and "Still planned" not in {row["Title"] for row in body}
    row = by_ref[wanted.ref]
    assert row["Title"] == "=Formula-looking title" and row["Reach"] == 77
    assert row["Objectives"] == "2, 3" and row["What we heard"] == "Heard: opening hours"
    cell = next(c for line in sheet.iter_rows(min_row=3) for c in line if c.value == "=Formula-looking title")
    assert cell.data_type == "s"  # text, never a formula


def test_the_detail_shows_the_log_responses_and_history(browser, in_llr, persona):
    pmo = persona("pmo.llr")
    activity = make_activity(owner=pmo, title="Co-design: the single point of access")
    services.update_activity(activity, pmo, audience="Carers' groups")
    page = browser("pmo.llr").get(f"/engagement/activities/{activity.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Carers&#x27; groups" in text and "Record that it was held" in text
    assert "<h2>History</h2>" in text and "Audience" in text


def test_the_form_refuses_a_bad_activity_with_a_400_and_saves_nothing(browser, in_llr, persona):
    client = browser("pmo.llr")
    before = EngagementActivity.objects.count()
    response = client.post("/engagement/activities/new/", {"title": "", "kind": "event", "channel": "email",
                                                          "planned_date": "not a date", "status": "planned",
                                                          "owner": persona("pmo.llr").pk})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert EngagementActivity.objects.count() == before


def test_the_form_plans_an_activity(browser, in_llr, persona, objectives, today):
    pmo = persona("pmo.llr")
    response = browser("pmo.llr").post("/engagement/activities/new/", {
        "title": "Healthwatch briefing", "kind": "briefing", "channel": "online_meeting",
        "planned_date": (today + datetime.timedelta(days=3)).isoformat(), "status": "planned", "owner": pmo.pk,
        "objectives": [objectives[4].pk], "audience": "Healthwatch Leicester and Leicestershire"})
    assert response.status_code == 302
    activity = EngagementActivity.objects.get(title="Healthwatch briefing")
    assert response["Location"] == f"/engagement/activities/{activity.pk}/"
    assert list(activity.objectives.all()) == [objectives[4]]


def test_the_log_form_records_the_activity_held(browser, in_llr, persona, today):
    owner = persona("pm.poa.llr")
    activity = make_activity(owner=owner, planned_date=today - datetime.timedelta(days=1))
    client = browser("pm.poa.llr")
    refused = client.post(f"/engagement/activities/{activity.pk}/log/", {"held_on": "", "reach": "-3"})
    assert refused.status_code == 400
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    done = client.post(f"/engagement/activities/{activity.pk}/log/", {
        "held_on": today.isoformat(), "reach": "52", "responses_received": "12", "themes": "Clear signage"})
    assert done.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD and activity.reach == 52


def test_a_stranger_gets_the_403_page_for_the_log_form(browser, in_llr, persona):
    activity = make_activity(owner=persona("pmo.llr"))
    assert browser("viewer.uhl.llr").get(f"/engagement/activities/{activity.pk}/log/").status_code == 403


# The API ------------------------------------------------------------------------------------------------------

def test_the_api_plans_logs_filters_and_downloads_activities(api, in_llr, persona, objectives, today):
    client = api("pmo.llr")
    body = {"title": "PPI Reference Group review", "kind": "briefing", "channel": "online_meeting",
            "planned_date": (today - datetime.timedelta(days=1)).isoformat(), "owner": "pmo.llr",
            "objectives": [objectives[7].pk]}
    made = client.post("/api/v1/engagement-activities/", body, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["ref"].startswith("EA-")
    future = client.post(f"/api/v1/engagement-activities/{pk}/log/",
                         {"held_on": (today + datetime.timedelta(days=1)).isoformat()}, format="json")
    assert future.status_code == 400 and "held_on" in future.json()
    negative = client.post(f"/api/v1/engagement-activities/{pk}/log/", {"held_on": today.isoformat(), "reach": -4},
                           format="json")
    assert negative.status_code == 400 and "reach" in negative.json()
    assert EngagementActivity.objects.get(pk=pk).status == ActivityStatus.PLANNED
    held = client.post(f"/api/v1/engagement-activities/{pk}/log/", {"held_on": today.isoformat(), "reach": 30},
                       format="json")
    assert held.status_code == 200 and held.json()["status"] == "held"
    listed = client.get("/api/v1/engagement-activities/", {"objective": objectives[7].pk, "status": "held"})
    assert [row["id"] for row in listed.json()["results"]] == [pk]
    assert client.get("/api/v1/engagement-activities/", {"planned_from": "soon"}).status_code == 400
    download = client.get("/api/v1/engagement-activities/", {"status": "held", "format": "xlsx"})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert len(client.get(f"/api/v1/engagement-activities/{pk}/history/").json()) == 2


def test_the_api_refuses_someone_outside_communications(api, in_llr, today):
    before = EngagementActivity.objects.count()
    refused = api("pm.poa.llr").post("/api/v1/engagement-activities/", {
        "title": "Leaflets", "kind": "other", "channel": "print", "planned_date": today.isoformat(),
        "owner": "pm.poa.llr"}, format="json")
    assert refused.status_code == 403
    assert EngagementActivity.objects.count() == before
