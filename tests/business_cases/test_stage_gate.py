"""No authority without approval (PID s3.4.2): a project leaves Starting Up only once its case is approved."""

import pytest

from business_cases.models import BusinessCase
from core.tenancy import tenant_context
from programme.choices import ProjectStage
from programme.models import Project
from tests.board import PB, board_meeting

from .conftest import CHAIRS_ACTION

pytestmark = pytest.mark.django_db
TOP = "2000000.00"


@pytest.fixture
def new_project(llr):
    with tenant_context(llr):
        from programme.models import Workstream

        return Project.objects.create(name="Gated project", workstream=Workstream.objects.get(name="Urgent Care"))


def move(api, project, stage, username="pmo.llr"):
    return api(username).patch(f"/api/v1/projects/{project.pk}/", {"stage": stage}, format="json")


def stage_of(llr, project):
    with tenant_context(llr):
        return Project.objects.get(pk=project.pk).stage


def post(api, username, case, action, body=None):
    # The Delivery Board's chair records its decisions by chair's action; the PMO, who submitted the case here,
    # records the Partnership Board's at one of its meetings (a chair's action would be its own decision).
    if action in ("recommend", "approve", "reject"):
        how = CHAIRS_ACTION if username == "sro.llr" else {"decided_at_meeting": board_meeting(case.tenant, PB).pk}
        body = {**(body or {}), **how}
    response = api(username).post(f"/api/v1/business-cases/{case.pk}/{action}/", body, format="json")
    assert response.status_code == 200, response.json()
    return response


def test_an_rff_opens_initiating_and_delivery(api, llr, make_case, new_project):
    response = move(api, new_project, "initiating")
    assert response.status_code == 400
    assert "no RFF or OBC has been approved" in response.json()["stage"][0]
    case = make_case(project=new_project, value="200000.00")
    response = move(api, new_project, "initiating")
    assert response.status_code == 400
    assert f"{case.ref} (Request for Funding (RFF)) is draft" in response.json()["stage"][0]
    post(api, "pmo.llr", case, "submit")
    assert move(api, new_project, "initiating").status_code == 400
    post(api, "sro.llr", case, "approve")
    assert move(api, new_project, "initiating").status_code == 200
    assert stage_of(llr, new_project) == ProjectStage.INITIATING
    assert move(api, new_project, "delivery").status_code == 200


def test_the_top_tier_needs_its_fbc_for_delivery(api, llr, make_case, new_project):
    case = make_case(project=new_project, value=TOP)
    post(api, "pmo.llr", case, "submit")
    post(api, "sro.llr", case, "recommend")
    assert move(api, new_project, "initiating").status_code == 400
    post(api, "pmo.llr", case, "approve")
    assert move(api, new_project, "initiating").status_code == 200
    response = move(api, new_project, "delivery")
    assert response.status_code == 400
    reason = response.json()["stage"][0]
    assert f"{case.ref} is over the OBC ceiling, so its Full Business Case must be approved" in reason
    post(api, "pmo.llr", case, "start-fbc")
    post(api, "pmo.llr", case, "submit")
    post(api, "sro.llr", case, "recommend")
    assert move(api, new_project, "delivery").status_code == 400
    post(api, "pmo.llr", case, "approve")
    assert move(api, new_project, "delivery").status_code == 200
    assert stage_of(llr, new_project) == ProjectStage.DELIVERY


def test_a_withdrawn_case_gives_no_authority(api, llr, make_case, new_project):
    case = make_case(project=new_project, status="approved")
    post(api, "pmo.llr", case, "withdraw", {"reason": "No longer valid"})
    assert move(api, new_project, "initiating").status_code == 400


def test_stopping_work_needs_no_authority(api, new_project):
    assert move(api, new_project, "closing").status_code == 200


def test_the_gate_holds_in_save_and_the_browser_form(client, persona, llr, new_project):
    from django.core.exceptions import ValidationError

    with tenant_context(llr):
        project = Project.objects.get(pk=new_project.pk)
        project.stage = ProjectStage.INITIATING
        with pytest.raises(ValidationError):
            project.save()
    client.force_login(persona("pmo.llr"))
    response = client.post(f"/programme/projects/{new_project.pk}/edit/", {
        "name": new_project.name, "stage": "initiating", "description": "", "manager": "", "start": "", "end": "",
    })
    assert response.status_code in (200, 400)
    assert "no RFF or OBC has been approved" in response.content.decode()
    assert stage_of(llr, new_project) == ProjectStage.STARTING_UP


def test_the_demo_points_of_access_project_has_its_authority(llr):
    with tenant_context(llr):
        case = BusinessCase.objects.get(number=1)
        assert case.project.stage == ProjectStage.DELIVERY
        assert (case.document_type, case.status) == ("fbc", "approved")


@pytest.mark.parametrize("stage", ["initiating", "delivery"])
def test_a_project_cannot_be_created_past_starting_up(api, llr, stage):
    """No authority without approval holds for new projects too: a new project has no approved case."""
    from core.tenancy import tenant_context
    from programme.models import Project, Workstream

    with tenant_context(llr):
        urgent_care = Workstream.objects.get(name="Urgent Care")
    client = api("director.llr")
    response = client.post(
        "/api/v1/projects/", {"name": "Jumping the gate", "workstream": urgent_care.pk, "stage": stage}, format="json"
    )
    assert response.status_code == 400
    assert "no authority" in " ".join(response.json()["stage"]).lower()
    with tenant_context(llr):
        assert not Project.objects.filter(name="Jumping the gate").exists()
    created = client.post(
        "/api/v1/projects/", {"name": "Through the gate", "workstream": urgent_care.pk}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["stage"] == "starting_up"


def test_the_gates_are_suspended_only_inside_the_context(in_llr):
    from django.core.exceptions import ValidationError

    from core import gates
    from programme.models import Project, Workstream

    urgent_care = Workstream.objects.get(name="Urgent Care")
    with pytest.raises(ValidationError):
        Project(name="Historic", workstream=urgent_care, stage="delivery").save()
    with gates.suspended():
        Project(name="Historic", workstream=urgent_care, stage="delivery").save()
    assert Project.objects.get(name="Historic").stage == "delivery"
