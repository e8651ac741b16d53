"""Role checks per persona: who may create and edit the hierarchy through the API (DOMAIN.md s3)."""

import pytest

from core.tenancy import tenant_context
from programme.models import Project, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent_care(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def poa(llr):
    with tenant_context(llr):
        return Project.objects.get(name="Integrating LLR Points of Access")


@pytest.fixture
def other_workstream_project(llr, urgent_care):
    with tenant_context(llr):
        return Project.objects.exclude(workstream=urgent_care).order_by("pk").first()


# "start workstreams and projects" (Appendix 3): R = Programme Director only.
@pytest.mark.parametrize("username,expected", [
    ("director.llr", 201),
    ("pmo.llr", 403),
    ("sro.llr", 403),
    ("delivery.llr", 403),
    ("lead.urgentcare.llr", 403),
    ("viewer.uhl.llr", 403),
])
def test_create_project(api, urgent_care, username, expected):
    response = api(username).post(
        "/api/v1/projects/", {"name": f"New pathway by {username}", "workstream": urgent_care.pk}, format="json"
    )
    assert response.status_code == expected, response.content
    if expected == 403:
        body = response.json()
        assert body["allowed_roles"] == ["programme_director"]
        assert "Programme Director" in body["detail"]
        with tenant_context(urgent_care.tenant):
            assert not Project.objects.filter(name=f"New pathway by {username}").exists()


# Product default "edit a project": R = project manager, workstream lead, PMO, programme director; A = workstream SRO.
@pytest.mark.parametrize("username,expected", [
    ("pm.poa.llr", 200),
    ("lead.urgentcare.llr", 200),
    ("pmo.llr", 200),
    ("director.llr", 200),
    ("sro.urgentcare.llr", 403),
    ("delivery.llr", 403),
    ("partnership.llr", 403),
    ("ig.llr", 403),
    ("viewer.uhl.llr", 403),
])
def test_edit_project(api, poa, username, expected):
    response = api(username).patch(f"/api/v1/projects/{poa.pk}/", {"description": "Updated"}, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("username", ["pm.poa.llr", "lead.urgentcare.llr"])
def test_scoped_roles_stop_at_their_scope(api, other_workstream_project, username):
    response = api(username).patch(
        f"/api/v1/projects/{other_workstream_project.pk}/", {"description": "Not mine"}, format="json"
    )
    assert response.status_code == 403


def test_cannot_move_a_project_out_of_ones_scope(api, poa, other_workstream_project):
    """The write is re-checked as it would be saved: a lead cannot move a project to a workstream they don't lead."""
    response = api("lead.urgentcare.llr").patch(
        f"/api/v1/projects/{poa.pk}/", {"workstream": other_workstream_project.workstream_id}, format="json"
    )
    assert response.status_code == 403
    with tenant_context(poa.tenant):
        poa.refresh_from_db()
        assert poa.workstream.name == "Urgent Care"


# "manage information": R = PMO.
@pytest.mark.parametrize("username,expected", [("pmo.llr", 201), ("director.llr", 403), ("viewer.uhl.llr", 403)])
def test_create_organisation(api, username, expected):
    response = api(username).post(
        "/api/v1/organisations/", {"name": "Leicestershire Hospice", "code": "HOSP", "kind": "other"}, format="json"
    )
    assert response.status_code == expected


def test_every_member_may_read(api):
    for username in ["viewer.uhl.llr", "ig.llr", "pm.poa.llr"]:
        assert api(username).get("/api/v1/projects/").status_code == 200


def test_me_lists_roles_with_scope(api, urgent_care):
    me = api("sro.urgentcare.llr").get("/api/v1/me/").json()
    assert me["username"] == "sro.urgentcare.llr"
    assert me["tenant"] == "llr"
    assert {"role": "workstream_sro", "scope_type": "workstream", "scope_id": urgent_care.pk} in me["roles"]


def test_editing_the_raci_matrix_changes_who_may_act(api, llr, urgent_care):
    """The matrix is data: give the PMO 'R' for starting projects and the PMO may create one at once."""
    from core.models import RaciEntry

    pmo = api("pmo.llr")
    payload = {"name": "Frailty hub", "workstream": urgent_care.pk}
    assert pmo.post("/api/v1/projects/", payload, format="json").status_code == 403
    with tenant_context(llr):
        entry = RaciEntry.objects.get(process="start_workstreams_and_projects", role="pmo")
        entry.letters = "R"
        entry.save()
        assert entry.history.count() >= 1
    assert pmo.post("/api/v1/projects/", payload, format="json").status_code == 201


def test_explicit_object_grant_through_guardian(api, llr, poa, persona):
    """A named person can be granted one project beyond their roles (django-guardian direct grant)."""
    from guardian.shortcuts import assign_perm

    from programme.models import ProjectUserObjectPermission

    viewer = persona("viewer.uhl.llr")
    client = api("viewer.uhl.llr")
    assert client.patch(f"/api/v1/projects/{poa.pk}/", {"description": "x"}, format="json").status_code == 403
    with tenant_context(llr):
        assign_perm("programme.change_project", viewer, poa)
        assert ProjectUserObjectPermission.objects.filter(user=viewer, content_object=poa).exists()
    assert client.patch(f"/api/v1/projects/{poa.pk}/", {"description": "x"}, format="json").status_code == 200
