"""Closing the Programme (PID s3.6, Appendix 3): notify, closure report, post-implementation review, redeployment
confirmed, submitted by the joint SRO, approved by the Partnership Board as a board (recorded by its chair or the
PMO as its secretary, at a meeting or by chair's action: ``test_board_decisions``), then disbanded."""

import pytest

from core.tenancy import tenant_context
from lifecycle.models import LifecycleAction
from tests.board import by_chairs_action

from .conftest import NOBODY, ROLE_PERSONA, ROWS, holders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pledges_redeployed")]
BASE = "/api/v1/lifecycle/closure/"


def step(api, who, name, **body):
    return api(who).post(f"{BASE}{name}/", body, format="json")


def test_the_whole_closure(api, llr):
    assert api("viewer.uhl.llr").get(BASE).json()["status"] == "not_started"
    assert step(api, "director.llr", "report", text="x").status_code == 409  # not yet notified
    assert step(api, "pmo.llr", "notify").status_code == 403
    assert step(api, "director.llr", "notify").json()["status"] == "notified"
    assert step(api, "director.llr", "notify").status_code == 409
    assert step(api, "sro.llr", "submit").status_code == 400  # nothing written yet
    assert step(api, "pmo.llr", "report", text="Report").status_code == 403
    assert step(api, "director.llr", "report", text="").status_code == 400
    assert step(api, "director.llr", "report", text="Closure report").status_code == 200
    assert step(api, "director.llr", "review", text="PIR").status_code == 403  # joint SRO is R for review
    assert step(api, "sro.llr", "review", text="Post-implementation review").status_code == 200
    assert step(api, "director.llr", "redeploy", text="All staff back to their organisations").status_code == 200
    assert step(api, "director.llr", "submit").status_code == 403  # the joint SRO is R
    assert step(api, "sro.llr", "submit").json()["status"] == "submitted"
    assert step(api, "director.llr", "disband").status_code == 409
    assert step(api, "sro.llr", "decide", decision="approve", **by_chairs_action()).status_code == 403
    # A member of the Partnership Board does not decide alone; the PMO records the board's decision.
    assert step(api, "partnership.llr", "decide", decision="approve", **by_chairs_action()).status_code == 403
    assert step(api, "pmo.llr", "decide", decision="approve").status_code == 400  # no meeting, no chair's action
    assert step(api, "pmo.llr", "decide", decision="approve", **by_chairs_action()).json()["status"] == "approved"
    assert step(api, "pmo.llr", "disband").status_code == 403
    assert step(api, "director.llr", "disband").json()["status"] == "disbanded"
    with tenant_context(llr):
        done = set(LifecycleAction.objects.values_list("process", flat=True))
    assert {"notify_programme_about_to_close", "finish_programme_information", "review_programme",
            "confirm_redeployment_of_all_programme_resource", "approve_programme_closure",
            "disband_programme_organisation_and_team"} <= done


def test_redeployment_waits_for_every_pledge_on_the_register(api, llr):
    """PID Appendix 3, "confirm redeployment of all programme resource": refused, naming each pledge, while the
    redeployment register has a pledge with no outcome; confirmed once it has none."""
    from finance.models import ResourcePledge

    step(api, "director.llr", "notify")
    with tenant_context(llr):
        live = ResourcePledge.objects.order_by("pk").first()
        ResourcePledge.objects.filter(pk=live.pk).update(outcome="")
    refused = step(api, "director.llr", "redeploy", text="All back")
    assert refused.status_code == 400 and "redeployment register" in str(refused.json())
    assert api("director.llr").get(BASE).json()["redeployment_confirmed"] is False
    with tenant_context(llr):
        ResourcePledge.objects.filter(pk=live.pk).update(outcome="ended")
    assert step(api, "director.llr", "redeploy", text="All back").status_code == 200


def test_a_rejected_closure_can_be_resubmitted(api, llr):
    step(api, "director.llr", "notify")
    step(api, "director.llr", "report", text="R")
    step(api, "sro.llr", "review", text="P")
    step(api, "director.llr", "redeploy")
    step(api, "sro.llr", "submit")
    assert step(api, "pmo.llr", "decide", decision="reject", text="Not yet",
                **by_chairs_action()).json()["status"] == "rejected"
    assert step(api, "sro.llr", "submit").json()["status"] == "submitted"


# The steps in order, each by a role that may take it; and each step's Appendix 3 process and the letter it needs.
BEFORE = [("notify", "director.llr", {}), ("report", "director.llr", {"text": "R"}),
          ("review", "sro.llr", {"text": "P"}), ("redeploy", "director.llr", {}), ("submit", "sro.llr", {}),
          ("decide", "pmo.llr", by_chairs_action())]
STEPS = {"notify": ("notify_programme_about_to_close", "R"), "report": ("finish_programme_information", "R"),
         "review": ("review_programme", "R"), "redeploy": ("confirm_redeployment_of_all_programme_resource", "R"),
         "submit": ("approve_programme_closure", "R"), "decide": ("approve_programme_closure", "A"),
         "disband": ("disband_programme_organisation_and_team", "R")}
CASES = [(name, role) for name in STEPS for role in [*ROLE_PERSONA, None]]


@pytest.mark.parametrize("case", CASES, ids=[f"{name}-{role or 'nobody'}" for name, role in CASES])
def test_each_closure_step_each_role(api, llr, case):
    """Each step of closing the programme is its Appendix 3 process: the role holding its letter may, no other. The
    decision (A: the Partnership Board) is the board's: recorded by its chair (no user in the demo) or the PMO."""
    name, role = case
    key, letter = STEPS[name]
    letters = next(letters for k, _, letters in ROWS if k == key)
    if name == "decide":
        letters, letter = {"pmo": "A"}, "A"  # who may record the Partnership Board's decision
    for done, who, body in BEFORE:
        if done == name:
            break
        assert step(api, who, done, **body).status_code == 200
    body = {"text": "Written", "decision": "approve", **by_chairs_action()}
    response = step(api, ROLE_PERSONA[role] if role else NOBODY, name, **body)
    if role and letter in letters.get(role, ""):
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["allowed_roles"] == holders(letters, letter)


def test_bad_closure_input_is_a_400(api, llr):
    step(api, "director.llr", "notify")
    assert step(api, "director.llr", "report", text="   ").status_code == 400
    for done, who, body in BEFORE[1:5]:
        step(api, who, done, **body)
    refused = step(api, "pmo.llr", "decide", decision="maybe", **by_chairs_action())
    assert refused.status_code == 400 and "decision" in refused.json()
    assert api("viewer.uhl.llr").get(BASE).json()["status"] == "submitted"
