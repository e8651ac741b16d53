"""The browser pages: render, permissions (buttons only for those allowed), forms, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tenancy import tenant_context
from risks.choices import Level
from risks.models import Issue, Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def test_register_heatmap_baf_and_issue_log_render(browser, in_llr):
    client = browser("viewer.uhl.llr")
    page = client.get("/risks/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption" in html and "Risk register" in html
    assert "Add a risk" not in html  # a partner viewer adds nothing
    assert "style=" not in html and "<script>" not in html
    assert client.get("/risks/heat-map/").status_code == 200
    assert client.get("/risks/heat-map/?basis=inherent&category=financial").status_code == 200
    baf = client.get("/risks/baf/delivery_board/")
    assert baf.status_code == 200 and "Workforce capacity" in baf.content.decode()
    assert client.get("/risks/baf/partnership_board/").status_code == 200
    assert client.get("/risks/baf/nonsense/").status_code == 404
    assert client.get("/risks/issues/").status_code == 200


def test_register_filters_use_the_filterset(browser, in_llr):
    client = browser("pmo.llr")
    html = client.get("/risks/?residual_rag=red&page_size=100").content.decode()
    reds = Risk.objects.live().filter(residual_score__gte=20)
    for risk in reds:
        assert risk.ref in html
    green = Risk.objects.live().filter(residual_score__lte=7).first()
    assert green.ref not in html
    assert "Red" in html  # the band is written, not only coloured


def test_heatmap_cells_link_to_the_filtered_register(browser, in_llr):
    html = browser("pmo.llr").get("/risks/heat-map/").content.decode()
    assert "residual_likelihood=4&amp;residual_impact=4" in html or "residual_likelihood=4&residual_impact=4" in html
    assert "Score 16, Amber" in html and "Score 20, Red" in html and "Score 8, Yellow" in html


def test_register_page_query_count_is_constant(browser, make_risk, poa):
    for n in range(60):
        make_risk(title=f"Page {n}", level=Level.PROJECT, project=poa)
    client = browser("pmo.llr")
    client.get("/risks/?page_size=25")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count("/risks/?page_size=25") == count("/risks/?page_size=100")


def test_detail_shows_buttons_only_to_those_allowed(browser, make_risk, poa, api):
    risk = make_risk(title="Buttons", level=Level.PROJECT, project=poa)
    html = browser("viewer.uhl.llr").get(f"/risks/{risk.pk}/").content.decode()
    assert "Propose escalation" not in html and "Edit" not in html.split("<h1>")[1].split("</h1>")[0]
    html = browser("pm.poa.llr").get(f"/risks/{risk.pk}/").content.decode()
    assert "Propose escalation" in html and "Close this risk" not in html
    api("pm.poa.llr").post(f"/api/v1/risks/{risk.pk}/escalate/", {"reason": "Up"}, format="json")
    html = browser("pm.poa.llr").get(f"/risks/{risk.pk}/").content.decode()
    assert "Accept the escalation" not in html and "someone else must decide" in html
    html = browser("sro.urgentcare.llr").get(f"/risks/{risk.pk}/").content.decode()
    assert "Accept the escalation" in html


def test_escalate_and_accept_through_the_pages(browser, make_risk, poa):
    risk = make_risk(title="Via pages", level=Level.PROJECT, project=poa)
    response = browser("pm.poa.llr").post(f"/risks/{risk.pk}/escalate/", {"reason": "Too big for us"}, follow=True)
    assert "proposed" in response.content.decode()
    response = browser("pm.poa.llr").post(f"/risks/{risk.pk}/accept/", {}, follow=True)
    # Separation of duties is asked before roles (core.rules.require): the proposer is told that first.
    assert (f"You proposed {risk.ref}&#x27;s escalation, so you cannot decide it: someone else must (separation of "
            "duties).") in response.content.decode()
    response = browser("pmo.llr").post(f"/risks/{risk.pk}/accept/", {}, follow=True)
    assert "Only Workstream SRO" in response.content.decode()
    browser("sro.urgentcare.llr").post(f"/risks/{risk.pk}/accept/", {})
    risk.refresh_from_db()
    assert risk.level == Level.WORKSTREAM


def test_create_form_validates_and_saves(browser, in_llr):
    client = browser("pmo.llr")
    assert client.get("/risks/new/").status_code == 200
    bad = client.post("/risks/new/", {"title": "Bad", "category": "strategic", "nature": "threat", "level": "programme",
                                      "inherent_likelihood": "6", "inherent_impact": "2", "residual_likelihood": "2",
                                      "residual_impact": "2", "date_identified": "2026-01-01"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    assert not Risk.objects.filter(title="Bad").exists()
    good = client.post("/risks/new/", {"title": "Good", "category": "strategic", "nature": "threat",
                                       "level": "programme", "inherent_likelihood": "4", "inherent_impact": "5",
                                       "residual_likelihood": "4", "residual_impact": "5",
                                       "date_identified": "2026-01-01", "response": "reduce"})
    assert good.status_code == 302
    risk = Risk.objects.get(title="Good")
    assert (risk.residual_score, risk.created_by.username) == (20, "pmo.llr")
    refused = client.post("/risks/new/", {"title": "Board", "category": "strategic", "nature": "threat",
                                          "level": "partnership_board", "inherent_likelihood": "4",
                                          "inherent_impact": "5", "residual_likelihood": "4", "residual_impact": "5",
                                          "date_identified": "2026-01-01"})
    assert refused.status_code == 400 and "may not keep risks" in refused.content.decode()


def test_edit_form_is_refused_to_readers(browser, make_risk):
    risk = make_risk(title="Read only")
    assert browser("viewer.uhl.llr").get(f"/risks/{risk.pk}/edit/").status_code == 403
    assert browser("pmo.llr").get(f"/risks/{risk.pk}/edit/").status_code == 200


def test_score_fragment(browser, in_llr):
    client = browser("pmo.llr")
    html = client.get("/risks/score/?basis=inherent&inherent_likelihood=4&inherent_impact=5").content.decode()
    assert "20" in html and "Red" in html and "nhsuk-tag--red" in html
    html = client.get("/risks/score/?basis=residual&residual_likelihood=9&residual_impact=5").content.decode()
    assert "choose a likelihood" in html


def test_another_tenants_risk_page_is_404(browser, make_risk, northshire):
    risk = make_risk(tenant=northshire, title="North only")
    assert browser("pmo.llr").get(f"/risks/{risk.pk}/").status_code == 404


def test_issue_dispute_referral(browser, in_llr):
    issue = Issue.objects.get(title="Which body funds the integrated point of access in BAU")
    # With the Programme Director: only the director (R on "manage risks and issues") refers it to the joint SROs.
    assert "Refer the dispute" not in browser("pmo.llr").get(f"/risks/issues/{issue.pk}/").content.decode()
    assert "Refer the dispute" in browser("director.llr").get(f"/risks/issues/{issue.pk}/").content.decode()
    browser("director.llr").post(f"/risks/issues/{issue.pk}/refer/", {"reason": "No agreement"})
    issue.refresh_from_db()
    assert issue.dispute_stage == "joint_sros"
    browser("director.llr").post(f"/risks/issues/{issue.pk}/refer/", {"reason": "Again"})
    issue.refresh_from_db()
    assert issue.dispute_stage == "joint_sros"
    browser("sro.llr").post(f"/risks/issues/{issue.pk}/refer/", {"reason": "Extreme case"})
    issue.refresh_from_db()
    assert issue.dispute_stage == "partnership_board"


def test_issue_api_escalate_dispute(api, in_llr):
    issue = Issue.objects.get(title="GP practice data sharing agreements not signed")
    refer = f"/api/v1/issues/{issue.pk}/escalate-dispute/"
    assert api("viewer.uhl.llr").post(refer, {"reason": "x"}).status_code == 403
    response = api("pmo.llr").post(f"/api/v1/issues/{issue.pk}/escalate-dispute/", {"reason": "Disputed"})
    assert response.status_code == 200 and response.json()["dispute_stage"] == "programme_director"
    assert api("pmo.llr").post(f"/api/v1/issues/{issue.pk}/escalate-dispute/", {"reason": "x"}).status_code == 403
    resolved = Issue.objects.get(title="Winter plan escalation protocol agreed late")
    assert api("pmo.llr").post(f"/api/v1/issues/{resolved.pk}/escalate-dispute/", {"reason": "x"}).status_code == 409
    data = api("viewer.uhl.llr").get("/api/v1/issues/").json()["results"][0]
    for key in ("id", "ref", "title", "owner", "priority", "status", "resolution"):
        assert key in data


def test_issue_create_via_api_and_page(api, browser, poa):
    response = api("pm.poa.llr").post("/api/v1/issues/", {"title": "Server room flood", "level": "project",
                                                          "project": poa.pk, "priority": "high"}, format="json")
    assert response.status_code == 201 and response.json()["ref"].startswith("I-")
    assert api("pm.poa.llr").post("/api/v1/issues/", {"title": "Prog", "level": "programme"},
                                  format="json").status_code == 403
    response = api("pmo.llr").post("/api/v1/issues/", {"title": "Closed", "status": "closed"}, format="json")
    assert response.status_code == 400 and "resolution" in response.json()
    page = browser("pmo.llr").post("/risks/issues/new/", {"title": "From page", "level": "programme",
                                                          "priority": "low", "status": "open",
                                                          "raised_on": "2026-01-01"})
    assert page.status_code == 302
    with tenant_context(poa.tenant):
        assert Issue.objects.filter(title="From page").exists()
