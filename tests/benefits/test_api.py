"""The benefits API: fields, writes with attribution, filters, measurements in bulk (all or nothing), chart, history."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitMeasurement
from programme.models import Objective, Project

from .conftest import fy

pytestmark = pytest.mark.django_db
D = Decimal


def body(objectives, **values):
    data = {"title": "Reduced handling time", "objectives": [o.pk for o in objectives], "owner": "pmo.llr",
            "type": "cashable", "unit": "£", "period_kind": "financial_year"}
    data.update(values)
    return data


@pytest.fixture
def so(in_llr):
    return {o.code: o for o in Objective.objects.all()}


def test_detail_has_the_contract_fields(api, make_benefit, poa, organisations):
    shares = {organisations["UHL"]: 40, organisations["LPT"]: 60}
    benefit = make_benefit(title="Contract", projects=[poa], shares=shares,
                           points=[(fy(2017), D(100), D(96), None)])
    data = api("viewer.uhl.llr").get(f"/api/v1/benefits/{benefit.pk}/").json()
    for name in ["id", "ref", "title", "description", "objectives", "owner", "type", "unit", "baseline", "target",
                 "period_kind", "projects", "business_cases", "attributions", "realisation_rag", "double_counting"]:
        assert name in data, name
    assert data["ref"] == benefit.ref and data["projects"] == [poa.pk] and data["level"] == "project"
    assert data["realisation_rag"] == "green" and data["realisation_percent"] == "96.00"
    assert {(a["organisation"], a["percent"]) for a in data["attributions"]} == {
        (organisations["UHL"].pk, "40.00"), (organisations["LPT"].pk, "60.00")}
    assert data["double_counting"] is False and data["double_counting_reasons"] == []


def test_create_with_attribution(api, so, organisations, poa):
    response = api("pmo.llr").post("/api/v1/benefits/", body(
        [so["SO1"], so["SO5"]], projects=[poa.pk], attributions=[
            {"organisation": organisations["LEICS"].pk, "percent": "30"},
            {"organisation": organisations["LCC"].pk, "percent": "70.00"}]), format="json")
    assert response.status_code == 201, response.json()
    benefit = Benefit.objects.get(pk=response.json()["id"])
    assert benefit.level == "project" and benefit.created_by.username == "pmo.llr"
    assert sorted(benefit.attributions.values_list("percent", flat=True)) == [D(30), D(70)]
    # Replacing the attribution as a whole.
    response = api("pmo.llr").patch(f"/api/v1/benefits/{benefit.pk}/", {"attributions": [
        {"organisation": organisations["UHL"].pk, "percent": "100"}]}, format="json")
    assert response.status_code == 200 and len(response.json()["attributions"]) == 1
    assert list(benefit.attributions.values_list("organisation__code", flat=True)) == ["UHL"]


@pytest.mark.parametrize("attributions,message", [
    ([("LEICS", "30"), ("LCC", "60")], "add up to 100%; they add up to 90%"),
    ([("LEICS", "60"), ("LCC", "60")], "120%"),
    ([("LEICS", "50"), ("LEICS", "50")], "more than once"),
])
def test_attribution_must_sum_to_100(api, so, organisations, attributions, message):
    rows = [{"organisation": organisations[code].pk, "percent": p} for code, p in attributions]
    response = api("pmo.llr").post("/api/v1/benefits/", body([so["SO1"]], title="Bad split", attributions=rows),
                                   format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["attributions"])
    assert not Benefit.objects.filter(title="Bad split").exists()


def test_objective_and_owner_are_required(api, so):
    client = api("pmo.llr")
    response = client.post("/api/v1/benefits/", body([], title="No objective"), format="json")
    assert response.status_code == 400 and "objectives" in response.json()
    data = body([so["SO1"]], title="No owner")
    del data["owner"]
    response = client.post("/api/v1/benefits/", data, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    assert not Benefit.objects.filter(title__in=["No objective", "No owner"]).exists()


def test_projects_must_be_in_the_benefits_workstream(api, so, poa):
    other = Project.objects.exclude(workstream=poa.workstream).first()
    response = api("pmo.llr").post("/api/v1/benefits/", body([so["SO1"]], title="Stray", workstream=poa.workstream_id,
                                                             projects=[poa.pk, other.pk]), format="json")
    assert response.status_code == 400 and other.name in " ".join(response.json()["projects"])


def test_bad_values_are_400_not_500(api, so):
    client = api("pmo.llr")
    for bad in [{"type": "priceless"}, {"period_kind": "fortnight"}, {"target": "lots"}, {"owner": 12},
                {"profile_start": "2017-05-01"}, {"objectives": "SO1"}, {"attributions": [{"percent": "x"}]}]:
        response = client.post("/api/v1/benefits/", {**body([so["SO1"]], title="Bad"), **bad}, format="json")
        assert response.status_code == 400, bad
    assert client.post("/api/v1/benefits/", "not json", content_type="application/json").status_code == 400


def results(client, query=""):
    response = client.get(f"/api/v1/benefits/?page_size=500&{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_filters_search_and_ordering(api, make_benefit, poa, so, organisations):
    make_benefit(title="Filter red zebra", type="non_financial", unit="beds", objectives=("SO2",), projects=[poa],
                 stage="realising", points=[(fy(2017), D(100), D(10), None)], shares={organisations["RCC"]: 100})
    client = api("pmo.llr")
    reds = results(client, "realisation_rag=red")
    assert "Filter red zebra" in {r["title"] for r in reds} and {r["realisation_rag"] for r in reds} == {"red"}
    assert {r["realisation_rag"] for r in results(client, "realisation_rag=green")} == {"green"}
    assert {r["type"] for r in results(client, "type=non_financial")} == {"non_financial"}
    assert all(so["SO2"].pk in r["objectives"] for r in results(client, f"objective={so['SO2'].pk}"))
    assert all(poa.pk in r["projects"] for r in results(client, f"project={poa.pk}"))
    in_uc = {r["title"] for r in results(client, f"workstream={poa.workstream_id}")}
    assert "Filter red zebra" in in_uc and "Physical reduction of 427 beds at UHL" not in in_uc
    assert {r["owner"] for r in results(client, "owner=pm.poa.llr")} == {"pm.poa.llr"}
    assert {r["stage"] for r in results(client, "stage=realising")} == {"realising"}
    assert [r["title"] for r in results(client, "search=zebra")] == ["Filter red zebra"]
    assert [r["title"] for r in results(client, f"organisation={organisations['RCC'].pk}&type=non_financial")] == [
        "Filter red zebra"]
    flagged = results(client, "double_counting=true")
    assert flagged and all(r["double_counting"] for r in flagged)
    assert not any(r["double_counting"] for r in results(client, "double_counting=false"))
    percents = [D(r["realisation_percent"]) for r in results(client, "ordering=realisation_percent")
                if r["realisation_percent"] is not None]
    assert percents == sorted(percents)
    refs = [r["ref"] for r in results(client, "ordering=-ref")]
    assert refs == sorted(refs, reverse=True)
    assert client.get("/api/v1/benefits/?realisation_rag=purple").status_code == 400


def test_archived_benefits_leave_the_list_but_keep_their_page(api, make_benefit):
    benefit = make_benefit(title="To archive")
    client = api("pmo.llr")
    assert client.post(f"/api/v1/benefits/{benefit.pk}/archive/").status_code == 200
    assert client.post(f"/api/v1/benefits/{benefit.pk}/archive/").status_code == 409
    assert "To archive" not in {r["title"] for r in results(client)}
    assert "To archive" in {r["title"] for r in results(client, "archived=true")}
    assert client.get(f"/api/v1/benefits/{benefit.pk}/").json()["archived"] is True
    response = client.post(f"/api/v1/benefits/{benefit.pk}/measurements/", {"period": "2017-04-01", "planned": "1"},
                           format="json")
    assert response.status_code == 409
    assert client.patch(f"/api/v1/benefits/{benefit.pk}/", {"title": "x"}, format="json").status_code == 409


class TestMeasurements:
    @pytest.fixture
    def benefit(self, make_benefit, in_llr):
        return make_benefit(title="Measured", profile_start=fy(2016), profile_end=fy(2020),
                            points=[(fy(2016), D(100), D(100), None)])

    def url(self, benefit):
        return f"/api/v1/benefits/{benefit.pk}/measurements/"

    def test_single_and_bulk_post(self, api, benefit):
        client = api("pmo.llr")
        response = client.post(self.url(benefit), {"period": "2017-04-01", "planned": "200", "actual": "150"},
                               format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["label"] == "2017/18" and response.json()["realisation_rag"] == "red"
        response = client.post(self.url(benefit), [
            {"period": "2018-04-01", "planned": "200.50", "forecast": "190"},
            {"period": "2019-04-01", "planned": "200"}], format="json")
        assert response.status_code == 201 and len(response.json()) == 2
        benefit.refresh_from_db()
        assert benefit.planned_total == D("700.50") and benefit.actual_to_date == D(250)
        listed = client.get(self.url(benefit)).json()
        assert [m["period"] for m in listed["results"]] == ["2016-04-01", "2017-04-01", "2018-04-01", "2019-04-01"]
        assert listed["results"][2]["planned"] == "200.50"

    def test_bulk_is_all_or_nothing(self, api, benefit):
        response = api("pmo.llr").post(self.url(benefit), [
            {"period": "2017-04-01", "planned": "200"},
            {"period": "2018-05-01", "planned": "200"},
            {"period": "2021-04-01", "planned": "200"}], format="json")
        assert response.status_code == 400
        errors = response.json()["measurements"]
        assert errors[0] == {} and "1 April" in errors[1]["period"][0] and "outside" in errors[2]["period"][0]
        assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1

    def test_duplicate_periods_are_400(self, api, benefit):
        client = api("pmo.llr")
        response = client.post(self.url(benefit), [{"period": "2017-04-01", "planned": "1"},
                                                   {"period": "2017-04-01", "planned": "2"}], format="json")
        assert response.status_code == 400 and "given twice" in response.json()["measurements"][1]["period"][0]
        response = client.post(self.url(benefit), {"period": "2016-04-01", "planned": "1"}, format="json")
        assert response.status_code == 400 and "already recorded" in response.json()["period"][0]
        assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1

    def test_bad_input_is_400(self, api, benefit):
        client = api("pmo.llr")
        for bad in [{"period": "2017-04-01"}, {"period": "nope", "planned": "1"}, {"planned": "1"},
                    {"period": "2017-04-01", "planned": "1.234"}, {"period": "2017-04-01", "planned": "1e400"},
                    [], "x"]:
            assert client.post(self.url(benefit), bad, format="json").status_code == 400, bad
        assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1

    def test_patch_one_period(self, api, benefit):
        client = api("pmo.llr")
        response = client.patch(f"{self.url(benefit)}2016-04-01/", {"actual": "90"}, format="json")
        assert response.status_code == 200 and response.json()["actual"] == "90.00"
        assert response.json()["planned"] == "100.00"
        benefit.refresh_from_db()
        assert benefit.realisation_percent == D(90)
        assert client.patch(f"{self.url(benefit)}2017-04-01/", {"actual": "1"}, format="json").status_code == 404
        assert client.get(f"{self.url(benefit)}2017-13-45/").status_code == 404
        response = client.patch(f"{self.url(benefit)}2016-04-01/", {"planned": None, "actual": None}, format="json")
        assert response.status_code == 400

    def test_chart_is_svg(self, api, benefit):
        response = api("viewer.uhl.llr").get(f"/api/v1/benefits/{benefit.pk}/chart/")
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        assert response.content.startswith(b"<svg") and b"<title" in response.content

    def test_history_lists_benefit_and_measurement_changes(self, api, benefit):
        client = api("pmo.llr")
        client.patch(f"/api/v1/benefits/{benefit.pk}/", {"title": "Measured well"}, format="json")
        client.post(self.url(benefit), {"period": "2017-04-01", "planned": "5"}, format="json")
        changes = client.get(f"/api/v1/benefits/{benefit.pk}/history/").json()["changes"]
        assert changes[0]["subject"] == "Measurement 2017/18" and changes[0]["who"] == "pmo.llr"
        retitled = next(c for c in changes if c["subject"] == "Benefit" and c["changes"])
        assert retitled["changes"][0]["new"] == "Measured well" and retitled["who"] == "pmo.llr"


def test_double_counting_endpoint(api, in_llr):
    data = api("pmo.llr").get("/api/v1/benefits/double-counting/").json()
    demo = Benefit.objects.get(title="LPT SPA e-referral channel shift savings")
    assert demo.pk in [row["benefit"] for row in data["several_cases"]]
    lpt = next(row for row in data["organisations"] if row["name"] == "Leicestershire Partnership NHS Trust")
    assert D(lpt["claimed"]) > D(lpt["delivered"]) and demo.pk in lpt["benefits"]


def test_measurement_dates_are_iso(api, make_benefit):
    benefit = make_benefit(title="Dates", period_kind="month", points=[(datetime.date(2018, 2, 1), D(1), None, None)])
    rows = api("pmo.llr").get(f"/api/v1/benefits/{benefit.pk}/measurements/").json()["results"]
    assert rows[0]["period"] == "2018-02-01" and rows[0]["label"] == "Feb 2018"
