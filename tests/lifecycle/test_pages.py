"""The lifecycle's browser pages: each renders for a member, offers actions only to those the matrix allows,
and its POSTs run the same services as the API."""

import pytest
from django.test import Client

from core.models import User
from core.tenancy import tenant_context
from lifecycle.models import LifecycleAction
from programme.models import Project, Stage, Workstream
from tests.board import at, board_meeting, by_chairs_action

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
    for name in ("Programme Identification", "Delivery stage 1", "Programme Closure"):
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
        stage = Stage.objects.get(name="Delivery stage 2")
    director = browser("director.llr", llr)
    response = director.post(f"/lifecycle/stages/{stage.pk}/report/", {
        "changes_delivered": "Hub", "next_stage_plan": "Roll out"})
    assert response.status_code == 302
    url = response["Location"]
    director.post(url + "submit/")
    # The Delivery Board decides as a board: its chair records it; a member reads that it awaits the board.
    member = browser("delivery.llr", llr).get(url).content.decode()
    assert "Approve progression" not in member and "awaits the Delivery Board&#x27;s decision" in member
    assert "Approve progression for the Delivery Board" in browser("sro.llr", llr).get(url).content.decode()
    meeting = board_meeting(llr)
    assert browser("sro.llr", llr).post(url + "decide/", {"board": "delivery_board", "decision": "approve",
                                                          **at(meeting)}).status_code == 302
    assert browser("pmo.llr", llr).post(url + "decide/", {"board": "partnership_board", "decision": "approve",
                                                          **by_chairs_action()}).status_code == 302
    page = director.get(url).content.decode()
    assert "Close the stage" in page and "Board decisions" in page and f"/meetings/{meeting.pk}/" in page
    director.post(url + "close/")
    with tenant_context(llr):
        assert Stage.objects.get(pk=stage.pk).status == "closed"


def test_eia_page_shows_the_equality_statement_and_the_boards_decision(llr):
    body = browser("delivery.llr", llr).get("/lifecycle/eias/").content.decode()
    assert "Appendix 8" in body and "Urgent Care: clinical navigation hub" in body
    from lifecycle.models import EqualityImpactAssessment
    with tenant_context(llr):
        eia = EqualityImpactAssessment.objects.get(title="Urgent Care: clinical navigation hub")
    page = browser("sro.llr", llr).get(f"/lifecycle/eias/{eia.pk}/").content.decode()
    assert "Approve for the Delivery Board" in page and "Disability" in page
    assert "Record the Delivery Board's decision" in page
    other = browser("delivery.llr", llr).get(f"/lifecycle/eias/{eia.pk}/").content.decode()
    assert "Approve for the Delivery Board" not in other and "awaits the Delivery Board&#x27;s decision" in other


def test_log_a_lesson_from_the_page(llr):
    response = browser("ig.llr", llr).post("/lifecycle/lessons/", {"title": "Page lesson", "what_was_learned": "W"})
    assert response.status_code == 302
    assert "Page lesson" in browser("ig.llr", llr).get("/lifecycle/lessons/?q=page").content.decode()


# The pages added for the rest of the lifecycle: start and close, EIA and quality forms, edits, the matrix ---------

MORE_PAGES = ["/lifecycle/workstreams/", "/lifecycle/processes/review_programme/"]


@pytest.mark.parametrize("path", MORE_PAGES)
def test_more_pages_render(llr, path):
    assert browser("viewer.uhl.llr", llr).get(path).status_code == 200


def test_no_template_has_an_inline_style_or_script():
    """The Content-Security-Policy refuses inline styles and scripts: none in the lifecycle's templates."""
    import re
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "templates" / "lifecycle"
    for template in folder.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\sstyle\s*=", text, re.I), template.name
        assert "<style" not in text.lower() and "<script" not in text.lower(), template.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), template.name


