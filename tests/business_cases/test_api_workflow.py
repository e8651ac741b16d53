"""Every workflow step for every LLR persona: allowed, refused by role (403) or by state (409) (DOMAIN.md s3, s5).

Cases here belong to the Points of Access project (Urgent Care workstream) and are written by ig.llr, who holds
no letter for them, so each persona's answer comes from their own roles alone.
"""

import pytest

from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.tenancy import tenant_context

from .conftest import AUTHORS, CHAIRS_ACTION, DB_RECORDERS, IAPT, PB_RECORDERS, PERSONAS, expected

pytestmark = pytest.mark.django_db

TOP = "2000000.00"
OBC = "400000.00"


BOARD_STEPS = {"recommend", "approve", "reject"}


def post(api, username, case, action, body=None):
    """POST a step; a board's step is recorded as a chair's action unless the body says how the board decided."""
    body = dict(body or {})
    if action in BOARD_STEPS and "decided_at_meeting" not in body and "chairs_action" not in body:
        body.update(CHAIRS_ACTION)
    return api(username).post(f"/api/v1/business-cases/{case.pk}/{action}/", body, format="json")


def status_of(llr, case):
    with tenant_context(llr):
        return BusinessCase.objects.get(pk=case.pk).status


@pytest.mark.parametrize("username", PERSONAS)
def test_submit_a_draft(api, llr, make_case, username):
    case = make_case()
    response = post(api, username, case, "submit")
    assert response.status_code == expected(AUTHORS, username), response.json()
    if response.status_code == 200:
        assert response.json()["status"] == "submitted" and response.json()["submitted_by"] == username
    else:
        assert response.json()["allowed_roles"] and status_of(llr, case) == CaseStatus.DRAFT


@pytest.mark.parametrize("username", PERSONAS)
def test_submitting_outside_ones_own_workstream(api, make_case, username):
    case = make_case(project=IAPT)
    assert post(api, username, case, "submit").status_code == expected({"pmo.llr", "director.llr"}, username)


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("state", ["submitted", "recommended", "approved", "rejected", "withdrawn"])
def test_only_a_draft_can_be_submitted(api, make_case, username, state):
    assert post(api, username, make_case(status=state), "submit").status_code == 409


@pytest.mark.parametrize("username", PERSONAS)
def test_approve_an_rff_is_the_delivery_boards(api, llr, make_case, username):
    case = make_case(status="submitted")
    response = post(api, username, case, "approve", {"note": "Agreed"})
    assert response.status_code == expected(DB_RECORDERS, username)
    if response.status_code == 200:
        assert response.json()["status"] == "approved" and response.json()["decided_by"] == username


@pytest.mark.parametrize("username", PERSONAS)
def test_an_rff_is_not_recommended(api, make_case, username):
    response = post(api, username, make_case(status="submitted"), "recommend")
    assert response.status_code == expected(DB_RECORDERS, username, ok=409)
    if username in DB_RECORDERS:
        assert "RFF" in response.json()["detail"]


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("value", [OBC, TOP])
def test_recommend_an_obc_is_the_delivery_boards(api, make_case, username, value):
    case = make_case(status="submitted", value=value)
    response = post(api, username, case, "recommend")
    assert response.status_code == expected(DB_RECORDERS, username)
    if response.status_code == 200:
        assert response.json()["status"] == "recommended" and response.json()["awaiting_board"] == "partnership_board"


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("value", [OBC, TOP])
def test_approve_a_recommended_obc_is_the_partnership_boards(api, make_case, username, value):
    case = make_case(status="recommended", value=value)
    response = post(api, username, case, "approve")
    assert response.status_code == expected(PB_RECORDERS, username)
    if response.status_code == 200:
        body = response.json()
        assert body["status"] == "approved"
        assert (body["obc_approved_by"] == "pmo.llr") is (value == TOP)


@pytest.mark.parametrize("username", PERSONAS)
def test_an_obc_needs_the_recommendation_before_approval(api, make_case, username):
    response = post(api, username, make_case(status="submitted", value=OBC), "approve")
    assert response.status_code == expected(PB_RECORDERS, username, ok=409)
    if username in PB_RECORDERS:
        assert "recommendation" in response.json()["detail"]


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize(("value", "state", "deciders"), [
    ("100000.00", "submitted", DB_RECORDERS),
    (OBC, "submitted", DB_RECORDERS),
    (OBC, "recommended", PB_RECORDERS),
    (TOP, "recommended", PB_RECORDERS),
])
def test_reject(api, llr, make_case, username, value, state, deciders):
    case = make_case(status=state, value=value)
    response = post(api, username, case, "reject", {"note": "Not affordable this year."})
    assert response.status_code == expected(deciders, username)
    assert status_of(llr, case) == ("rejected" if username in deciders else state)


