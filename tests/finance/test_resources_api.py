"""Partner resources' API: resource-pledges/, resource-demands/, resource-skills/ and capacity/ (list, filter,
create, bad input a 400 naming the field with nothing saved, RACI, exports, and another partnership's rows
neither listed nor usable)."""

import datetime

import pytest

from core.tenancy import tenant_context
from finance import quarters
from finance.models import ResourceDemand, ResourcePledge, Skill

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def pledge_body(org, poa, skill_pk, q, **extra):
    return {"organisation": org("LPT").pk, "kind": "post", "level": "project", "project": poa.pk,
            "first_quarter": q[0], "last_quarter": q[1], "wte": "0.8", "skill": skill_pk, "grade": "8a", **extra}


def test_pledges_create_filter_and_bad_input(api, org, poa, skill, q, llr):
    pmo = api("pmo.llr")
    analysis = skill("API analysis")
    before = ResourcePledge.all_tenants.count()
    ended = quarters.of(datetime.date.today() - datetime.timedelta(days=120))
    for field, change in (("wte", {"wte": "0"}), ("wte", {"wte": "-0.5"}), ("skill", {"skill": 999999}),
                          ("last_quarter", {"first_quarter": ended, "last_quarter": ended}),
                          ("last_quarter", {"first_quarter": q[2], "last_quarter": q[1]}),
                          ("first_quarter", {"first_quarter": "2026-27 Q1"}),
                          ("project", {"level": "project", "project": None})):
        response = pmo.post(f"{API}resource-pledges/", pledge_body(org, poa, analysis.pk, q, **change), format="json")
        assert response.status_code == 400 and field in response.json(), (field, response.json())
    assert ResourcePledge.all_tenants.count() == before
    response = pmo.post(f"{API}resource-pledges/", pledge_body(org, poa, analysis.pk, q), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["workstream"] == poa.workstream_id and created["outcome"] == ""
    listed = pmo.get(f"{API}resource-pledges/", {"skill": analysis.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [created["id"]]
    assert api("viewer.uhl.llr").post(f"{API}resource-pledges/", pledge_body(org, poa, analysis.pk, q),
                                      format="json").status_code == 403
    url = f"{API}resource-pledges/{created['id']}/"
    assert pmo.patch(url, {"wte": "0"}, format="json").status_code == 400
    changed = pmo.patch(url, {"wte": "0.6", "last_quarter": q[2]}, format="json")
    assert changed.status_code == 200 and changed.json()["wte"] == "0.60" and changed.json()["last_quarter"] == q[2]
    assert api("viewer.uhl.llr").patch(url, {"wte": "0.1"}, format="json").status_code == 403
    outcome = pmo.post(f"{API}resource-pledges/{created['id']}/outcome/", {"outcome": "redeployed"}, format="json")
    assert outcome.status_code == 400 and "outcome_note" in outcome.json()
    outcome = pmo.post(f"{API}resource-pledges/{created['id']}/outcome/",
                       {"outcome": "returned", "outcome_note": "Back to LPT"}, format="json")
    assert outcome.status_code == 200 and outcome.json()["outcome"] == "returned"
    export = pmo.get(f"{API}resource-pledges/", {"format": "csv"})
    assert export.status_code == 200 and b"API analysis" in export.content


def test_demands_all_or_nothing_and_capacity(api, approved_case, skill, q, other_project):
    pmo = api("pmo.llr")
    analysis = skill("API analysis")
    good = {"business_case": approved_case.pk, "skill": analysis.pk, "quarter": q[1], "wte": "2"}
    before = ResourceDemand.objects.count()
    response = pmo.post(f"{API}resource-demands/", [good, {**good, "quarter": q[2], "wte": "0"}], format="json")
    assert response.status_code == 400 and "items[1].wte" in response.json()
    response = pmo.post(f"{API}resource-demands/", [{**good, "skill": 999999}], format="json")
    assert response.status_code == 400 and "items[0].skill" in response.json()
    assert ResourceDemand.objects.count() == before
    response = pmo.post(f"{API}resource-demands/", good, format="json")
    assert response.status_code == 201 and response.json()["project"] == other_project.pk
    found = pmo.get(f"{API}capacity/", {"project": other_project.pk}).json()
    assert found["quarters"] == [q[1]]
    assert [(g["skill_name"], g["quarter"], g["gap_wte"]) for g in found["gaps"]] == [("API analysis", q[1], "2.00")]
    assert pmo.get(f"{API}capacity/", {"to_quarter": "Q9"}).status_code == 400
    export = pmo.get(f"{API}capacity/", {"project": other_project.pk, "format": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    assert api("viewer.uhl.llr").post(f"{API}resource-demands/", good, format="json").status_code == 403


def test_another_partnerships_resources_are_neither_listed_nor_usable(api, llr, northshire):
    with tenant_context(llr):
        llr_skill = Skill.objects.get(name="Change management")
        llr_pledges = set(ResourcePledge.objects.values_list("pk", flat=True))
    assert llr_pledges
    north = api("pmo.north")
    listed = north.get(f"{API}resource-pledges/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert not {row["id"] for row in rows} & llr_pledges
    assert north.get(f"{API}resource-pledges/{min(llr_pledges)}/").status_code == 404
    assert llr_skill.name not in str(north.get(f"{API}capacity/").json())
    with tenant_context(northshire):
        from core.models import Organisation
        from programme.models import Project
        north_org, north_project = Organisation.objects.first(), Project.objects.first()
    this = quarters.of(datetime.date.today())
    body = {"organisation": north_org.pk, "kind": "post", "level": "project", "project": north_project.pk,
            "first_quarter": this, "last_quarter": this, "wte": "1", "skill": llr_skill.pk}
    response = north.post(f"{API}resource-pledges/", body, format="json")
    assert response.status_code == 400 and "skill" in response.json()
