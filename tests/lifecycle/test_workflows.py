"""The lifecycle's workflow tables (``lifecycle.workflows``), walked through the API: each step of the end-of-stage
report, the EIA and programme closure is taken from each of its source states by a role that may, answers 409 from
every other state, and 403 to a role that may not; the pages offer exactly the steps the tables allow. A board's step
is taken by the board's chair or the PMO (here by chair's action; at meetings in ``test_board_decisions``) and
refused to its other members."""

import pytest
from django.utils import timezone

from core.models import User
from core.tenancy import tenant_context
from lifecycle.choices import ClosureStatus, EiaStatus, ProtectedCharacteristic, ReportStatus
from lifecycle.models import EiaCharacteristic, EndOfStageReport, EqualityImpactAssessment, ProgrammeClosure
from lifecycle.workflows import CLOSURE, EIA, NOT_STARTED, REPORT, STAGE_CLOSED, allowed
from programme.models import Workstream
from tests.board import by_chairs_action

from .conftest import NOBODY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pledges_redeployed")]  # the register allows redeploy
API = "/api/v1/lifecycle"


def post(path, body=None):
    return lambda client, pk: client.post(path.format(pk=pk), body or {}, format="json")


def board_post(path, body):
    """A board's step, recorded as a chair's action (its chair or the PMO)."""
    return post(path, {**body, **by_chairs_action()})


# Each table: its states, and per step (who may take it, who may not, the request taking it, the state it leads to).
TABLES = {
    "report": (REPORT, [*ReportStatus.values, STAGE_CLOSED], {
        "edit": ("director.llr", "pmo.llr",
                 lambda client, pk: client.patch(f"{API}/end-of-stage-reports/{pk}/", {"risks_summary": "Edited."},
                                                 format="json"), ReportStatus.DRAFT),
        "submit": ("director.llr", "pmo.llr", post(API + "/end-of-stage-reports/{pk}/submit/"),
                   ReportStatus.SUBMITTED),
        # The Delivery Board's chair (sro.llr) or the PMO; the Partnership Board's lay chair is no user: the PMO.
        "delivery_board": ("sro.llr", "delivery.llr", board_post(
            API + "/end-of-stage-reports/{pk}/decide/", {"board": "delivery_board", "decision": "approve"}),
            ReportStatus.DELIVERY_APPROVED),
        "partnership_board": ("pmo.llr", "partnership.llr", board_post(
            API + "/end-of-stage-reports/{pk}/decide/", {"board": "partnership_board", "decision": "approve"}),
            ReportStatus.APPROVED),
        "close": ("director.llr", "pmo.llr", post(API + "/end-of-stage-reports/{pk}/close-stage/"), STAGE_CLOSED),
    }),
    "eia": (EIA, EiaStatus.values, {
        "edit": ("lead.urgentcare.llr", NOBODY,
                 lambda client, pk: client.patch(f"{API}/eias/{pk}/", {"summary": "Edited."}, format="json"), None),
        "sign_off": ("sro.urgentcare.llr", "lead.urgentcare.llr", post(API + "/eias/{pk}/sign-off/"),
                     EiaStatus.SIGNED_OFF),
        "decide": ("sro.llr", "delivery.llr", board_post(API + "/eias/{pk}/decide/", {"decision": "approve"}),
                   EiaStatus.APPROVED),
    }),
    "closure": (CLOSURE, [NOT_STARTED, *ClosureStatus.values], {
        "notify": ("director.llr", NOBODY, post(API + "/closure/notify/"), ClosureStatus.NOTIFIED),
        "report": ("director.llr", NOBODY, post(API + "/closure/report/", {"text": "Report."}), None),
        "review": ("sro.llr", "director.llr", post(API + "/closure/review/", {"text": "Review."}), None),
        "redeploy": ("director.llr", NOBODY, post(API + "/closure/redeploy/"), None),
        "submit": ("sro.llr", "director.llr", post(API + "/closure/submit/"), ClosureStatus.SUBMITTED),
        "decide": ("pmo.llr", "partnership.llr", board_post(API + "/closure/decide/", {"decision": "approve"}),
                   ClosureStatus.APPROVED),
        "disband": ("director.llr", "pmo.llr", post(API + "/closure/disband/"), ClosureStatus.DISBANDED),
    }),
}
CASES = [(table, name, state) for table, (_, states, steps) in TABLES.items() for name in steps for state in states]


