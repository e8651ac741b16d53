"""Partner resources' pages: the capacity page (heat map and table, filters, export, a constant number of queries),
pledging (RACI: who may; bad input a 400 naming the field, nothing saved), a project's demand page, the
redeployment register, the board pack's capacity (the capacity page's figures), and the demo's single gap."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from core import registry
from finance import capacity, pack_sections, quarters, resources
from finance.models import ResourceDemand, ResourcePledge
from meetings.models import Meeting
from programme.choices import BodyKind
from tests.queries import count

pytestmark = pytest.mark.django_db



def test_the_demo_shows_exactly_one_skills_gap_on_the_capacity_page(browser, in_llr, poa):
    found = capacity.compute(project=poa)
    assert [(cell.skill, cell.gap) for cell in found.gaps] == [("Change management", Decimal("0.5"))]
    assert len(capacity.compute().gaps) == 1
    assert {p.organisation.code for p in ResourcePledge.objects.filter(project=poa)} == {"LPT", "LCC", "LEICS"}
    html = browser("viewer.uhl.llr").get("/finance/capacity/").content.decode()
    assert "1 skills gap" in html and "Change management" in html and 'data-status="gap"' in html


def test_the_capacity_page_draws_the_heat_map_and_table_at_a_constant_number_of_queries(
        browser, pledge, persona, approved_case, skill, q, other_project):
    client = browser("pmo.llr")
    client.get("/finance/capacity/")
    first, response = count(client, "/finance/capacity/")
    html = response.content.decode()
    assert "<svg" in html and "<title>" in html and "<caption" in html and "Pledged WTE" in html
    for index in range(4):
        pledge(skill_name=f"Load skill {index}", person_name=f"Person {index}")
        resources.record_demand(persona("pmo.llr"), [{"business_case": approved_case, "skill": skill(f"Load {index}"),
                                                      "quarter": q[index], "wte": Decimal("1")}])
    again, response = count(client, "/finance/capacity/")
    assert again == first
    assert "Load 3" in response.content.decode()
    filtered, response = count(client, f"/finance/capacity/?project={other_project.pk}&skill={skill('Load 0').pk}")
    html = response.content.decode()
    assert 'scope="row">Load 0<' in html and 'scope="row">Load 1<' not in html
    assert 'scope="row">Change management<' not in html
    response = client.get(f"/finance/capacity/?to_quarter={q[0]}&from_quarter={q[1]}")
    assert response.status_code == 400 and 'href="#id_to_quarter"' in response.content.decode()
    export = client.get("/finance/capacity/?format=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_pledging_in_the_browser_who_may_and_bad_input(browser, org, poa, q, skill):
    form = {"organisation": org("UHL").pk, "kind": "secondment", "level": "project", "project": poa.pk,
            "first_quarter": q[0], "last_quarter": q[1], "wte": "0.5", "skill": skill("Change management").pk,
            "grade": "7"}
    viewer = browser("viewer.uhl.llr")
    assert viewer.get("/finance/resources/new/").status_code == 403
    assert "Pledge resource" not in viewer.get("/finance/resources/").content.decode()
    client = browser("pm.poa.llr")
    before = ResourcePledge.objects.count()
    ended = quarters.of(datetime.date.today() - datetime.timedelta(days=100))
    for field, value in (("wte", "0"), ("wte", "-1"), ("last_quarter", ended)):
        response = client.post("/finance/resources/new/", {**form, field: value, "first_quarter": ended
                                                           if field == "last_quarter" else q[0]})
        assert response.status_code == 400 and f'href="#id_{field}' in response.content.decode(), field
    response = client.post("/finance/resources/new/", {**form, "first_quarter": q[1], "last_quarter": q[0]})
    assert response.status_code == 400 and "cannot be before the first" in response.content.decode()
    assert ResourcePledge.objects.count() == before
    assert client.post("/finance/resources/new/", form).status_code == 302
    assert ResourcePledge.objects.count() == before + 1
    page = client.get("/finance/resources/").content.decode()
    assert "UHL secondment: Change management" in page
    assert client.get("/finance/resources/").status_code == 200


def test_changing_a_pledge_in_the_browser(browser, pledge, q, in_llr):
    made = pledge(code="LPT", wte="1.0")
    url = f"/finance/resources/{made.pk}/"
    assert browser("viewer.uhl.llr").get(url).status_code == 403
    client = browser("pmo.llr")
    assert f'href="{url}"' in client.get("/finance/resources/").content.decode()
    page = client.get(url)
    assert page.status_code == 200 and 'value="1.00"' in page.content.decode()
    form = {"organisation": made.organisation_id, "kind": made.kind, "level": made.level, "project": made.project_id,
            "workstream": made.workstream_id, "first_quarter": q[0], "last_quarter": q[1], "skill": made.skill_id,
            "grade": made.grade, "wte": "0"}
    refused = client.post(url, form)
    assert refused.status_code == 400 and 'href="#id_wte' in refused.content.decode()
    assert ResourcePledge.objects.get(pk=made.pk).wte == Decimal("1.0")
    assert client.post(url, {**form, "wte": "0.6", "last_quarter": q[2]}).status_code == 302
    changed = ResourcePledge.objects.get(pk=made.pk)
    assert (changed.wte, changed.last_quarter) == (Decimal("0.6"), q[2])
    assert changed.history.first().history_change_reason == "Resource pledge changed"


def test_the_project_demand_page(browser, poa, skill, q, in_llr):
    client = browser("pm.poa.llr")
    url = f"/finance/projects/{poa.pk}/demand/"
    page = client.get(url).content.decode()
    assert "State a quarter&#x27;s demand" in page or "State a quarter's demand" in page
    case = ResourceDemand.objects.filter(project=poa).first().business_case
    before = ResourceDemand.objects.count()
    body = {"business_case": case.pk, "skill": skill("Test analysis").pk, "quarter": q[1], "wte": "0"}
    response = client.post(url, body)
    assert response.status_code == 400 and 'href="#id_wte"' in response.content.decode()
    assert ResourceDemand.objects.count() == before
    assert client.post(url, {**body, "wte": "1.5"}).status_code == 302
    assert ResourceDemand.objects.count() == before + 1
    assert "State a quarter" not in browser("viewer.uhl.llr").get(url).content.decode()
    assert browser("viewer.uhl.llr").post(url, body).status_code == 403


def test_the_redeployment_register_records_outcomes(browser, poa, in_llr, pledge):
    client = browser("pmo.llr")
    client.get("/finance/redeployment/")
    first, response = count(client, "/finance/redeployment/")
    html = response.content.decode()
    assert "Redeployment register" in html and "Not recorded" in html
    live = ResourcePledge.objects.filter(project=poa, outcome="").first()
    response = client.post(f"/finance/resources/{live.pk}/outcome/", {"outcome": "redeployed", "outcome_note": ""})
    assert response.status_code == 400 and 'href="#id_outcome_note"' in response.content.decode()
    assert ResourcePledge.objects.get(pk=live.pk).outcome == ""
    response = client.post(f"/finance/resources/{live.pk}/outcome/", {"outcome": "returned"})
    assert response.status_code == 302 and ResourcePledge.objects.get(pk=live.pk).outcome == "returned"
    client.get("/finance/redeployment/")  # the message shown once
    pledge(skill_name="More", first=0, last=0)
    pledge(kind="space", wte=None, skill=None, description="A room", first=0, last=0)
    again, response = count(client, "/finance/redeployment/")
    assert again == first and "A room" in response.content.decode()
    assert browser("viewer.uhl.llr").post(f"/finance/resources/{live.pk}/outcome/",
                                             {"outcome": "ended"}).status_code == 403


def test_the_pack_shows_the_capacity_pages_figures_for_this_quarter_and_next(in_llr, llr, poa):
    meeting = Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).select_related("body").last()
    meeting.date = datetime.date.today()
    ctx = registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=meeting.date,
                               today=meeting.date)
    built = pack_sections.finance_section(ctx)
    this = quarters.of(meeting.date)
    assert built["capacity"].quarters == [this, quarters.following(this)]
    page = capacity.compute(first=this, last=quarters.following(this))
    assert [c.as_dict() for c in built["capacity"].rows()] == [c.as_dict() for c in page.rows()]
    html = render_to_string("finance/pack_section.html", built)
    assert "Partner resources: capacity" in html and "pack-capacity-title" in html


def test_the_project_page_has_a_resource_pledges_panel(browser, poa):
    html = browser("viewer.uhl.llr").get(f"/programme/projects/{poa.pk}/").content.decode()
    assert "Resource pledges" in html and "Skills gaps: <strong>1</strong>" in html
    assert "Awaiting a redeployment outcome: <strong>5</strong>" in html
    assert f'href="/finance/projects/{poa.pk}/demand/"' in html
