"""Tenant isolation of the registers (API.md "Tenancy") and restricted items (DOMAIN.md s3)."""

import pytest

from programme.models import Project, Workstream
from risks.choices import Level
from risks.models import Issue, Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def llr_risk(make_risk):
    return make_risk(title="LLR only")


def test_another_tenants_risk_is_404(api, llr_risk):
    client = api("pmo.north")
    assert client.get(f"/api/v1/risks/{llr_risk.pk}/").status_code == 404
    assert client.patch(f"/api/v1/risks/{llr_risk.pk}/", {"title": "x"}, format="json").status_code == 404
    for action in ("escalate", "accept-escalation", "close", "archive"):
        assert client.post(f"/api/v1/risks/{llr_risk.pk}/{action}/", {"reason": "x"}).status_code == 404
    assert client.get(f"/api/v1/risks/{llr_risk.pk}/history/").status_code == 404


def test_lists_exclude_other_tenants(api, llr_risk, northshire):
    results = api("pmo.north").get("/api/v1/risks/?page_size=500").json()["results"]
    assert results and llr_risk.ref not in {r["title"] for r in results}
    assert {r["title"] for r in results} == set(
        Risk.all_tenants.filter(tenant=northshire, archived=False).values_list("title", flat=True))
    issues = api("pmo.north").get("/api/v1/issues/?page_size=500").json()
    assert issues["count"] == Issue.all_tenants.filter(tenant=northshire).count()


def test_foreign_ids_in_a_body_are_refused(api, llr, northshire):
    north_project = Project.all_tenants.filter(tenant=northshire).first()
    north_workstream = Workstream.all_tenants.filter(tenant=northshire).first()
    body = {"title": "Sneaky", "category": "strategic", "inherent_likelihood": 2, "inherent_impact": 2,
            "residual_likelihood": 2, "residual_impact": 2}
    client = api("pmo.llr")
    response = client.post("/api/v1/risks/", {**body, "level": "project", "project": north_project.pk}, format="json")
    assert response.status_code == 400 and "project" in response.json()
    response = client.post("/api/v1/risks/", {**body, "level": "workstream", "workstream": north_workstream.pk},
                           format="json")
    assert response.status_code == 400 and "workstream" in response.json()
    assert not Risk.all_tenants.filter(title="Sneaky").exists()


def test_foreign_workstream_in_a_deescalation_is_refused(api, make_risk, northshire):
    risk = make_risk(title="Down")
    north_workstream = Workstream.all_tenants.filter(tenant=northshire).first()
    response = api("pmo.llr").post(f"/api/v1/risks/{risk.pk}/deescalate/",
                                   {"reason": "x", "workstream": north_workstream.pk}, format="json")
    assert response.status_code == 400


def test_restricted_risks_are_hidden_from_those_who_cannot_edit_them(api, make_risk, poa):
    risk = make_risk(title="Commercially sensitive", level=Level.PROJECT, project=poa, restricted=True)
    for username, visible in [("pm.poa.llr", True), ("sro.urgentcare.llr", True), ("pmo.llr", True),
                              ("viewer.uhl.llr", False), ("delivery.llr", False)]:
        status = api(username).get(f"/api/v1/risks/{risk.pk}/").status_code
        assert status == (200 if visible else 404), username
        titles = {r["title"] for r in api(username).get("/api/v1/risks/?search=Commercially").json()["results"]}
        assert (risk.title in titles) is visible, username


def test_no_token_is_401(client, llr_risk):
    assert client.get("/api/v1/risks/").status_code in (401, 403)
    from rest_framework.test import APIClient

    anonymous = APIClient()
    anonymous.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert anonymous.get("/api/v1/risks/").status_code == 401
