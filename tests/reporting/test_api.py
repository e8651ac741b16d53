"""The highlight reports' API: a pre-filled read, the route as actions, and bad input as a 400 naming the field
with nothing saved."""

import pytest

from reporting.models import HighlightReport

pytestmark = pytest.mark.django_db
URL = "/api/v1/highlight-reports/"

COMMENTARY = {f"{name}_commentary": "As the registers show." for name in
              ("schedule", "finance", "benefits", "risks", "resources", "overall")}


def test_prefill_reads_the_suggestions_without_saving(api, poa, period):
    count = HighlightReport.objects.count()
    response = api("pm.poa.llr").get(f"{URL}prefill/?project={poa.pk}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period_start"] == period.isoformat()
    assert data["schedule_suggested"] in ("red", "amber", "green")
    assert data["prefill"]["dimensions"]["risks"]["facts"]
    assert HighlightReport.objects.count() == count


def test_prefill_without_a_place_is_a_400(api, in_llr):
    response = api("pm.poa.llr").get(f"{URL}prefill/")
    assert response.status_code == 400 and "project" in str(response.json())


def test_the_route_through_the_actions(api, poa, period):
    pm, sro = api("pm.poa.llr"), api("sro.urgentcare.llr")
    created = pm.post(URL, {"project": poa.pk, **COMMENTARY}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert pm.post(f"{URL}{pk}/submit/").status_code == 200
    own = pm.post(f"{URL}{pk}/sign-off/")
    assert own.status_code in (400, 403)
    returned = sro.post(f"{URL}{pk}/return/", {"reason": ""}, format="json")
    assert returned.status_code == 400 and "reason" in str(returned.json())
    assert sro.post(f"{URL}{pk}/sign-off/").json()["status"] == "signed_off"
    again = pm.post(URL, {"project": poa.pk, **COMMENTARY}, format="json")
    assert again.status_code == 400 and "already signed off" in str(again.json())
    listed = pm.get(f"{URL}?project={poa.pk}&status=signed_off&period={period.isoformat()}").json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_own_sign_off_is_a_400_naming_separation_of_duties(api, poa, period, persona):
    from reporting import services

    report = services.create_report(persona("lead.urgentcare.llr"), project=poa, period_start=period,
                                    **COMMENTARY)
    services.submit(report, persona("lead.urgentcare.llr"))
    response = api("lead.urgentcare.llr").post(f"{URL}{report.pk}/sign-off/")
    assert response.status_code == 400 and "separation of duties" in str(response.json())
    assert HighlightReport.objects.get(pk=report.pk).status == "submitted"


@pytest.mark.parametrize(("field", "value", "named"), [
    ("risks_rag", "yellow", "risks_rag"),
    ("schedule_rag", "red", "schedule_commentary"),
])
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(api, poa, period, field, value, named):
    count = HighlightReport.objects.count()
    body = {"project": poa.pk, **COMMENTARY, field: value}
    body.pop(named if named.endswith("commentary") else "x", None)
    response = api("pm.poa.llr").post(URL, body, format="json")
    assert response.status_code == 400 and named in str(response.json())
    assert HighlightReport.objects.count() == count


def test_someone_outside_the_project_may_not_write_its_report(api, poa, period):
    response = api("viewer.uhl.llr").post(URL, {"project": poa.pk, **COMMENTARY}, format="json")
    assert response.status_code == 403


def test_the_dashboard_lists_every_workstream_with_the_demo_reports(api, urgent_care, in_llr):
    response = api("viewer.uhl.llr").get(f"/api/v1/dashboard/?workstream={urgent_care.pk}")
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert rows[0]["kind"] == "workstream" and rows[0]["name"] == "Urgent Care"
    assert rows[0]["overall"] == "red" and rows[0]["trend"] == "down"
    assert api("viewer.uhl.llr").get("/api/v1/dashboard/?rag=purple").status_code == 400