def test_every_step_of_every_table_is_walked():
    for workflow, _, steps in TABLES.values():
        assert set(steps) == {transition.name for transition in workflow}


def test_the_tables():
    sources = {key: {t.name: set(t.sources) for t in workflow} for key, (workflow, _, _) in TABLES.items()}
    draft_or_rejected = {ReportStatus.DRAFT, ReportStatus.REJECTED}
    assert sources["report"] == {
        "edit": draft_or_rejected, "submit": draft_or_rejected, "delivery_board": {ReportStatus.SUBMITTED},
        "partnership_board": {ReportStatus.DELIVERY_APPROVED}, "close": {ReportStatus.APPROVED},
    }
    editable = {EiaStatus.DRAFT, EiaStatus.REJECTED}
    assert sources["eia"] == {"edit": editable, "sign_off": editable, "decide": {EiaStatus.SIGNED_OFF}}
    open_closure = {ClosureStatus.NOTIFIED, ClosureStatus.REJECTED}
    assert sources["closure"] == {
        "notify": {NOT_STARTED}, "report": open_closure, "review": open_closure, "redeploy": open_closure,
        "submit": open_closure, "decide": {ClosureStatus.SUBMITTED}, "disband": {ClosureStatus.APPROVED},
    }


def make(table, state, stage):
    """An item of ``table`` in ``state``, complete enough for any step to be taken from it; its pk (None for a
    closure not started)."""
    if table == "report":
        report = EndOfStageReport.objects.create(
            stage=stage, prepared_by=User.objects.get(username="director.llr"), changes_delivered="Hub live.",
            next_stage_plan="Roll out.", status=ReportStatus.APPROVED if state == STAGE_CLOSED else state,
            stage_closed_at=timezone.now() if state == STAGE_CLOSED else None)
        return report.pk
    if table == "eia":
        workstream = Workstream.objects.get(name="Urgent Care")
        eia = EqualityImpactAssessment.objects.create(title="Hub", workstream=workstream, status=state)
        for key in ProtectedCharacteristic.values:
            EiaCharacteristic.objects.create(assessment=eia, characteristic=key, impact="neutral")
        return eia.pk
    if state == NOT_STARTED:
        return None
    return ProgrammeClosure.objects.create(status=state, closure_report="Report.", post_implementation_review="Review.",
                                           redeployment_confirmed=True).pk


def state_of(table, pk, stage):
    workflow = TABLES[table][0]
    if table == "report":
        return workflow.state(EndOfStageReport.objects.select_related("stage").get(pk=pk))
    if table == "eia":
        return workflow.state(EqualityImpactAssessment.objects.get(pk=pk))
    return workflow.state(ProgrammeClosure.objects.first() or ProgrammeClosure())


@pytest.mark.parametrize("case", CASES, ids=["-".join(case) for case in CASES])
def test_each_step_from_each_state(api, llr, stage, case):
    table, name, state = case
    workflow, _, steps = TABLES[table]
    taker, refused, take, reached = steps[name]
    with tenant_context(llr):
        pk = make(table, state, stage)
        assert state_of(table, pk, stage) == state
    if state not in workflow[name].sources:
        response = take(api(taker), pk)
        assert response.status_code == 409, response.content
        with tenant_context(llr):
            assert state_of(table, pk, stage) == state
        return
    response = take(api(refused), pk)
    assert response.status_code == 403, response.content
    assert response.json()["allowed_roles"]
    response = take(api(taker), pk)
    assert response.status_code == 200, response.content
    with tenant_context(llr):
        assert state_of(table, pk, stage) == (reached or state)


