"""Papers awaiting a board (end-of-stage reports, EIAs, closure) are on its agenda and in its pack."""

import pytest

from core import registry
from core.tenancy import tenant_context
from programme.models import Body
from tests.board import by_chairs_action

pytestmark = pytest.mark.django_db


def papers(llr, name):
    with tenant_context(llr):
        return [paper.source for paper in registry.papers_for(Body.objects.get(name=name))]


def test_papers_follow_the_gate(api, llr, stage):
    assert "lifecycle.eia" in papers(llr, "Delivery Board")  # the demo's Urgent Care EIA, signed off
    report = api("director.llr").post("/api/v1/lifecycle/end-of-stage-reports/", {
        "stage": stage.pk, "changes_delivered": "c", "next_stage_plan": "p"}, format="json").json()
    assert "lifecycle.end_of_stage" not in papers(llr, "Delivery Board")
    url = f"/api/v1/lifecycle/end-of-stage-reports/{report['id']}/"
    api("director.llr").post(url + "submit/", format="json")
    assert "lifecycle.end_of_stage" in papers(llr, "Delivery Board")
    assert "lifecycle.end_of_stage" not in papers(llr, "Partnership Board")
    decided = api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "approve",
                                                    **by_chairs_action()}, format="json")
    assert decided.status_code == 200, decided.content
    assert "lifecycle.end_of_stage" not in papers(llr, "Delivery Board")
    assert "lifecycle.end_of_stage" in papers(llr, "Partnership Board")


def test_closure_is_a_partnership_board_paper(api, llr, pledges_redeployed):
    for who, step, text in [("director.llr", "notify", ""), ("director.llr", "report", "R"), ("sro.llr", "review", "P"),
                            ("director.llr", "redeploy", ""), ("sro.llr", "submit", "")]:
        api(who).post(f"/api/v1/lifecycle/closure/{step}/", {"text": text}, format="json")
    assert "lifecycle.closure" in papers(llr, "Partnership Board")


def test_the_lifecycle_section_is_in_both_boards_packs(llr):
    with tenant_context(llr):
        for name in ("Delivery Board", "Partnership Board"):
            keys = [section.key for section in registry.sections(Body.objects.get(name=name))]
            assert "lifecycle" in keys


def test_the_lifecycle_section_renders(llr):
    import datetime

    from django.template.loader import render_to_string

    from lifecycle.pack_sections import lifecycle_section

    with tenant_context(llr):
        body = Body.objects.get(name="Partnership Board")
        ctx = registry.PackContext(tenant=llr, meeting=None, body=body, since=datetime.date(2000, 1, 1),
                                   today=datetime.date.today())
        html = render_to_string("lifecycle/pack_section.html", {**lifecycle_section(ctx), "since": ctx.since})
    assert "Delivery stage 1" in html and "Baseline benefits before the stage starts" in html


def test_the_boards_next_agenda_carries_the_lifecycle_papers(api, llr, stage):
    from meetings import services as meetings
    from meetings.choices import AgendaSection

    with tenant_context(llr):
        board = Body.objects.get(name="Delivery Board")
        meeting = meetings.next_meeting(board)
        sources = set(meeting.agenda_items.filter(section=AgendaSection.DECISION).values_list("paper_source",
                                                                                              flat=True))
        assert "lifecycle.eia" in sources  # the demo EIA, put on by load_demo
    report = api("director.llr").post("/api/v1/lifecycle/end-of-stage-reports/", {
        "stage": stage.pk, "changes_delivered": "c", "next_stage_plan": "p"}, format="json").json()
    api("director.llr").post(f"/api/v1/lifecycle/end-of-stage-reports/{report['id']}/submit/", format="json")
    with tenant_context(llr):
        meetings.add_papers(meeting)
        item = meeting.agenda_items.get(paper_source="lifecycle.end_of_stage")
        assert item.paper_id == report["id"] and "End-of-stage report" in item.title
