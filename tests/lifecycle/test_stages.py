"""Stages and end-of-stage gates (PID s3.3): the Programme Director prepares the report, the Delivery Board and
then the Partnership Board approve progression, and only then does the stage close and the next one start."""

import pytest

from core.models import Notification
from core.tenancy import tenant_context
from lifecycle.models import EndOfStageReport, LifecycleAction
from programme.models import Stage
from tests.board import at, board_meeting, by_chairs_action, decisions_on

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lifecycle/end-of-stage-reports/"
REPORT = {"changes_delivered": "Hub live.", "benefits_delivered": "Admissions avoided.",
          "next_stage_plan": "Roll out.", "risks_summary": "Workforce."}


def prepare(api, stage, who="director.llr"):
    return api(who).post(BASE, {"stage": stage.pk, **REPORT}, format="json")


def test_demo_has_the_first_delivery_stages_report_approved(api, llr):
    reports = api("viewer.uhl.llr").get(BASE).json()
    reports = reports["results"] if isinstance(reports, dict) else reports
    first = next(r for r in reports if r["stage_name"] == "Delivery stage 1")
    assert first["status"] == "approved"
    # Recorded as each board's: by the Delivery Board's chair, and by the PMO for the Partnership Board's lay chair.
    assert first["delivery_board_decided_by"] == "sro.llr"
    assert first["partnership_board_decided_by"] == "pmo.llr"
    assert len(first["lessons"]) == 2
    with tenant_context(llr):
        logged = decisions_on(EndOfStageReport.objects.get(pk=first["id"]))
        assert [(d.body.kind, d.meeting.status) for d in logged] == [("delivery_board", "held"),
                                                                      ("partnership_board", "held")]


@pytest.mark.parametrize("who,code", [("director.llr", 201), ("pmo.llr", 403), ("sro.llr", 403),
                                      ("delivery.llr", 403), ("viewer.uhl.llr", 403)])
def test_only_the_programme_director_prepares(api, stage, who, code):
    response = prepare(api, stage, who)
    assert response.status_code == code, response.content
    if code == 403:
        assert response.json()["allowed_roles"] == ["programme_director"]


def test_the_whole_gate(api, llr, stage):
    report = prepare(api, stage).json()
    assert report["status"] == "draft"
    url = f"{BASE}{report['id']}/"
    # Nothing closes before both boards approve.
    assert api("director.llr").post(url + "close-stage/", {}, format="json").status_code == 409
    assert api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "approve",
                                                 **by_chairs_action()}, format="json").status_code == 409
    submitted = api("director.llr").post(url + "submit/", format="json")
    assert submitted.json()["status"] == "submitted"
    # The Partnership Board cannot decide before the Delivery Board, nor the Partnership Board for it.
    assert api("pmo.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                                 **by_chairs_action()}, format="json").status_code == 409
    # Each board decides as a board: no member alone, whichever board; its chair or the PMO records it.
    meeting = board_meeting(llr)
    for who, board in (("partnership.llr", "delivery_board"), ("delivery.llr", "delivery_board")):
        refused = api(who).post(url + "decide/", {"board": board, "decision": "approve", **at(meeting)},
                                format="json")
        assert refused.status_code == 403 and refused.json()["allowed_roles"] == ["pmo"]
    db = api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "approve", **at(meeting)},
                             format="json")
    assert db.json()["status"] == "delivery_approved"
    assert api("director.llr").post(url + "close-stage/", {}, format="json").status_code == 409
    # The Delivery Board's chair is no chair of the Partnership Board.
    assert api("sro.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                                 **by_chairs_action()}, format="json").status_code == 403
    assert api("partnership.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                                         **by_chairs_action()}, format="json").status_code == 403
    pb = api("pmo.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                               **by_chairs_action()}, format="json")
    assert pb.json()["status"] == "approved"
    with tenant_context(llr):
        logged = decisions_on(EndOfStageReport.objects.get(pk=report["id"]))
        assert [(d.body.kind, d.meeting_id, d.chairs_action) for d in logged] == [
            ("delivery_board", meeting.pk, False), ("partnership_board", None, True)]
    with tenant_context(llr):
        assert Stage.objects.get(pk=stage.pk).status == "active"
    assert api("pmo.llr").post(url + "close-stage/", {}, format="json").status_code == 403
    closed = api("director.llr").post(url + "close-stage/", {"note": "Reviewed"}, format="json")
    assert closed.status_code == 200, closed.content
    with tenant_context(llr):
        assert Stage.objects.get(pk=stage.pk).status == "closed"
        assert Stage.objects.get(name="Delivery stage 3").status == "active"
        done = set(LifecycleAction.objects.values_list("process", flat=True))
        assert {"prepare_for_the_next_stage", "approve_end_of_stage",
                "review_at_end_of_stage_and_close_the_stage"} <= done
        assert Notification.objects.filter(kind="lifecycle.report_awaiting", recipient__username="pmo.llr")
    assert api("director.llr").post(url + "close-stage/", {}, format="json").status_code == 409


def test_a_rejected_report_goes_back_to_the_director(api, llr, stage):
    report = prepare(api, stage).json()
    url = f"{BASE}{report['id']}/"
    api("director.llr").post(url + "submit/", format="json")
    meeting = at(board_meeting(llr))
    no_reason = api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "reject", **meeting},
                                    format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()
    rejected = api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "reject",
                                                     "note": "Plan too thin.", **meeting}, format="json")
    assert rejected.json()["status"] == "rejected"
    edited = api("director.llr").patch(url, {"next_stage_plan": "A fuller plan."}, format="json")
    assert edited.status_code == 200 and edited.json()["status"] == "draft"
    with tenant_context(llr):
        assert Notification.objects.filter(kind="lifecycle.report_decided", recipient__username="director.llr")


def test_submit_needs_the_changes_and_the_plan(api, stage):
    report = api("director.llr").post(BASE, {"stage": stage.pk}, format="json").json()
    response = api("director.llr").post(f"{BASE}{report['id']}/submit/", format="json")
    assert response.status_code == 400 and "next_stage_plan" in response.json()


def test_one_report_in_progress_per_stage_and_none_for_a_closed_stage(api, llr, stage):
    assert prepare(api, stage).status_code == 201
    assert prepare(api, stage).status_code == 409
    with tenant_context(llr):
        closed = Stage.objects.get(name="Programme Definition")
    assert prepare(api, closed).status_code == 409


def test_reports_carry_lessons(api, llr, stage):
    lesson = api("pmo.llr").post("/api/v1/lifecycle/lessons/", {"title": "T", "what_was_learned": "W"},
                                 format="json").json()
    report = api("director.llr").post(BASE, {"stage": stage.pk, "lessons": [lesson["id"]], **REPORT},
                                      format="json").json()
    with tenant_context(llr):
        lessons = EndOfStageReport.objects.get(pk=report["id"]).lessons.values_list("pk", flat=True)
        assert list(lessons) == [lesson["id"]]
