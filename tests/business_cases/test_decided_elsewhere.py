"""A stage of a case decided outside the portal (issue 19; ``business_cases.elsewhere``): recorded by the PMO with
who, when and the document, it moves a top-tier OBC straight to its FBC and is always labelled as decided elsewhere;
bad input, a stage the portal decided and anyone but the PMO are refused with nothing saved."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from business_cases import authority, elsewhere, pack_sections, pdf
from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase, PriorDecision
from core.models import User
from core.tenancy import tenant_context
from programme.choices import BodyKind
from programme.models import Body

from .conftest import PERSONAS, expected

pytestmark = pytest.mark.django_db

TOP = "2000000.00"
VALID = {
    "stage": "obc", "outcome": "approved", "decided_by": "LLR Better Care Together Delivery Board",
    "decided_on": "2016-03-01", "document": "Delivery Board minutes, 1 March 2016, item 4",
}
LABEL = ("OBC approved outside the portal by LLR Better Care Together Delivery Board on 1 March 2016 (Delivery "
         "Board minutes, 1 March 2016, item 4)")


def url(case):
    return f"/api/v1/business-cases/{case.pk}/prior-decisions/"


def state(llr, case):
    with tenant_context(llr):
        fresh = BusinessCase.objects.get(pk=case.pk)
        return fresh.document_type, fresh.status, PriorDecision.objects.filter(case=fresh).count()


def test_the_api_records_it_and_the_obc_goes_straight_to_its_fbc(api, llr, make_case):
    case = make_case(value=TOP)
    response = api("pmo.llr").post(url(case), VALID, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["label"] == LABEL and body["recorded_by"] == "pmo.llr" and body["decided_in_portal"] is False
    assert state(llr, case) == ("fbc", "draft", 1)
    shown = api("viewer.uhl.llr").get(f"/api/v1/business-cases/{case.pk}/").json()
    assert [p["label"] for p in shown["prior_decisions"]] == [LABEL]
    assert shown["obc_approved_by"] is None and shown["obc_approved_at"] is None  # never a portal decision
    assert [p["label"] for p in api("pmo.llr").get(url(case)).json()] == [LABEL]
    with tenant_context(llr):
        reasons = list(BusinessCase.objects.get(pk=case.pk).history.values_list("history_change_reason", flat=True))
        assert "OBC decided outside the portal (recorded): FBC begun" in reasons
        # The OBC stage counts as passed: the FBC may be submitted, and the project may leave Starting Up.
        rows = {row["ref"]: row for row in authority._cases(case.project)}
        assert rows[case.ref]["obc_passed"] is True
    assert api("pmo.llr").post(f"/api/v1/business-cases/{case.pk}/submit/").status_code == 200


def test_an_fbc_without_its_obc_decided_anywhere_cannot_be_submitted(api, llr, make_case):
    case = make_case(value=TOP)
    with tenant_context(llr):
        BusinessCase.objects.filter(pk=case.pk).update(document_type="fbc")
    assert api("pmo.llr").post(f"/api/v1/business-cases/{case.pk}/submit/").status_code == 409
    with tenant_context(llr):
        assert {row["ref"]: row for row in authority._cases(case.project)}[case.ref]["obc_passed"] is False


def test_a_body_of_the_hierarchy_and_conditions_may_be_given(api, llr, make_case):
    case = make_case(value=TOP)
    with tenant_context(llr):
        board = Body.objects.filter(kind=BodyKind.DELIVERY_BOARD).first()
    response = api("pmo.llr").post(url(case), {**VALID, "outcome": "approved_with_conditions", "body": board.pk,
                                               "conditions": "Report the phase 1 savings."}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == board.pk
    assert response.json()["label"].startswith("OBC approved with conditions outside the portal by")


def test_a_document_that_states_no_date_is_recorded_as_not_stated(api, llr, make_case):
    case = make_case(value=TOP)
    response = api("pmo.llr").post(url(case), {**VALID, "decided_on": None, "date_not_stated": True,
                                               "outcome": "reviewed"}, format="json")
    assert response.status_code == 201, response.json()
    assert "on a date not stated" in response.json()["label"]
    assert "reviewed and taken forward" in response.json()["label"]


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"decided_by": ""}, "decided_by", "who decided"),
    ({"decided_by": "   "}, "decided_by", "who decided"),
    ({"document": ""}, "document", "document"),
    ({"decided_on": None}, "decided_on", "does not state"),
    ({"decided_on": TOMORROW}, "decided_on", "in the future"),
    ({"date_not_stated": True}, "decided_on", "not both"),
    ({"outcome": "approved_with_conditions"}, "conditions", "conditions"),
    ({"stage": "fbc"}, "stage", "not a stage before"),
    ({"outcome": "invented"}, "outcome", ""),
    ({"document_url": "not a link"}, "document_url", ""),
])
def test_bad_input_is_refused_naming_the_problem_and_nothing_is_saved(api, llr, make_case, change, field, words):
    case = make_case(value=TOP)
    response = api("pmo.llr").post(url(case), {**VALID, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and words in " ".join(response.json()[field])
    assert state(llr, case) == ("obc", "draft", 0)


def test_a_case_with_one_stage_has_nothing_to_record(api, llr, make_case):
    case = make_case(value="400000.00")  # an OBC-tier case: its OBC is its last stage, decided in the portal
    response = api("pmo.llr").post(url(case), VALID, format="json")
    assert response.status_code == 400 and "only stage" in response.json()["stage"][0]
    assert state(llr, case) == ("obc", "draft", 0)


def test_a_stage_the_portal_decided_cannot_also_be_decided_elsewhere(api, llr, make_case):
    case = make_case(value=TOP, status=CaseStatus.APPROVED)
    with tenant_context(llr):
        BusinessCase.objects.filter(pk=case.pk).update(obc_approved_at=timezone.now(),
                                                       obc_approved_by=User.objects.get(username="pmo.llr"))
    response = api("pmo.llr").post(url(case), VALID, format="json")
    assert response.status_code == 409 and "approved in the portal" in response.json()["detail"]
    assert state(llr, case) == ("obc", "approved", 0)


@pytest.mark.parametrize("status", [CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED, CaseStatus.WITHDRAWN])
def test_an_obc_before_the_portals_boards_is_theirs_to_decide(api, llr, make_case, status):
    case = make_case(value=TOP, status=status)
    assert api("pmo.llr").post(url(case), VALID, format="json").status_code == 409
    assert state(llr, case) == ("obc", status, 0)


def test_a_stage_is_recorded_once(api, llr, make_case):
    case = make_case(value=TOP)
    assert api("pmo.llr").post(url(case), VALID, format="json").status_code == 201
    response = api("pmo.llr").post(url(case), VALID, format="json")
    assert response.status_code == 409 and "already has a decision recorded elsewhere" in response.json()["detail"]
    assert state(llr, case) == ("fbc", "draft", 1)


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_pmo_records_it(api, llr, make_case, username):
    case = make_case(value=TOP)
    response = api(username).post(url(case), VALID, format="json")
    assert response.status_code == expected({"pmo.llr"}, username, ok=201), response.json()
    if response.status_code == 403:
        assert response.json()["allowed_roles"] and state(llr, case) == ("obc", "draft", 0)


def test_the_browser_form_records_it_and_the_case_page_labels_it(browser, llr, make_case):
    case = make_case(value=TOP)
    client = browser("pmo.llr")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/decided-elsewhere/" in page
    form = client.get(f"/cases/{case.pk}/decided-elsewhere/")
    assert form.status_code == 200 and b"Record a decision taken outside the portal" in form.content
    response = client.post(f"/cases/{case.pk}/decided-elsewhere/", {**VALID, "decided_on": TOMORROW})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and "is in the future" in text
    assert state(llr, case) == ("obc", "draft", 0)
    response = client.post(f"/cases/{case.pk}/decided-elsewhere/", VALID)
    assert response.status_code == 302
    assert state(llr, case) == ("fbc", "draft", 1)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert LABEL in page and "Decided elsewhere" in page and "not a decision of the portal's boards" in page
    assert f"/cases/{case.pk}/decided-elsewhere/" not in page  # nothing left to record


def test_the_browser_refuses_anyone_but_the_pmo(browser, llr, make_case):
    case = make_case(value=TOP)
    assert browser("director.llr").get(f"/cases/{case.pk}/decided-elsewhere/").status_code == 403
    assert browser("director.llr").post(f"/cases/{case.pk}/decided-elsewhere/", VALID).status_code == 403
    page = browser("director.llr").get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/decided-elsewhere/" not in page
    assert state(llr, case) == ("obc", "draft", 0)


def test_the_pack_paper_and_the_pdf_label_it(api, llr, make_case):
    case = make_case(value=TOP)
    assert api("pmo.llr").post(url(case), VALID, format="json").status_code == 201
    assert api("pmo.llr").post(f"/api/v1/business-cases/{case.pk}/submit/").status_code == 200
    with tenant_context(llr):
        board = Body.objects.filter(kind=BodyKind.DELIVERY_BOARD).first()
        papers = [p for p in pack_sections.cases_awaiting(board) if p.ref == case.ref]
        assert ("OBC decided outside the portal", LABEL) in papers[0].facts
        fresh = BusinessCase.objects.get(pk=case.pk)
        html = render_to_string("business_cases/case_pdf.html", pdf.context(fresh))
        assert LABEL in html and "not a decision of the portal's boards" in html


def test_the_demo_points_of_access_obc_is_recorded_as_the_fbc_states_it(in_llr):
    case = BusinessCase.objects.get(title="Integrating LLR Points of Access")
    prior = case.prior_decisions.get()
    assert (prior.stage, prior.outcome, prior.decided_on, prior.date_not_stated) == ("obc", "reviewed", None, True)
    assert "SRO and the Project Board" in prior.decided_by and "11 May 2016, s2.3.4" in prior.document
    assert "review the outline business case" in prior.note
    assert prior.recorded_by.username == "pmo.llr"
    # No invented OBC: no portal decision on it, and every version is the FBC.
    assert case.obc_approved_at is None and case.obc_approved_by is None
    assert set(case.versions.values_list("document_type", flat=True)) == {"fbc"}
    assert not case.history.filter(history_change_reason__icontains="Outline Business Case (OBC) approved").exists()
    assert elsewhere.obc_passed(case)
