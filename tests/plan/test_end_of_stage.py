"""The plan is baselined when the last board approves an end-of-stage report (lifecycle tells it through
core.signals; lifecycle imports nothing of the plan), not before."""

import pytest

from core.tenancy import tenant_context
from plan.choices import BaselineReason
from plan.models import Baseline
from programme.models import Stage
from tests.board import DB, PB, at, board_meeting

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lifecycle/end-of-stage-reports/"
REPORT = {"changes_delivered": "Hub live.", "benefits_delivered": "Admissions avoided.",
          "next_stage_plan": "Roll out.", "risks_summary": "Workforce."}


def baselines(llr):
    with tenant_context(llr):
        return list(Baseline.objects.filter(reason=BaselineReason.END_OF_STAGE).order_by("number"))


def test_the_partnership_boards_approval_baselines_the_plan(api, llr):
    with tenant_context(llr):
        stage = Stage.objects.get(name="Delivery stage 2")
    report = api("director.llr").post(BASE, {"stage": stage.pk, **REPORT}, format="json").json()
    url = f"{BASE}{report['id']}/"
    api("director.llr").post(url + "submit/", format="json")
    before = baselines(llr)
    # each board decides as a board: the PMO, as its secretary, records it at one of its meetings (PID s3.2)
    delivered = api("pmo.llr").post(url + "decide/", {"board": "delivery_board", "decision": "approve",
                                                      **at(board_meeting(llr, DB))}, format="json")
    assert delivered.status_code == 200, delivered.content
    assert baselines(llr) == before
    approved = api("pmo.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                                     **at(board_meeting(llr, PB))}, format="json")
    assert approved.json()["status"] == "approved"
    after = baselines(llr)
    assert len(after) == len(before) + 1
    assert after[-1].end_of_stage_report_id == report["id"] and after[-1].label == "End of Delivery stage 2"
