"""Starting and closing workstreams and projects (Appendix 3): R for each; closure refused while a project is
open, a risk is still on its register (neither closed nor transferred), or a benefit has not been handed over."""

import pytest

from benefits.models import Benefit
from core.tenancy import tenant_context
from finance.models import ResourcePledge
from lifecycle.models import LifecycleAction
from programme.models import Project, Workstream
from risks.models import Risk

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lifecycle/"
POA = "Integrating LLR Points of Access"


@pytest.mark.parametrize("who,code", [("director.llr", 201), ("pmo.llr", 403), ("sro.llr", 403),
                                      ("delivery.llr", 403), ("partnership.llr", 403), ("viewer.uhl.llr", 403)])
def test_only_r_starts_a_workstream(api, llr, who, code):
    response = api(who).post(BASE + "start-workstream/", {"name": "Children's services", "kind": "clinical",
                                                          "sro": "sro.urgentcare.llr"}, format="json")
    assert response.status_code == code, response.content
    if code == 403:
        assert response.json()["allowed_roles"] == ["programme_director"]


def test_start_a_project_in_starting_up(api, llr):
    ws = api("director.llr").post(BASE + "start-workstream/", {"name": "New WS", "kind": "enabling"},
                                  format="json").json()
    project = api("director.llr").post(BASE + "start-project/", {"workstream": ws["id"], "name": "Pilot"},
                                       format="json")
    assert project.status_code == 201 and project.json()["stage"] == "starting_up"
    assert api("pmo.llr").post(BASE + "start-project/", {"workstream": ws["id"], "name": "P2"},
                               format="json").status_code == 403
    with tenant_context(llr):
        assert LifecycleAction.objects.filter(process="start_workstreams_and_projects").count() == 2


def test_a_fresh_project_and_workstream_close(api, llr):
    director = api("director.llr")
    ws = director.post(BASE + "start-workstream/", {"name": "Short-lived", "kind": "enabling"}, format="json").json()
    project = director.post(BASE + "start-project/", {"workstream": ws["id"], "name": "Pilot"}, format="json").json()
    assert director.post(f"{BASE}workstreams/{ws['id']}/close/", {}, format="json").status_code == 409
    assert api("pmo.llr").post(f"{BASE}projects/{project['id']}/close/", {}, format="json").status_code == 403
    assert director.post(f"{BASE}projects/{project['id']}/close/", {}, format="json").status_code == 200
    assert director.post(f"{BASE}projects/{project['id']}/close/", {}, format="json").status_code == 409
    assert director.post(f"{BASE}workstreams/{ws['id']}/close/", {"note": "Done"}, format="json").status_code == 200
    assert director.post(BASE + "start-project/", {"workstream": ws["id"], "name": "Late"},
                         format="json").status_code == 409
    with tenant_context(llr):
        assert Project.objects.get(pk=project["id"]).stage == "closed"
        assert Workstream.objects.get(pk=ws["id"]).lifecycle.status == "closed"


def test_closure_needs_risks_closed_or_transferred_and_benefits_handed_over(api, llr):
    with tenant_context(llr):
        project = Project.objects.get(name=POA)
        risks = list(Risk.objects.filter(project=project, level="project", status="open", archived=False))
        benefits = list(Benefit.objects.filter(scope_project=project, archived=False).exclude(stage="embedded"))
    assert risks and benefits
    url = f"{BASE}projects/{project.pk}/close/"
    refused = api("director.llr").post(url, {}, format="json")
    assert refused.status_code == 409
    assert risks[0].ref in refused.json()["detail"] and benefits[0].ref in refused.json()["detail"]
    with tenant_context(llr):
        Risk.objects.filter(pk=risks[0].pk).update(level="programme")  # transferred to the programme register
        Risk.objects.filter(pk__in=[r.pk for r in risks[1:]]).update(status="closed")
    still = api("director.llr").post(url, {}, format="json")
    assert still.status_code == 409 and "Risk" not in still.json()["detail"]
    assert "redeployment register" in still.json()["detail"]  # the demo's resource pledges (finance)
    with tenant_context(llr):
        ResourcePledge.objects.filter(project=project).update(outcome="returned")
    handovers = [{"benefit": b.pk, "owner": "sro.urgentcare.llr" if b.owner.username != "sro.urgentcare.llr"
                  else "lead.urgentcare.llr"} for b in benefits]
    closed = api("director.llr").post(url, {"handovers": handovers}, format="json")
    assert closed.status_code == 200, closed.content
    with tenant_context(llr):
        assert Project.objects.get(pk=project.pk).stage == "closed"
        benefit = Benefit.objects.get(pk=benefits[0].pk)
        assert benefit.owner.username == handovers[0]["owner"]
        assert "Handed over" in benefit.history.first().history_change_reason


