"""The lifecycle's board steps are the boards' (PID s3.2; ``lifecycle.boards``): the Delivery Board's and then the
Partnership Board's decisions on an end-of-stage report, the Delivery Board's on an EIA, the Partnership Board's on
the programme's closure and on an Appendix 3 process the PID gives it ("approval to proceed to the first stage").
Each is recorded by the board's chair or the PMO at one of the board's meetings in progress or held (entering that
meeting's decisions log, under the paper's agenda item) or as a chair's action; a plain member is refused; without a
meeting or chair's action, or at another board's, a cancelled or a future meeting, nothing changes and the field is
named. Through the services, the API and the pages."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from core.exceptions import PermissionRefused
from core.models import Notification, User
from core.tenancy import tenant_context
from lifecycle import assurance, services
from lifecycle.choices import ActionKind, ClosureStatus, EiaStatus, ProtectedCharacteristic, ReportStatus
from lifecycle.models import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    LifecycleAction,
    ProgrammeClosure,
)
from meetings import decisions
from meetings.choices import MeetingStatus
from meetings.decisions import HowDecided
from programme.models import Stage, Workstream
from tests.board import DB, PB, at, board_meeting, by_chairs_action, decisions_on, put_on_agenda

pytestmark = pytest.mark.django_db
API = "/api/v1/lifecycle"
FIRST_STAGE = "approval_to_proceed_to_the_first_stage"


def user(name):
    return User.objects.get(username=name)


# The papers, each awaiting its board ------------------------------------------------------------------------------

def report_in(status):
    return EndOfStageReport.objects.create(
        stage=Stage.objects.get(name="Delivery stage 2"), prepared_by=user("director.llr"),
        changes_delivered="Hub live.", next_stage_plan="Roll out.", status=status)


def signed_off_eia():
    eia = EqualityImpactAssessment.objects.create(
        title="Hub triage", workstream=Workstream.objects.get(name="Urgent Care"), status=EiaStatus.SIGNED_OFF,
        created_by=user("lead.urgentcare.llr"), signed_off_by=user("sro.urgentcare.llr"))
    for key in ProtectedCharacteristic.values:
        EiaCharacteristic.objects.create(assessment=eia, characteristic=key, impact="neutral")
    return eia


def submitted_closure():
    return ProgrammeClosure.objects.create(status=ClosureStatus.SUBMITTED, closure_report="Report.",
                                           post_implementation_review="Review.", redeployment_confirmed=True,
                                           submitted_by=user("sro.llr"))


def performed_first_stage():
    return services.perform(user("sro.llr"), FIRST_STAGE, note="Ready for the first stage.")


@dataclass
class Step:
    board: str
    recorder: str  # the Delivery Board's chair (sro.llr); the Partnership Board's lay chair is no user: the PMO
    member: str  # a member of the board who neither chairs it nor is its secretary
    make: object
    api_url: str
    page_url: str
    body: dict
    decide: object  # (paper, user, how) -> the service's step
    state: object  # paper -> its state, re-read
    before: str
    after: str

    def refreshed(self, paper):
        return type(paper).objects.get(pk=paper.pk)


STEPS = {
    "report-delivery-board": Step(
        DB, "sro.llr", "delivery.llr", lambda: report_in(ReportStatus.SUBMITTED),
        API + "/end-of-stage-reports/{pk}/decide/", "/lifecycle/reports/{pk}/decide/",
        {"board": "delivery_board", "decision": "approve"},
        lambda paper, who, how: services.decide_report(paper, who, "delivery_board", "approve", how=how),
        lambda paper: paper.status, ReportStatus.SUBMITTED, ReportStatus.DELIVERY_APPROVED),
    "report-partnership-board": Step(
        PB, "pmo.llr", "partnership.llr", lambda: report_in(ReportStatus.DELIVERY_APPROVED),
        API + "/end-of-stage-reports/{pk}/decide/", "/lifecycle/reports/{pk}/decide/",
        {"board": "partnership_board", "decision": "approve"},
        lambda paper, who, how: services.decide_report(paper, who, "partnership_board", "approve", how=how),
        lambda paper: paper.status, ReportStatus.DELIVERY_APPROVED, ReportStatus.APPROVED),
    "eia": Step(
        DB, "sro.llr", "delivery.llr", signed_off_eia, API + "/eias/{pk}/decide/", "/lifecycle/eias/{pk}/decide/",
        {"decision": "approve"}, lambda paper, who, how: assurance.decide_eia(paper, who, "approve", how=how),
        lambda paper: paper.status, EiaStatus.SIGNED_OFF, EiaStatus.APPROVED),
    "closure": Step(
        PB, "pmo.llr", "partnership.llr", submitted_closure, API + "/closure/decide/", "/lifecycle/closure/decide/",
        {"decision": "approve", "text": "Closed well."},
        lambda paper, who, how: services.closure_step(who, "decide", "Closed well.", "approve", how=how),
        lambda paper: paper.status, ClosureStatus.SUBMITTED, ClosureStatus.APPROVED),
    "first-stage": Step(
        PB, "pmo.llr", "partnership.llr", performed_first_stage, API + f"/processes/{FIRST_STAGE}/decide/",
        f"/lifecycle/processes/{FIRST_STAGE}/decide/", {"decision": "approve"},
        lambda paper, who, how: services.decide(who, FIRST_STAGE, paper, "approve", how=how),
        lambda paper: paper.decisions.filter(kind=ActionKind.DECIDED).exists(), False, True),
}
NAMES = list(STEPS)


@pytest.fixture
def made(llr):
    def make(name):
        with tenant_context(llr):
            return STEPS[name].make()
    return make


def state(llr, name, paper):
    with tenant_context(llr):
        return STEPS[name].state(STEPS[name].refreshed(paper))


def browser(username, llr):
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    return client


# The services -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_chair_or_pmo_at_the_boards_meeting_decides_into_its_log_under_the_papers_item(llr, made, name):
    step, paper = STEPS[name], made(name)
    meeting = board_meeting(llr, step.board, days=-1)
    item = put_on_agenda(meeting, paper)
    with tenant_context(llr):
        step.decide(paper, user(step.recorder), HowDecided(meeting=meeting.pk, conditions="Report back.",
                                                           interests=("delivery.llr",)))
    assert state(llr, name, paper) == step.after
    [decision] = decisions_on(paper)
    assert (decision.meeting_id, decision.agenda_item_id, decision.body.kind) == (meeting.pk, item.pk, step.board)
    assert decision.recorded_by.username == step.recorder and decision.conditions == "Report back."
    assert list(decision.interests.values_list("username", flat=True)) == ["delivery.llr"]
    with tenant_context(llr):
        assert decision in meeting.decisions.all()


@pytest.mark.parametrize("name", NAMES)
def test_a_plain_member_of_the_board_is_refused_and_nothing_changes(llr, made, name):
    step, paper = STEPS[name], made(name)
    with tenant_context(llr), pytest.raises(PermissionRefused, match="PMO as its secretary"):
        step.decide(paper, user(step.member), HowDecided(meeting=board_meeting(llr, step.board).pk))
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


@pytest.mark.parametrize("name", NAMES)
def test_without_a_meeting_or_chairs_action_both_fields_are_named(llr, made, name):
    step, paper = STEPS[name], made(name)
    with tenant_context(llr), pytest.raises(ValidationError) as caught:
        step.decide(paper, user(step.recorder), HowDecided())
    assert set(caught.value.message_dict) == {"decided_at_meeting", "chairs_action"}
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("other", "status", "days", "says"), [
    (True, MeetingStatus.HELD, 0, "not of the"), (False, MeetingStatus.CANCELLED, -3, "was cancelled"),
    (False, MeetingStatus.SCHEDULED, 7, "has not yet met")])
def test_another_boards_a_cancelled_or_a_future_meeting_is_refused(llr, made, name, other, status, days, says):
    step, paper = STEPS[name], made(name)
    kind = (PB if step.board == DB else DB) if other else step.board
    meeting = board_meeting(llr, kind, status=status, days=days)
    with tenant_context(llr), pytest.raises(ValidationError) as caught:
        step.decide(paper, user(step.recorder), HowDecided(meeting=meeting.pk))
    assert says in " ".join(caught.value.message_dict["decided_at_meeting"])
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


def test_whoever_submitted_the_paper_cannot_decide_it_alone_by_chairs_action(llr):
    """Separation of duties binds a decision taken alone: the PMO, had it submitted the closure, could record the
    Partnership Board's decision at a meeting but not take it by chair's action."""
    with tenant_context(llr):
        closure = submitted_closure()
        closure.submitted_by = user("pmo.llr")
        closure.save()
        with pytest.raises(PermissionRefused, match="separation of duties"):
            services.closure_step(user("pmo.llr"), "decide", "", "approve", how=HowDecided(chairs_action=True,
                                                                                         reason="Urgent."))
        assert ProgrammeClosure.objects.get().status == ClosureStatus.SUBMITTED


# The API ------------------------------------------------------------------------------------------------------------

def post(api, who, step, paper, body):
    return api(who).post(step.api_url.format(pk=paper.pk), {**step.body, "action": paper.pk, **body}
                         if step.api_url.endswith(f"{FIRST_STAGE}/decide/") else {**step.body, **body}, format="json")


@pytest.mark.parametrize("name", NAMES)
def test_api_the_recorder_decides_at_a_meeting_or_by_chairs_action(api, llr, made, name):
    step, paper = STEPS[name], made(name)
    meeting = board_meeting(llr, step.board)
    response = post(api, step.recorder, step, paper, at(meeting, conditions="Quarterly report",
                                                        interests=["director.llr"]))
    assert response.status_code in (200, 201), response.content
    assert state(llr, name, paper) == step.after
    [decision] = decisions_on(paper)
    assert decision.meeting_id == meeting.pk and decision.conditions == "Quarterly report"
    assert list(decision.interests.values_list("username", flat=True)) == ["director.llr"]
    again = made(name) if name != "closure" else None  # one closure per partnership
    if again is not None:  # a second paper, decided between meetings
        response = post(api, step.recorder, step, again, by_chairs_action())
        assert response.status_code in (200, 201), response.content
        [between] = decisions_on(again)
        assert between.chairs_action and between.meeting_id is None and between.reason


@pytest.mark.parametrize("name", NAMES)
def test_api_a_member_is_403_and_neither_meeting_nor_chairs_action_is_400_naming_them(api, llr, made, name):
    step, paper = STEPS[name], made(name)
    refused = post(api, step.member, step, paper, at(board_meeting(llr, step.board)))
    assert refused.status_code == 403 and "PMO as its secretary" in refused.json()["detail"]
    missing = post(api, step.recorder, step, paper, {})
    assert missing.status_code == 400 and {"decided_at_meeting", "chairs_action"} <= set(missing.json())
    reasonless = post(api, step.recorder, step, paper, {"chairs_action": True})
    assert reasonless.status_code == 400 and "reason" in reasonless.json()
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("other", "status", "days"), [(True, MeetingStatus.HELD, -1),
                                                       (False, MeetingStatus.CANCELLED, -5),
                                                       (False, MeetingStatus.SCHEDULED, 9)])
def test_api_another_boards_a_cancelled_or_a_future_meeting_is_400(api, llr, made, name, other, status, days):
    step, paper = STEPS[name], made(name)
    kind = (PB if step.board == DB else DB) if other else step.board
    response = post(api, step.recorder, step, paper, at(board_meeting(llr, kind, status=status, days=days)))
    assert response.status_code == 400 and "decided_at_meeting" in response.json(), response.content
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


# The pages ----------------------------------------------------------------------------------------------------------

def page_of(step, paper):
    return step.page_url.format(pk=paper.pk).rsplit("decide/", 1)[0]


@pytest.mark.parametrize("name", NAMES)
def test_page_the_recorder_decides_at_a_meeting_and_it_is_in_the_meetings_log(llr, made, name):
    step, paper = STEPS[name], made(name)
    meeting = board_meeting(llr, step.board, days=-2)
    recorder = browser(step.recorder, llr)
    form = recorder.get(page_of(step, paper)).content.decode()
    assert 'name="decided_at_meeting"' in form and f'<option value="{meeting.pk}">' in form
    response = recorder.post(step.page_url.format(pk=paper.pk), {**step.body, **at(meeting, conditions="In March")})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert state(llr, name, paper) == step.after
    log = recorder.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Conditions: In March" in log and decisions_on(paper).get().meeting_id == meeting.pk


@pytest.mark.parametrize("name", NAMES)
def test_page_a_member_has_no_form_and_is_refused(llr, made, name):
    step, paper = STEPS[name], made(name)
    member = browser(step.member, llr)
    page = member.get(page_of(step, paper)).content.decode()
    assert 'name="decided_at_meeting"' not in page
    assert "decides this as a board" in page or "decision, taken as a board" in page
    refused = member.post(step.page_url.format(pk=paper.pk), {**step.body, **at(board_meeting(llr, step.board))})
    assert refused.status_code == 403 and "PMO as its secretary" in refused.content.decode()
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


@pytest.mark.parametrize("name", NAMES)
def test_page_without_a_meeting_or_at_another_boards_is_a_400_naming_the_field(llr, made, name):
    step, paper = STEPS[name], made(name)
    recorder = browser(step.recorder, llr)
    missing = recorder.post(step.page_url.format(pk=paper.pk), step.body)
    body = missing.content.decode()
    assert missing.status_code == 400 and "There is a problem" in body
    assert 'href="#id_decided_at_meeting"' in body and "meeting (in progress or held)" in body
    other = board_meeting(llr, PB if step.board == DB else DB, days=-1)
    wrong = recorder.post(step.page_url.format(pk=paper.pk), {**step.body, **at(other)})
    assert wrong.status_code == 400 and "not of the" in wrong.content.decode()
    assert state(llr, name, paper) == step.before and not decisions_on(paper).exists()


# Who is asked -------------------------------------------------------------------------------------------------------

def test_a_board_process_asks_the_chair_and_the_pmo_not_the_boards_members_and_the_decision_settles_it(api, llr):
    performed = api("sro.llr").post(f"{API}/processes/{FIRST_STAGE}/perform/", {"note": "Ready"}, format="json")
    assert performed.status_code == 201
    with tenant_context(llr):
        asked = {row.recipient.username: row.awaits_decision for row in Notification.objects.filter(
            kind="lifecycle.awaiting_decision", target_id=performed.json()["id"]).select_related("recipient")}
    # The PMO (the Partnership Board's lay chair is no user), not the board's members nor the performer.
    assert asked["pmo.llr"] is True and "partnership.llr" not in asked and "sro.llr" not in asked
    with tenant_context(llr):
        board = decisions.board(PB)
        assert all(decisions.may_record(user(name), board) for name in asked)
    decided = api("pmo.llr").post(f"{API}/processes/{FIRST_STAGE}/decide/", {"decision": "approve",
                                                                           **by_chairs_action()}, format="json")
    assert decided.status_code == 201, decided.content
    with tenant_context(llr):
        assert not Notification.objects.filter(kind="lifecycle.awaiting_decision", target_id=performed.json()["id"],
                                               read_at__isnull=True).exists()
        assert LifecycleAction.objects.get(pk=decided.json()["id"]).decides_id == performed.json()["id"]


def test_an_individuals_decision_takes_no_meeting(api):
    """Decisions the matrix gives to individuals (the joint SRO's A for 'select the stages') stay theirs."""
    api("director.llr").post(f"{API}/processes/select_the_stages/perform/", {}, format="json")
    decided = api("sro.llr").post(f"{API}/processes/select_the_stages/decide/", {"decision": "approve"}, format="json")
    assert decided.status_code == 201, decided.content