def test_a_wrong_state_is_refused_in_the_steps_own_words(api, llr, stage):
    with tenant_context(llr):
        report = make("report", ReportStatus.SUBMITTED, stage)
        closed = make("report", STAGE_CLOSED, stage)
        eia = make("eia", EiaStatus.APPROVED, stage)
    take = TABLES["report"][2]
    for pk, name, who, detail in [
        (report, "edit", "director.llr", "The report is submitted to the delivery board: only a draft can change."),
        (report, "submit", "director.llr", "The report is submitted to the delivery board."),
        (report, "partnership_board", "pmo.llr", "The report is submitted to the delivery board: the "
         "Partnership Board decides a report approved by the delivery board."),
        (report, "close", "director.llr", "The stage closes only after the Delivery Board and then the Partnership "
         "Board have approved its end-of-stage report (it is submitted to the delivery board)."),
        (closed, "close", "director.llr", "Delivery stage 2 is already closed."),
    ]:
        assert take[name][2](api(who), pk).json() == {"detail": detail}, name
    eia_steps = TABLES["eia"][2]
    assert eia_steps["sign_off"][2](api("sro.urgentcare.llr"), eia).json() == {"detail": "The EIA is approved by "
                                                                               "the delivery board."}
    assert eia_steps["decide"][2](api("sro.llr"), eia).json() == {
        "detail": "The EIA is approved by the delivery board: only a signed-off EIA is decided."}
    closure = TABLES["closure"][2]
    assert closure["report"][2](api("director.llr"), None).json() == {
        "detail": "First notify the programme that it is about to close."}
    closure["notify"][2](api("director.llr"), None)
    assert closure["notify"][2](api("director.llr"), None).json() == {
        "detail": "The programme has already been notified that it is about to close."}
    assert closure["disband"][2](api("director.llr"), None).json() == {
        "detail": "Programme closure is programme notified it is about to close."}


# The pages' buttons ---------------------------------------------------------------------------------------------

REPORT_BUTTONS = {"edit": "Edit the report", "submit": "Submit to the Delivery Board",
                  "delivery_board": "Approve progression for the Delivery Board",
                  "partnership_board": "Approve progression for the Partnership Board", "close": "Close the stage"}
EIA_BUTTONS = {"edit": "/edit/", "sign_off": "Sign off as workstream SRO", "decide": "Approve for the Delivery Board"}
PERSONAS = ["director.llr", "pmo.llr", "delivery.llr", "partnership.llr", "sro.llr", "sro.urgentcare.llr",
            "lead.urgentcare.llr", NOBODY]


def offered(page, buttons):
    return {name for name, label in buttons.items() if label in page}


@pytest.mark.parametrize("state", [*ReportStatus.values, STAGE_CLOSED])
def test_the_report_page_offers_the_steps_the_table_allows(client, persona, llr, stage, state):
    with tenant_context(llr):
        pk = make("report", state, stage)
    for username in PERSONAS:
        user = persona(username)
        with tenant_context(llr):
            expected = allowed(REPORT, user, EndOfStageReport.objects.get(pk=pk))
        client.force_login(user)
        page = client.get(f"/lifecycle/reports/{pk}/").content.decode()
        assert offered(page, REPORT_BUTTONS) == expected, (username, state)


@pytest.mark.parametrize("state", EiaStatus.values)
def test_the_eia_page_offers_the_steps_the_table_allows(client, persona, llr, stage, state):
    with tenant_context(llr):
        pk = make("eia", state, stage)
    for username in PERSONAS:
        user = persona(username)
        with tenant_context(llr):
            expected = allowed(EIA, user, EqualityImpactAssessment.objects.get(pk=pk))
        client.force_login(user)
        page = client.get(f"/lifecycle/eias/{pk}/").content.decode()
        buttons = {**EIA_BUTTONS, "edit": f"/lifecycle/eias/{pk}/edit/"}
        assert offered(page, buttons) == expected, (username, state)


@pytest.mark.parametrize("state", [NOT_STARTED, *ClosureStatus.values])
def test_the_closure_page_offers_the_steps_the_table_allows(client, persona, llr, stage, state):
    with tenant_context(llr):
        make("closure", state, stage)
    buttons = {transition.name: f'action="/lifecycle/closure/{transition.name}/"' for transition in CLOSURE}
    for username in PERSONAS:
        user = persona(username)
        with tenant_context(llr):
            expected = allowed(CLOSURE, user, ProgrammeClosure.objects.first() or ProgrammeClosure(tenant=llr))
        client.force_login(user)
        page = client.get("/lifecycle/closure/").content.decode()
        assert offered(page, buttons) == expected, (username, state)