@pytest.mark.parametrize("state", ["draft", "approved", "rejected", "withdrawn"])
def test_reject_only_what_awaits_a_board(api, make_case, state):
    assert post(api, "pmo.llr", make_case(status=state), "reject", {"note": "No"}).status_code == 409


def test_reject_needs_a_reason(api, make_case):
    response = post(api, "pmo.llr", make_case(status="submitted"), "reject", {})
    assert response.status_code == 400 and "note" in response.json()


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("state", ["draft", "submitted", "recommended", "approved"])
def test_withdraw(api, llr, make_case, username, state):
    case = make_case(status=state, value=OBC)
    response = post(api, username, case, "withdraw", {"reason": "Superseded by the Vanguard model."})
    assert response.status_code == expected(AUTHORS | {"sro.urgentcare.llr"}, username)
    if response.status_code == 200:
        assert response.json()["withdrawn_reason"] == "Superseded by the Vanguard model."


@pytest.mark.parametrize("state", ["rejected", "withdrawn"])
def test_withdraw_conflicts_when_already_final(api, make_case, state):
    assert post(api, "pmo.llr", make_case(status=state), "withdraw", {"reason": "x"}).status_code == 409


def test_withdraw_needs_a_reason(api, make_case):
    assert post(api, "pmo.llr", make_case(), "withdraw", {"reason": " "}).status_code == 400


@pytest.mark.parametrize("username", PERSONAS)
def test_revise_a_rejected_case(api, make_case, username):
    case = make_case(status="rejected")
    response = post(api, username, case, "revise")
    assert response.status_code == expected(AUTHORS, username)
    if response.status_code == 200:
        assert response.json()["status"] == "draft"
    assert post(api, "pmo.llr", make_case(status="approved"), "revise").status_code == 409


@pytest.mark.parametrize("username", PERSONAS)
def test_begin_the_fbc_of_an_approved_top_tier_obc(api, llr, make_case, username):
    case = make_case(status="approved", value=TOP)
    with tenant_context(llr):
        BusinessCase.objects.filter(pk=case.pk).update(obc_approved_at=case.submitted_at)
    response = post(api, username, case, "start-fbc")
    assert response.status_code == expected(AUTHORS, username)
    if response.status_code == 200:
        body = response.json()
        assert (body["status"], body["document_type"], body["tier"]) == ("draft", "fbc", "obc_fbc")
        assert body["section_requirements"] == {key: "detail" for key in body["sections"]} | {
            key: "detail" for key in body["required_sections"]}


@pytest.mark.parametrize(("value", "state"), [(OBC, "approved"), (TOP, "recommended"), ("1000.00", "approved")])
def test_no_fbc_without_an_approved_top_tier_obc(api, make_case, value, state):
    assert post(api, "pmo.llr", make_case(status=state, value=value), "start-fbc").status_code == 409


