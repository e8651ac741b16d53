"""The lifecycle's browser pages: each renders for a member, offers actions only to those the matrix allows,
and its POSTs run the same services as the API."""

import pytest
from django.test import Client

from programme.models import LifecycleAction, Stage, User
from programme.tenancy import tenant_context

pytestmark = pytest.mark.django_db
PAGES = ["/lifecycle/", "/lifecycle/processes/", "/lifecycle/closure/", "/lifecycle/eias/", "/lifecycle/quality/",
         "/lifecycle/lessons/", "/lifecycle/lessons/?q=baseline"]


def browser(username, llr):
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    return client


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(llr, path):
    response = browser("viewer.uhl.llr", llr).get(path)
    assert response.status_code == 200, path


def test_overview_shows_the_stage_plan_and_demo_report(llr):
    body = browser("director.llr", llr).get("/lifecycle/").content.decode()
    for name in ("Programme Identification", "Delivery stage 1 (2015/16)", "Programme Closure"):
        assert name in body
    assert "Approved by the Partnership Board" in body and "Prepare the end-of-stage report" in body
    assert "Prepare the end-of-stage report" not in browser("pmo.llr", llr).get("/lifecycle/").content.decode()


def test_processes_page_offers_only_what_the_matrix_allows(llr):
    director = browser("director.llr", llr).get("/lifecycle/processes/").content.decode()
    viewer = browser("viewer.uhl.llr", llr).get("/lifecycle/processes/").content.decode()
    assert "/lifecycle/processes/direct_work/perform/" in director
    assert "/perform/" not in viewer and "/decide/" not in viewer
    browser("director.llr", llr).post("/lifecycle/processes/direct_work/perform/", {"note": "From the page"})
    with tenant_context(llr):
        assert LifecycleAction.objects.filter(process="direct_work", note="From the page").exists()
    browser("viewer.uhl.llr", llr).post("/lifecycle/processes/direct_work/perform/", {"note": "Sneaky"})
    with tenant_context(llr):
        assert not LifecycleAction.objects.filter(note="Sneaky").exists()


def test_the_gate_from_the_pages(llr):
    with tenant_context(llr):
        stage = Stage.objects.get(name="Delivery stage 2 (2016/17)")
    director = browser("director.llr", llr)
    response = director.post(f"/lifecycle/stages/{stage.pk}/report/", {
        "changes_delivered": "Hub", "next_stage_plan": "Roll out"})
    assert response.status_code == 302
    url = response["Location"]
    director.post(url + "submit/")
    page = browser("delivery.llr", llr).get(url).content.decode()
    assert "Approve progression for the Delivery Board" in page
    browser("delivery.llr", llr).post(url + "decide/", {"board": "delivery_board", "decision": "approve"})
    browser("partnership.llr", llr).post(url + "decide/", {"board": "partnership_board", "decision": "approve"})
    assert "Close the stage" in director.get(url).content.decode()
    director.post(url + "close/")
    with tenant_context(llr):
        assert Stage.objects.get(pk=stage.pk).status == "closed"


def test_eia_page_shows_the_equality_statement_and_the_boards_decision(llr):
    body = browser("delivery.llr", llr).get("/lifecycle/eias/").content.decode()
    assert "Appendix 8" in body and "Urgent Care: clinical navigation hub" in body
    from programme.models import EqualityImpactAssessment
    with tenant_context(llr):
        eia = EqualityImpactAssessment.objects.get(title="Urgent Care: clinical navigation hub")
    page = browser("delivery.llr", llr).get(f"/lifecycle/eias/{eia.pk}/").content.decode()
    assert "Approve for the Delivery Board" in page and "Disability" in page
    other = browser("pmo.llr", llr).get(f"/lifecycle/eias/{eia.pk}/").content.decode()
    assert "Approve for the Delivery Board" not in other


def test_log_a_lesson_from_the_page(llr):
    response = browser("ig.llr", llr).post("/lifecycle/lessons/", {"title": "Page lesson", "what_was_learned": "W"})
    assert response.status_code == 302
    assert "Page lesson" in browser("ig.llr", llr).get("/lifecycle/lessons/?q=page").content.decode()
