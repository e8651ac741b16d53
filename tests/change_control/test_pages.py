"""The browser pages: the change log, a request's path and the form for its next step (only for those
allowed), raising and resubmitting, 404 across partnerships, constant cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from change_control.models import ChangeRequest

from .conftest import PERSONAS

pytestmark = pytest.mark.django_db

STEP_HEADINGS = {"assess": "Save the assessment", "propose": "Put it to the", "decide": "Record the decision",
                 "implement": "Mark as implemented"}


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "style=" not in html and "<script>" not in html
    return html


@pytest.mark.parametrize("username", PERSONAS)
def test_the_log_and_a_request_render_for_every_member(browser, make_request, username, in_llr):
    request = make_request("proposed")
    client = browser(username)
    html = page(client, "/changes/")
    assert "<caption" in html and request.ref in html and "Raise a change request" in html
    html = page(client, f"/changes/{request.pk}/")
    assert "nhsuk-task-list" in html and "Capture and log" in html and "Decide: approve, reject or defer" in html
    assert page(client, "/changes/new/")


@pytest.mark.parametrize(("status", "step", "allowed"), [
    ("logged", "assess", {"pmo.llr"}),
    ("assessed", "propose", {"pmo.llr"}),
    ("proposed", "decide", {"sro.urgentcare.llr"}),
    ("approved", "implement", {"pmo.llr", "director.llr"}),
])
@pytest.mark.parametrize("username", PERSONAS)
def test_the_next_steps_form_shows_only_to_those_allowed(browser, make_request, username, status, step, allowed):
    request = make_request(status)
    html = page(browser(username), f"/changes/{request.pk}/")
    assert (STEP_HEADINGS[step] in html) == (username in allowed), (username, step)
    assert (f'action="/changes/{request.pk}/{step}/"' in html) == (username in allowed)


def test_the_originator_sees_why_they_may_not_decide(browser, make_request):
    request = make_request("proposed", cost="100.00", originator="sro.urgentcare.llr")
    html = page(browser("sro.urgentcare.llr"), f"/changes/{request.pk}/")
    assert "separation of duties" in html and "Record the decision" not in html
    html = page(browser("director.llr"), f"/changes/{request.pk}/")
    assert "Record the decision" in html and "referred up" in html


def test_raising_assessing_proposing_deciding_and_implementing_through_the_pages(browser, poa, mailoutbox):
    response = browser("pm.poa.llr").post("/changes/new/", {
        "kind": "suggestion", "title": "Through the pages", "description": "Suggested in a browser.",
        "project": poa.pk})
    assert response.status_code == 302
    request = ChangeRequest.objects.get(title="Through the pages")
    assert (request.workstream_id, request.originator.username) == (poa.workstream_id, "pm.poa.llr")
    pmo = browser("pmo.llr")
    response = pmo.post(f"/changes/{request.pk}/assess/", {"cost_impact": "12,000.00"})
    assert response.status_code == 400 and "nhsuk-error-summary" in response.content.decode()
    assert pmo.post(f"/changes/{request.pk}/assess/", {"cost_impact": "12000.00", "priority": "higher",
                                                         "impact_risks": "None new"}).status_code == 302
    assert pmo.post(f"/changes/{request.pk}/propose/", {"proposal": "Approve."}).status_code == 302
    sro = browser("sro.urgentcare.llr")
    response = sro.post(f"/changes/{request.pk}/decide/", {"decision": "reject"})
    assert response.status_code == 400 and "communicated to the originator" in response.content.decode()
    response = sro.post(f"/changes/{request.pk}/decide/", {"decision": "approve", "rationale": "Yes."}, follow=True)
    assert "is now decided: approve." in response.content.decode()
    assert browser("pmo.llr").post(f"/changes/{request.pk}/implement/", {"note": "Done"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decision, request.priority) == ("implemented", "approve", "higher")
    html = page(browser("viewer.uhl.llr"), f"/changes/{request.pk}/")
    assert "Implemented" in html and "None new" in html


def test_a_refused_step_through_the_pages(browser, make_request):
    request = make_request("proposed")
    response = browser("pmo.llr").post(f"/changes/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403 and "Workstream SRO" in response.content.decode()
    response = browser("pmo.llr").post(f"/changes/{request.pk}/assess/", {"cost_impact": "1.00"}, follow=True)
    assert "only a logged or assessed request can be assessed" in response.content.decode()
    assert ChangeRequest.all_tenants.get(pk=request.pk).status == "proposed"


def test_a_bad_raise_is_a_400_that_saves_nothing(browser, in_llr):
    before = ChangeRequest.objects.count()
    response = browser("viewer.uhl.llr").post("/changes/new/", {"kind": "change_request", "title": "",
                                                                 "description": ""})
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.content.decode()
    assert ChangeRequest.objects.count() == before


def test_resubmitting_a_deferred_request_through_the_pages(browser, make_request):
    request = make_request("deferred")
    client = browser("lead.urgentcare.llr")
    html = page(client, f"/changes/{request.pk}/")
    assert "Resubmit as version 2" in html
    form = page(client, f"/changes/{request.pk}/resubmit/")
    assert "Resubmit it as version 2" in form and request.title in form
    response = client.post(f"/changes/{request.pk}/resubmit/", {
        "kind": "change_request", "title": "Smaller change", "description": "Modified.",
        "workstream": request.workstream_id})
    assert response.status_code == 302
    new = ChangeRequest.all_tenants.get(predecessor=request)
    assert (new.version, new.status, new.title) == (2, "logged", "Smaller change")
    html = page(client, f"/changes/{request.pk}/")
    assert "resubmitted as" in html and new.ref in html
    assert client.get(f"/changes/{request.pk}/resubmit/").status_code == 302  # only once


def test_another_partnerships_request_is_a_404(browser, make_request):
    request = make_request("proposed")
    client = browser("pmo.north")
    assert client.get(f"/changes/{request.pk}/").status_code == 404
    assert client.post(f"/changes/{request.pk}/decide/", {"decision": "approve"}).status_code == 404
    assert client.get(f"/changes/{request.pk}/resubmit/").status_code == 404
    html = client.get("/changes/").content.decode()
    assert request.title not in html


def test_the_log_filters_with_the_filterset(browser, make_request):
    a = make_request("proposed", cost="100.00", title="Small one")
    b = make_request("proposed", cost="300000.00", title="Large one")
    html = page(browser("pmo.llr"), "/changes/?authority=delivery_board&page_size=100")
    assert b.title in html and a.title not in html
    html = page(browser("pmo.llr"), "/changes/?status=nonsense")
    assert "Some filters were not applied" in html


def test_the_log_costs_the_same_however_long(browser, make_request):
    client = browser("pmo.llr")
    client.get("/changes/")

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    small = count("/changes/?page_size=25")
    for n in range(30):
        make_request("assessed" if n % 2 else "logged", title=f"Bulk {n}", place="project" if n % 3 else None)
    assert count("/changes/?page_size=25") == small
    assert count("/changes/?page_size=100") == small


def test_the_nav_has_change_control(browser):
    html = page(browser("viewer.uhl.llr"), "/changes/")
    assert 'href="/changes/"' in html and "Change control" in html