def test_start_and_close_from_the_pages(llr):
    director = browser("director.llr", llr)
    page = director.get("/lifecycle/workstreams/").content.decode()
    assert "Start a workstream" in page and "Integrating LLR Points of Access" in page
    assert "Start a workstream" not in browser("pmo.llr", llr).get("/lifecycle/workstreams/").content.decode()
    bad = director.post("/lifecycle/workstreams/start/", {"workstream-name": "Urgent Care",
                                                          "workstream-kind": "clinical"})
    assert bad.status_code == 400 and "already a workstream" in bad.content.decode()
    missing = director.post("/lifecycle/workstreams/start/", {"workstream-name": ""})
    assert missing.status_code == 400 and "Enter the workstream" in missing.content.decode()
    assert director.post("/lifecycle/workstreams/start/", {"workstream-name": "Page WS", "workstream-kind": "enabling"}
                         ).status_code == 302
    with tenant_context(llr):
        workstream = Workstream.objects.get(name="Page WS")
    assert director.post("/lifecycle/projects/start/", {"project-workstream": workstream.pk,
                                                         "project-name": "Page project"}).status_code == 302
    with tenant_context(llr):
        project = Project.objects.get(name="Page project")
        assert project.stage == "starting_up"
    refused = browser("pmo.llr", llr).post("/lifecycle/projects/start/", {"project-workstream": workstream.pk,
                                                                          "project-name": "Sneaky"})
    assert refused.status_code == 403
    assert browser("pmo.llr", llr).get(f"/lifecycle/projects/{project.pk}/close/").status_code == 403
    blocked = director.post(f"/lifecycle/workstreams/{workstream.pk}/close/", {"note": "Too early"})
    assert blocked.status_code == 409 and "Page project" in blocked.content.decode()
    assert director.post(f"/lifecycle/projects/{project.pk}/close/", {}).status_code == 302
    assert director.post(f"/lifecycle/workstreams/{workstream.pk}/close/", {"note": "Done"}).status_code == 302
    with tenant_context(llr):
        assert Workstream.objects.get(pk=workstream.pk).lifecycle.status == "closed"
    assert "already closed" in director.get(f"/lifecycle/workstreams/{workstream.pk}/close/").content.decode()


def test_closing_a_project_hands_its_benefits_over_from_the_page(llr):
    from benefits.models import Benefit
    from finance.models import ResourcePledge
    from risks.models import Risk

    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")
        Risk.objects.filter(project=project, level="project").update(status="closed")
        ResourcePledge.objects.filter(project=project).update(outcome="returned")  # the redeployment register
        benefits = list(Benefit.objects.filter(scope_project=project, archived=False).exclude(stage="embedded"))
        new_owner = User.objects.get(username="sro.urgentcare.llr")
    director = browser("director.llr", llr)
    page = director.get(f"/lifecycle/projects/{project.pk}/close/").content.decode()
    assert all(f"New owner of {benefit.ref}" in page for benefit in benefits)
    refused = director.post(f"/lifecycle/projects/{project.pk}/close/", {})
    assert refused.status_code == 409 and benefits[0].ref in refused.content.decode()
    done = director.post(f"/lifecycle/projects/{project.pk}/close/", {
        f"handover_{benefit.pk}": (new_owner if benefit.owner_id != new_owner.pk
                                   else User.objects.get(username="lead.urgentcare.llr")).pk for benefit in benefits})
    assert done.status_code == 302, done.content.decode()
    with tenant_context(llr):
        assert Project.objects.get(pk=project.pk).stage == "closed"


def test_write_and_edit_an_eia_from_the_pages(llr):
    from lifecycle.choices import ProtectedCharacteristic
    from lifecycle.models import EqualityImpactAssessment

    with tenant_context(llr):
        urgent_care = Workstream.objects.get(name="Urgent Care")
    lead = browser("lead.urgentcare.llr", llr)
    assert "Write an equality impact assessment" in lead.get("/lifecycle/eias/").content.decode()
    assert "Write an equality impact assessment" not in browser("viewer.uhl.llr", llr).get(
        "/lifecycle/eias/").content.decode()
    assert browser("viewer.uhl.llr", llr).get("/lifecycle/eias/new/").status_code == 403
    form = lead.get("/lifecycle/eias/new/").content.decode()
    assert "Appendix 8" in form and "Sexual orientation" in form
    bad = lead.post("/lifecycle/eias/new/", {"title": "", "workstream": urgent_care.pk, "age_impact": "awful"})
    assert bad.status_code == 400 and "Enter the EIA" in bad.content.decode()
    with tenant_context(llr):
        count = EqualityImpactAssessment.objects.count()
    created = lead.post("/lifecycle/eias/new/", {"title": "Page EIA", "workstream": urgent_care.pk,
                                                 "age_impact": "negative", "age_evidence": "Census"})
    assert created.status_code == 302
    with tenant_context(llr):
        eia = EqualityImpactAssessment.objects.get(title="Page EIA")
        assert EqualityImpactAssessment.objects.count() == count + 1
        assert list(eia.characteristics.values_list("characteristic", "impact")) == [("age", "negative")]
    every = {f"{key}_impact": "neutral" for key in ProtectedCharacteristic.values}
    edited = lead.post(f"/lifecycle/eias/{eia.pk}/edit/", {"title": "Page EIA", **every, "age_impact": "negative",
                                                           "age_mitigation": "Walk-in kept"})
    assert edited.status_code == 302
    sro = browser("sro.urgentcare.llr", llr)
    assert "Sign off as workstream SRO" in sro.get(f"/lifecycle/eias/{eia.pk}/").content.decode()
    sro.post(f"/lifecycle/eias/{eia.pk}/sign-off/")
    with tenant_context(llr):
        assert EqualityImpactAssessment.objects.get(pk=eia.pk).status == "signed_off"
    frozen = lead.get(f"/lifecycle/eias/{eia.pk}/edit/")
    assert frozen.status_code == 302