ROLES = [("director.llr", 200), ("pmo.llr", 403), ("sro.llr", 403), ("delivery.llr", 403), ("partnership.llr", 403),
         ("viewer.uhl.llr", 403)]


@pytest.mark.parametrize("who,code", ROLES)
def test_only_r_closes_a_project_or_workstream(api, llr, who, code):
    """R for 'close workstreams and projects' (the Programme Director) closes; A (joint SRO), C (Delivery Board), I
    (PMO) and nobody else may not, and the 403 names the Responsible role."""
    director = api("director.llr")
    ws = director.post(BASE + "start-workstream/", {"name": "To close", "kind": "enabling"}, format="json").json()
    project = director.post(BASE + "start-project/", {"workstream": ws["id"], "name": "P"}, format="json").json()
    response = api(who).post(f"{BASE}projects/{project['id']}/close/", {}, format="json")
    assert response.status_code == code, response.content
    if code == 403:
        assert response.json()["allowed_roles"] == ["programme_director"]
        assert api(who).post(f"{BASE}workstreams/{ws['id']}/close/", {}, format="json").status_code == 403
    else:
        assert api(who).post(f"{BASE}workstreams/{ws['id']}/close/", {}, format="json").status_code == 200


def test_bad_input_is_a_400_and_nothing_is_saved(api, llr):
    director = api("director.llr")
    with tenant_context(llr):
        before = (Workstream.objects.count(), Project.objects.count(), LifecycleAction.objects.count())
    taken = director.post(BASE + "start-workstream/", {"name": "urgent care", "kind": "clinical"}, format="json")
    assert taken.status_code == 400 and "already a workstream" in str(taken.json()["name"])
    assert director.post(BASE + "start-workstream/", {"name": "X", "kind": "sideways"},
                         format="json").status_code == 400
    assert director.post(BASE + "start-workstream/", {"name": "X", "kind": "clinical", "sro": "pmo.north"},
                         format="json").status_code == 400
    with tenant_context(llr):
        urgent_care = Workstream.objects.get(name="Urgent Care")
    assert director.post(BASE + "start-project/", {"workstream": urgent_care.pk, "name": POA.upper()},
                         format="json").status_code == 400
    assert director.post(BASE + "start-project/", {"workstream": 999999, "name": "P"}, format="json").status_code == 400
    with tenant_context(llr):
        assert before == (Workstream.objects.count(), Project.objects.count(), LifecycleAction.objects.count())


def test_only_the_targets_own_benefits_can_be_handed_over(api, llr):
    director = api("director.llr")
    ws = director.post(BASE + "start-workstream/", {"name": "Empty", "kind": "enabling"}, format="json").json()
    with tenant_context(llr):
        other = Benefit.objects.exclude(scope_workstream_id=ws["id"]).first()
        owner = other.owner.username
    refused = director.post(f"{BASE}workstreams/{ws['id']}/close/",
                            {"handovers": [{"benefit": other.pk, "owner": "pmo.llr" if owner != "pmo.llr"
                                            else "director.llr"}]}, format="json")
    assert refused.status_code == 400 and "handovers" in refused.json()
    with tenant_context(llr):
        assert Benefit.objects.get(pk=other.pk).owner.username == owner
        assert Workstream.objects.get(pk=ws["id"]).lifecycle.status == "active"
