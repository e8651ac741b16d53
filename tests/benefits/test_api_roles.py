"""Who may do what (DOMAIN.md s3 product defaults): personas × the benefit's level, allowed or 403."""

from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitMeasurement, BenefitSettings
from core.models import User
from programme.models import Objective, Project

pytestmark = pytest.mark.django_db

PERSONAS = ["pmo.llr", "director.llr", "sro.urgentcare.llr", "lead.urgentcare.llr", "pm.poa.llr", "viewer.uhl.llr"]
# R on edit_project / edit_workstream / edit_programme_register; the workstream SRO (A) decides, not edits.
MAY_EDIT = {
    "project": {"pmo.llr", "director.llr", "lead.urgentcare.llr", "pm.poa.llr"},
    "workstream": {"pmo.llr", "director.llr", "lead.urgentcare.llr"},
    "programme": {"pmo.llr"},
}


@pytest.fixture
def at_level(make_benefit, poa, urgent_care):
    def make(level, **values):
        if level == "project":
            return make_benefit(projects=[poa], **values)
        if level == "workstream":
            return make_benefit(workstream=urgent_care, **values)
        return make_benefit(**values)

    return make


@pytest.mark.parametrize("level", ["project", "workstream", "programme"])
@pytest.mark.parametrize("username", PERSONAS)
def test_edit_and_record_measurements(api, at_level, level, username, in_llr):
    benefit = at_level(level, title=f"{level} benefit")
    assert benefit.level == level
    client = api(username)
    allowed = username in MAY_EDIT[level]
    response = client.patch(f"/api/v1/benefits/{benefit.pk}/", {"description": "Edited"}, format="json")
    assert response.status_code == (200 if allowed else 403), response.content
    response = client.post(f"/api/v1/benefits/{benefit.pk}/measurements/", {"period": "2017-04-01", "planned": "5"},
                           format="json")
    assert response.status_code == (201 if allowed else 403)
    if not allowed:
        assert response.json()["allowed_roles"] and "Only" in response.json()["detail"]
        assert not BenefitMeasurement.objects.filter(benefit=benefit).exists()
    assert client.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 200  # every member reads


@pytest.mark.parametrize("username", PERSONAS)
def test_create_a_project_benefit(api, poa, username, in_llr):
    objective = Objective.objects.get(code="SO1")
    response = api(username).post("/api/v1/benefits/", {
        "title": f"New by {username}", "objectives": [objective.pk], "owner": username, "type": "non_financial",
        "period_kind": "quarter", "projects": [poa.pk]}, format="json")
    allowed = username in MAY_EDIT["project"]
    assert response.status_code == (201 if allowed else 403), response.content
    assert Benefit.objects.filter(title=f"New by {username}").exists() is allowed


def test_a_project_manager_cannot_move_a_benefit_out_of_reach(api, at_level, in_llr):
    benefit = at_level("project", title="Stay home")
    other = Project.objects.exclude(workstream=benefit.scope_workstream).first()
    client = api("pm.poa.llr")
    response = client.patch(f"/api/v1/benefits/{benefit.pk}/", {"projects": [other.pk]}, format="json")
    assert response.status_code == 403
    benefit.refresh_from_db()
    assert list(benefit.projects.all()) == [Project.objects.get(pk=benefit.scope_project_id)]
    response = client.post("/api/v1/benefits/", {"title": "Programme wide", "objectives": [
        Objective.objects.first().pk], "owner": "pm.poa.llr"}, format="json")
    assert response.status_code == 403 and not Benefit.objects.filter(title="Programme wide").exists()


def test_restricted_benefits_only_for_those_who_may_edit_them(api, at_level, in_llr):
    benefit = at_level("project", title="Commercially sensitive", restricted=True,
                       owner=User.objects.get(username="ig.llr"))
    for username, visible in [("pm.poa.llr", True), ("lead.urgentcare.llr", True), ("sro.urgentcare.llr", True),
                              ("pmo.llr", True), ("director.llr", True), ("ig.llr", True),
                              ("viewer.uhl.llr", False), ("delivery.llr", False)]:
        client = api(username)
        assert (client.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 200) is visible, username
        titles = {r["title"] for r in client.get("/api/v1/benefits/?page_size=500").json()["results"]}
        assert ("Commercially sensitive" in titles) is visible, username


def test_settings_are_the_pmos(api, browser, in_llr):
    assert browser("viewer.uhl.llr").get("/benefits/settings/").status_code == 403
    assert browser("director.llr").get("/benefits/settings/").status_code == 403
    client = browser("pmo.llr")
    assert client.get("/benefits/settings/").status_code == 200
    response = client.post("/benefits/settings/", {"green_from": "90", "amber_from": "95",
                                                   "double_counting_tolerance": "10"})
    assert response.status_code == 400
    response = client.post("/benefits/settings/", {"green_from": "90", "amber_from": "75",
                                                   "double_counting_tolerance": "10"})
    assert response.status_code == 302
    assert BenefitSettings.objects.get().green_from == Decimal(90)