def test_quality_criteria_and_reviews_from_the_pages(llr):
    from lifecycle.choices import DIMENSIONS, DOMAINS
    from lifecycle.models import QualityCriterion, QualityReview

    with tenant_context(llr):
        urgent_care = Workstream.objects.get(name="Urgent Care")
    lead = browser("lead.urgentcare.llr", llr)
    assert "Add acceptance criteria" in lead.get("/lifecycle/quality/").content.decode()
    assert lead.post("/lifecycle/quality/new/", {"workstream": urgent_care.pk, "product": "",
                                                 "reviewer": "clinical_senate"}).status_code == 400
    assert lead.post("/lifecycle/quality/new/", {
        "workstream": urgent_care.pk, "product": "Page product", "acceptance_criteria": "Meets all six",
        "reviewer": "clinical_senate"}).status_code == 302
    with tenant_context(llr):
        criterion = QualityCriterion.objects.get(product="Page product")
    assert lead.get(f"/lifecycle/quality/{criterion.pk}/review/").status_code == 403
    pmo = browser("pmo.llr", llr)
    ratings = {f"dimension_{key}": "meets" for key, _ in DIMENSIONS} | {f"domain_{key}": "partly" for key, _ in DOMAINS}
    partial = pmo.post(f"/lifecycle/quality/{criterion.pk}/review/", {
        "reviewer": "clinical_senate", "outcome": "accepted", "dimension_safe": "meets"})
    assert partial.status_code == 400 and "Rate" in partial.content.decode()
    done = pmo.post(f"/lifecycle/quality/{criterion.pk}/review/", {"reviewer": "clinical_senate",
                                                                     "outcome": "accepted", **ratings})
    assert done.status_code == 302
    with tenant_context(llr):
        review = QualityReview.objects.get(criterion=criterion)
        assert review.dimensions["equitable"] == "meets" and review.domains["recovery"] == "partly"
    assert "Clinical Senate (external assurance)" in pmo.get("/lifecycle/quality/").content.decode()


def test_edit_a_rejected_report_and_a_lesson_from_the_pages(llr, api):
    from lifecycle.models import Lesson

    with tenant_context(llr):
        stage = Stage.objects.get(name="Delivery stage 2")
    director = browser("director.llr", llr)
    url = director.post(f"/lifecycle/stages/{stage.pk}/report/", {"changes_delivered": "Hub"})["Location"]
    assert "Edit the report" in director.get(url).content.decode()
    assert browser("pmo.llr", llr).get(url + "edit/").status_code == 403
    assert director.post(url + "edit/", {"changes_delivered": "Hub", "next_stage_plan": "Roll out",
                                         "lessons": ["nope"]}).status_code == 400
    assert director.post(url + "edit/", {"changes_delivered": "Hub", "next_stage_plan": "Roll out"}).status_code == 302
    director.post(url + "submit/")
    assert director.get(url + "edit/").status_code == 302  # submitted: no longer a draft
    with tenant_context(llr):
        lesson = Lesson.objects.get(title="Baseline benefits before the stage starts")
    assert browser("viewer.uhl.llr", llr).get(f"/lifecycle/lessons/{lesson.pk}/edit/").status_code == 403
    pmo = browser("pmo.llr", llr)
    assert f"/lifecycle/lessons/{lesson.pk}/edit/" in pmo.get("/lifecycle/lessons/").content.decode()
    assert pmo.post(f"/lifecycle/lessons/{lesson.pk}/edit/", {"title": "", "what_was_learned": "x"}).status_code == 400
    assert pmo.post(f"/lifecycle/lessons/{lesson.pk}/edit/", {
        "title": lesson.title, "what_was_learned": lesson.what_was_learned, "what_changed": "Baselines agreed first",
        "stage": lesson.stage_id}).status_code == 302
    with tenant_context(llr):
        assert Lesson.objects.get(pk=lesson.pk).what_changed == "Baselines agreed first"


def test_bad_posts_are_never_a_500(llr):
    director = browser("director.llr", llr)
    assert director.post("/lifecycle/processes/direct_work/sideways/").status_code == 404
    assert director.post("/lifecycle/closure/explode/").status_code == 404
    assert director.post("/lifecycle/processes/direct_work/decide/", {"decision": "maybe"}).status_code == 302
    assert browser("ig.llr", llr).post("/lifecycle/lessons/", {"title": "T", "what_was_learned": "W",
                                                               "stage": "abc"}).status_code == 400
    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")
        other = Workstream.objects.exclude(pk=project.workstream_id).first()
    mismatch = browser("ig.llr", llr).post("/lifecycle/lessons/", {"title": "T", "what_was_learned": "W",
                                                                   "workstream": other.pk, "project": project.pk})
    assert mismatch.status_code == 400 and "is not a project of" in mismatch.content.decode()
