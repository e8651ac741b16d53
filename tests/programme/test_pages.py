"""The programme's browser pages: who sees what, who may edit what, and what a refused edit leaves behind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import User
from core.tenancy import tenant_context
from programme.models import Body, Objective, Project, Stage, Workstream

pytestmark = pytest.mark.django_db

UC, POA = "Urgent Care", "Integrating LLR Points of Access"
# LLR workstreams and projects with no namesake in Northshire (which has its own "Urgent Care").
LLR_ONLY = ["Planned Care", "Learning Disabilities", "Mental Health", POA]


@pytest.fixture
def browser(client, persona):
    """A test client signed in as ``username`` (the demo users of API.md)."""

    def sign_in(username):
        client.force_login(persona(username))
        return client

    return sign_in


@pytest.fixture
def urgent_care(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name=UC)


@pytest.fixture
def poa(llr):
    with tenant_context(llr):
        return Project.objects.select_related("workstream").get(name=POA)


def workstream_url(workstream, edit=False):
    return reverse("programme:workstream-edit" if edit else "programme:workstream", args=[workstream.pk])


def project_url(project, edit=False):
    return reverse("programme:project-edit" if edit else "programme:project", args=[project.pk])


def workstream_data(workstream, **changes):
    data = {
        "name": workstream.name, "kind": workstream.kind, "description": workstream.description,
        "sro": workstream.sro_id or "", "lead": workstream.lead_id or "",
        "clinical_lead": workstream.clinical_lead, "finance_lead": workstream.finance_lead,
        "reports_to": workstream.reports_to_id or "",
    }
    return {**data, **changes}


def project_data(tenant, project, **changes):
    with tenant_context(tenant):
        data = {
            "name": project.name, "description": project.description, "stage": project.stage,
            "manager": project.manager_id or "",
            "start": project.start.isoformat() if project.start else "",
            "end": project.end.isoformat() if project.end else "",
            "objectives": [objective.pk for objective in project.objectives.all()],
            "depends_on": [other.pk for other in project.depends_on.all()],
        }
    return {**data, **changes}


def snapshot(tenant, model, pk):
    with tenant_context(tenant):
        row = model.objects.get(pk=pk)
        values = {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields}
        if model is Project:
            values["depends_on"] = sorted(row.depends_on.values_list("pk", flat=True))
            values["objectives"] = sorted(row.objectives.values_list("pk", flat=True))
        return values


# Reading -------------------------------------------------------------------------------------------------------


def test_pmo_sees_the_programme_overview(browser):
    response = browser("pmo.llr").get(reverse("programme:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    assert UC in page
    assert POA in page
    assert "Partnership Board" in page
    assert "Delivery Board" in page
    assert page.count("<h1") == 1


def test_overview_groups_workstreams_by_kind_and_lists_stages_and_objectives(browser, llr):
    page = browser("pmo.llr").get(reverse("programme:overview")).content.decode()

    for caption in ["Clinical workstreams", "Enabling workstreams"]:
        assert caption in page
    with tenant_context(llr):
        for stage in Stage.objects.all():
            assert stage.name in page
        for objective in Objective.objects.all():
            assert objective.code in page
    assert 'scope="row"' in page and "<caption" in page


def test_northshire_user_never_sees_llr_workstreams(browser, northshire, urgent_care):
    response = browser("pmo.north").get(reverse("programme:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    for name in LLR_ONLY:
        assert name not in page
    # Northshire's own "Urgent Care" is shown, linking to Northshire's row, never to LLR's.
    with tenant_context(northshire):
        own = Workstream.objects.get(name=UC)
    assert workstream_url(own) in page
    assert workstream_url(urgent_care) not in page


@pytest.mark.parametrize("page", ["workstream", "workstream-edit", "project", "project-edit"])
def test_llr_pages_are_not_found_for_a_northshire_user(browser, urgent_care, poa, page):
    url = {
        "workstream": workstream_url(urgent_care), "workstream-edit": workstream_url(urgent_care, edit=True),
        "project": project_url(poa), "project-edit": project_url(poa, edit=True),
    }[page]

    assert browser("pmo.north").get(url).status_code == 404


@pytest.mark.parametrize("name", ["programme:overview", "workstream", "project", "project-edit"])
def test_anonymous_visitors_are_sent_to_log_in(client, urgent_care, poa, name):
    url = {
        "programme:overview": reverse("programme:overview"), "workstream": workstream_url(urgent_care),
        "project": project_url(poa), "project-edit": project_url(poa, edit=True),
    }[name]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_workstream_page_shows_its_projects_and_role_holders(browser, urgent_care, poa):
    page = browser("viewer.uhl.llr").get(workstream_url(urgent_care)).content.decode()

    assert POA in page
    assert project_url(poa) in page
    assert "Rachel Hughes" in page  # the workstream SRO
    assert "Workstream SRO" in page and "Workstream lead" in page
    assert 'aria-label="Breadcrumb"' in page and reverse("programme:overview") in page


def test_project_page_shows_dependencies_both_ways(browser, llr, poa):
    with tenant_context(llr):
        upstream = Project.objects.exclude(pk=poa.pk).order_by("pk")[0]
        downstream = Project.objects.exclude(pk__in=[poa.pk, upstream.pk]).order_by("pk")[0]
        poa.depends_on.add(upstream)
        downstream.depends_on.add(poa)

    page = browser("viewer.uhl.llr").get(project_url(poa)).content.decode()

    assert "This project depends on" in page and "Projects that depend on this one" in page
    assert project_url(upstream) in page
    assert project_url(downstream) in page
    assert "Aisha Patel" in page  # the project manager, also shown as a role holder
    assert "Project manager" in page


# Choosing a partnership ----------------------------------------------------------------------------------------


def test_a_member_of_two_partnerships_chooses_one_first(browser, llr, northshire):
    client = browser("admin")
    overview = reverse("programme:overview")

    response = client.get(overview)
    assert response.status_code == 302
    assert response.url.startswith(reverse("tenant-switch"))

    choose = client.get(response.url)
    page = choose.content.decode()
    assert choose.status_code == 200
    assert llr.name in page and northshire.name in page
    assert 'type="radio"' in page

    chosen = client.post(reverse("tenant-switch"), {"tenant": northshire.pk, "next": overview})
    assert chosen.status_code == 302 and chosen.url == overview

    page = client.get(overview).content.decode()
    assert northshire.name in page
    assert "Switch partnership" in page
    for name in LLR_ONLY:
        assert name not in page


def test_choosing_a_partnership_one_does_not_belong_to_is_refused(browser, northshire):
    client = browser("pmo.llr")

    response = client.post(reverse("tenant-switch"), {"tenant": northshire.pk})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert northshire.name not in client.get(reverse("programme:overview")).content.decode()


def test_single_partnership_user_has_no_switch_link_and_logs_out_by_post(browser):
    page = browser("pmo.llr").get(reverse("programme:overview")).content.decode()

    assert "Switch partnership" not in page
    assert f'action="{reverse("logout")}" method="post"' in page
    assert "csrfmiddlewaretoken" in page
    assert "Priya Chauhan" in page


def test_login_page_and_failed_login(client):
    page = client.get(reverse("login")).content.decode()
    assert '<label class="nhsuk-label" for="id_username">' in page

    response = client.post(reverse("login"), {"username": "pmo.llr", "password": "wrong"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page and "There is a problem" in page
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client):
    response = client.post(reverse("login"), {"username": "pmo.llr", "password": "demo-pass-2026"})
    assert response.status_code == 302 and response.url == reverse("my-work")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Editing -------------------------------------------------------------------------------------------------------


def test_workstream_lead_edits_their_workstream(browser, llr, urgent_care):
    client = browser("lead.urgentcare.llr")
    assert "Edit<span" in client.get(workstream_url(urgent_care)).content.decode()
    assert client.get(workstream_url(urgent_care, edit=True)).status_code == 200

    response = client.post(
        workstream_url(urgent_care, edit=True),
        workstream_data(urgent_care, clinical_lead="Dr Jo Example", description="Same-day care, joined up."),
    )

    assert response.status_code == 302 and response.url == workstream_url(urgent_care)
    with tenant_context(llr):
        saved = Workstream.objects.get(pk=urgent_care.pk)
        assert saved.clinical_lead == "Dr Jo Example"
        assert saved.history.first().history_user.username == "lead.urgentcare.llr"
    assert "was updated" in client.get(response.url).content.decode()


def test_project_manager_edits_their_project(browser, llr, poa):
    client = browser("pm.poa.llr")
    assert "Edit<span" in client.get(project_url(poa)).content.decode()

    response = client.post(project_url(poa, edit=True), project_data(llr, poa, description="One front door."))

    assert response.status_code == 302 and response.url == project_url(poa)
    with tenant_context(llr):
        assert Project.objects.get(pk=poa.pk).description == "One front door."


def test_project_manager_may_not_edit_another_project(browser, llr, poa):
    with tenant_context(llr):
        other = Project.objects.exclude(pk=poa.pk).order_by("pk").first()

    response = browser("pm.poa.llr").get(project_url(other, edit=True))

    assert response.status_code == 403


@pytest.mark.parametrize("target", ["workstream", "project"])
def test_partner_viewer_is_refused_and_nothing_changes(browser, llr, urgent_care, poa, target):
    client = browser("viewer.uhl.llr")
    if target == "workstream":
        model, row, url = Workstream, urgent_care, workstream_url(urgent_care, edit=True)
        data = workstream_data(urgent_care, name="Renamed by a viewer")
        detail = workstream_url(urgent_care)
    else:
        model, row, url = Project, poa, project_url(poa, edit=True)
        data = project_data(llr, poa, name="Renamed by a viewer")
        detail = project_url(poa)
    before = snapshot(llr, model, row.pk)

    assert "Edit<span" not in client.get(detail).content.decode()
    refused_get = client.get(url)
    refused_post = client.post(url, data)

    assert refused_get.status_code == 403
    assert refused_post.status_code == 403
    assert "may do this" in refused_post.content.decode()  # says which roles could
    assert snapshot(llr, model, row.pk) == before


def test_project_ending_before_it_starts_is_refused_and_nothing_saved(browser, llr, poa):
    before = snapshot(llr, Project, poa.pk)
    data = project_data(llr, poa, name="Renamed", start="2026-06-01", end="2026-01-31")

    response = browser("pm.poa.llr").post(project_url(poa, edit=True), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert "A project cannot end before it starts." in page
    assert 'href="#id_end"' in page
    assert "nhsuk-input--error" in page
    assert snapshot(llr, Project, poa.pk) == before


def test_duplicate_workstream_name_is_an_error_not_a_crash(browser, llr, urgent_care):
    with tenant_context(llr):
        other = Workstream.objects.exclude(pk=urgent_care.pk).order_by("pk").first()

    response = browser("pmo.llr").post(workstream_url(urgent_care, edit=True),
                                      workstream_data(urgent_care, name=other.name))

    assert response.status_code == 200
    page = response.content.decode()
    # The constraint's own plain-English message, on the field and linked from the summary (issue 14).
    assert '<a href="#id_name">Another workstream already has this name.</a>' in page


def test_people_offered_are_members_of_the_partnership_only(browser, llr, poa):
    outsider = User.objects.get(username="pmo.north")
    client = browser("pm.poa.llr")

    form = client.get(project_url(poa, edit=True)).content.decode()
    assert "pmo.north" not in form
    assert "pm.poa.llr" in form

    before = snapshot(llr, Project, poa.pk)
    response = client.post(project_url(poa, edit=True), project_data(llr, poa, manager=outsider.pk))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(llr, Project, poa.pk) == before


def test_another_partnerships_project_cannot_be_made_a_dependency(browser, llr, northshire, poa):
    with tenant_context(northshire):
        foreign = Project.objects.order_by("pk").first()
    before = snapshot(llr, Project, poa.pk)

    response = browser("pmo.llr").post(project_url(poa, edit=True), project_data(llr, poa, depends_on=[foreign.pk]))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(llr, Project, poa.pk) == before


# Cost ----------------------------------------------------------------------------------------------------------


def _overview_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programme:overview"))
    assert response.status_code == 200
    return len(queries)


def test_overview_costs_the_same_number_of_queries_however_much_data(browser, llr, persona):
    client = browser("pmo.llr")
    client.get(reverse("programme:overview"))  # the first request stores the partnership in the session
    small = _overview_queries(client)

    manager = persona("pm.poa.llr")
    with tenant_context(llr):
        top = Body.objects.get(parent=None)
        objectives = list(Objective.objects.all())
        last_stage = Stage.objects.order_by("-sequence").first()
        for i in range(5):
            body = Body.objects.create(name=f"Extra group {i}", kind="reference_group", parent=top)
            Body.objects.create(name=f"Extra sub-group {i}", kind="reference_group", parent=body)
            workstream = Workstream.objects.create(name=f"Extra workstream {i}", kind="enabling", sro=manager)
            for j in range(4):
                project = Project.objects.create(name=f"Extra project {i}.{j}", workstream=workstream, manager=manager)
                project.objectives.set(objectives[:2])
            Stage.objects.create(name=f"Extra stage {i}", kind="delivery", sequence=last_stage.sequence + 1 + i,
                                 start=last_stage.end, end=last_stage.end)
    large = _overview_queries(client)

    assert large == small, (small, large)
    assert small <= 15, small