@pytest.mark.parametrize("username", PERSONAS)
def test_edit_a_draft(api, llr, make_case, username):
    case = make_case()
    response = api(username).patch(f"/api/v1/business-cases/{case.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == expected(AUTHORS, username)


@pytest.mark.parametrize("state", ["submitted", "recommended", "approved", "rejected", "withdrawn"])
def test_only_a_draft_is_edited(api, make_case, state):
    case = make_case(status=state)
    response = api("pmo.llr").patch(f"/api/v1/business-cases/{case.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == 409


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize(("value", "scorers"), [("100000.00", {"pmo.llr", "delivery.llr"}),
                                                (OBC, {"delivery.llr", "partnership.llr"})])
def test_score_a_case_awaiting_a_board(api, make_case, username, value, scorers):
    case = make_case(status="submitted", value=value)
    body = {"business_need": 5, "strategic_fit": 4, "value_for_money": 3, "affordability": 4, "clinical_quality": 2,
            "access": 5, "comment": "Strong need."}
    response = post(api, username, case, "scores", body)
    assert response.status_code == expected(scorers, username, ok=201)
    if response.status_code == 201:
        assert response.json()["total"] == 23


def test_create_a_case_is_for_those_with_r_on_the_project(api, poa):
    body = {"title": "A new case", "project": poa.pk, "value": "120000.00", "sections": {"strategic": "Why"}}
    for username in PERSONAS:
        response = api(username).post("/api/v1/business-cases/", body, format="json")
        assert response.status_code == expected(AUTHORS, username, ok=201), username
        if response.status_code == 201:
            created = response.json()
            assert created["author"] == username and created["status"] == "draft"
            assert (created["tier"], created["document_type"]) == ("rff", "rff")
            assert created["ref"].startswith("BC-")


class TestSeparationOfDuties:
    """Nobody scores what they wrote or submitted, nor decides it alone by chair's action (403, with a clear
    message). At a meeting the board decides; its chair or secretary only records it (meetings.decisions)."""

    @pytest.mark.parametrize(("value", "state", "action", "decider"), [
        ("100000.00", "submitted", "approve", "sro.llr"),
        ("100000.00", "submitted", "reject", "sro.llr"),
        (OBC, "submitted", "recommend", "sro.llr"),
        (OBC, "recommended", "approve", "pmo.llr"),
        ("100000.00", "submitted", "scores", "delivery.llr"),
    ])
    def test_the_author_cannot_decide(self, api, llr, make_case, value, state, action, decider):
        case = make_case(status=state, value=value, author=decider)
        body = {"note": "Mine", "business_need": 5, "strategic_fit": 5, "value_for_money": 5, "affordability": 5,
                "clinical_quality": 5, "access": 5}
        response = post(api, decider, case, action, body)
        assert response.status_code == 403
        assert "separation of duties" in response.json()["detail"]
        assert status_of(llr, case) == state

    def test_the_submitter_cannot_approve(self, api, llr, make_case):
        case = make_case(status="submitted", author="pmo.llr")
        with tenant_context(llr):
            from core.models import User

            BusinessCase.objects.filter(pk=case.pk).update(submitted_by=User.objects.get(username="sro.llr"))
        response = post(api, "sro.llr", case, "approve")
        assert response.status_code == 403 and "You submitted" in response.json()["detail"]


def test_the_whole_top_tier_journey(api, llr, make_case):
    """OBC written, submitted, recommended and approved; then its FBC in detail, submitted after the OBC."""
    case = make_case(value=TOP, author="lead.urgentcare.llr", sections={"strategic": "Outline"})
    lead = api("lead.urgentcare.llr")
    response = post(api, "lead.urgentcare.llr", case, "submit")
    assert response.status_code == 400
    assert "Economic case, Commercial case, Financial case and Management case" in response.json()["sections"][0]
    assert response.json()["missing_sections"] == ["economic", "commercial", "financial", "management"]
    outline = {key: f"{key} in outline" for key in ("strategic", "economic", "commercial", "financial", "management")}
    assert lead.patch(f"/api/v1/business-cases/{case.pk}/", {"sections": outline}, format="json").status_code == 200
    assert post(api, "lead.urgentcare.llr", case, "submit").json()["document_type"] == "obc"
    assert post(api, "sro.llr", case, "recommend").status_code == 200
    assert post(api, "pmo.llr", case, "approve").json()["obc_approved_by"] == "pmo.llr"
    fbc = post(api, "lead.urgentcare.llr", case, "start-fbc").json()
    assert (fbc["document_type"], fbc["status"]) == ("fbc", "draft")
    assert fbc["sections"]["strategic"] == "strategic in outline"
    detail = {key: f"{key} in detail" for key in outline}
    lead.patch(f"/api/v1/business-cases/{case.pk}/", {"sections": detail}, format="json")
    assert post(api, "lead.urgentcare.llr", case, "submit").json()["status"] == "submitted"
    assert post(api, "pmo.llr", case, "approve").status_code == 409
    post(api, "sro.llr", case, "recommend")
    final = post(api, "pmo.llr", case, "approve").json()
    assert (final["status"], final["document_type"], final["version_count"]) == ("approved", "fbc", 2)


def test_the_fbc_value_cannot_drop_below_the_top_tier(api, make_case):
    case = make_case(value=TOP, document_type="fbc")
    response = api("pmo.llr").patch(f"/api/v1/business-cases/{case.pk}/", {"value": "450000.00"}, format="json")
    assert response.status_code == 400 and "change request" in response.json()["value"][0]


def test_a_draft_follows_its_value_into_another_tier(api, make_case):
    case = make_case(value="100000.00")
    body = api("pmo.llr").patch(f"/api/v1/business-cases/{case.pk}/", {"value": "250000.01"}, format="json").json()
    assert (body["tier"], body["document_type"], body["required_sections"]) == (
        "obc", "obc", ["strategic", "economic", "commercial", "financial", "management"])
