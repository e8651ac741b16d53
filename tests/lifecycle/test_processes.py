"""Every PID Appendix 3 process is an action the portal performs, guarded by the tenant's RACI matrix: for each
process and each role letter, R may perform, A may decide, C may comment (and is asked), I is told; a role without
the letter gets a 403 naming who may. Where the PID makes a board accountable (A), the board decides as a board: its
chair or the PMO records the decision (``lifecycle.boards``; ``test_board_decisions``), and they are the ones asked."""

import pytest

from core.models import Notification, RaciEntry
from core.tenancy import tenant_context
from lifecycle.boards import PROCESS_BOARDS
from lifecycle.models import LifecycleAction
from tests.board import by_chairs_action

from .conftest import NOBODY, ROLE_PERSONA, ROWS, holders

pytestmark = pytest.mark.django_db

CASES = [(key, role) for key, _, _ in ROWS for role in [*ROLE_PERSONA, None]]


def ids(case):
    key, role = case
    return f"{key}-{role or 'nobody'}"


def url(key, what):
    return f"/api/v1/lifecycle/processes/{key}/{what}/"


@pytest.mark.parametrize("case", CASES, ids=[ids(c) for c in CASES])
def test_each_process_each_role(api, llr, case):
    key, role = case
    letters = next(letters for k, _, letters in ROWS if k == key)
    held = letters.get(role, "") if role else ""
    client = api(ROLE_PERSONA[role] if role else NOBODY)

    performed = client.post(url(key, "perform"), {"note": "Done", "target": "test"}, format="json")
    if "R" in held:
        assert performed.status_code == 201, performed.content
        assert performed.json()["process"] == key and performed.json()["kind"] == "performed"
    else:
        assert performed.status_code == 403, performed.content
        assert performed.json()["allowed_roles"] == holders(letters, "R")
        assert "R for" in performed.json()["detail"]

    # Something performed by an R holder awaits the A holder's decision.
    doer = api(ROLE_PERSONA[holders(letters, "R")[0]])
    action = doer.post(url(key, "perform"), {"note": "For decision"}, format="json").json()
    board = key in PROCESS_BOARDS  # the board's chair (no user for the Partnership Board) or the PMO records it
    how = by_chairs_action() if board else {}
    decided = client.post(url(key, "decide"), {"action": action["id"], "decision": "approve", **how}, format="json")
    if (role == "pmo") if board else ("A" in held):
        assert decided.status_code == 201, decided.content
        assert decided.json()["decides"] == action["id"] and decided.json()["decision"] == "approve"
    else:
        assert decided.status_code == 403, decided.content
        assert decided.json()["allowed_roles"] == (["pmo"] if board else holders(letters, "A"))

    # The consulted (C) give their view on what was performed.
    commented = client.post(url(key, "comment"), {"action": action["id"], "note": "My view"}, format="json")
    if "C" in held:
        assert commented.status_code == 201, commented.content
        assert commented.json()["kind"] == "commented" and commented.json()["decides"] == action["id"]
    else:
        assert commented.status_code == 403, commented.content
        assert commented.json()["allowed_roles"] == holders(letters, "C")


@pytest.mark.parametrize("key", [key for key, _, _ in ROWS])
def test_performing_asks_the_consulted_and_tells_the_informed(api, llr, persona, key):
    letters = next(letters for k, _, letters in ROWS if k == key)
    doer = ROLE_PERSONA[holders(letters, "R")[0]]
    response = api(doer).post(url(key, "perform"), {"note": "Told"}, format="json")
    assert response.status_code == 201

    def told(kind):
        with tenant_context(llr):
            return set(Notification.objects.filter(kind=kind, target_id=response.json()["id"])
                       .values_list("recipient__username", flat=True))

    consulted, informed, accountable = told("lifecycle.consulted"), told("lifecycle.informed"), \
        told("lifecycle.awaiting_decision")
    for role, who in ROLE_PERSONA.items():
        held = letters.get(role, "") if who != doer else ""
        assert (who in consulted) == ("C" in held), (role, "C")
        assert (who in informed) == ("I" in held and "C" not in held), (role, "I")
        asked = (role == "pmo" and who != doer) if key in PROCESS_BOARDS else "A" in held
        assert (who in accountable) == asked, (role, "A")
    assert NOBODY not in consulted | informed | accountable


def test_a_comment_tells_the_performer_and_the_accountable(api, llr):
    key = "develop_the_blueprint"  # R programme director, A joint SRO, C delivery board and PMO
    action = api("director.llr").post(url(key, "perform"), {"note": "Draft blueprint"}, format="json").json()
    empty = api("pmo.llr").post(url(key, "comment"), {"note": "  "}, format="json")
    assert empty.status_code == 400 and "note" in empty.json()
    done = api("pmo.llr").post(url(key, "comment"), {"note": "Add the estates plan"}, format="json")
    assert done.status_code == 201 and done.json()["decides"] == action["id"]
    with tenant_context(llr):
        told = set(Notification.objects.filter(kind="lifecycle.commented", target_id=done.json()["id"])
                   .values_list("recipient__username", flat=True))
    assert {"director.llr", "sro.llr"} <= told and "pmo.llr" not in told
    # A comment is not a decision: the joint SRO still decides it.
    decided = api("sro.llr").post(url(key, "decide"), {"decision": "approve"}, format="json")
    assert decided.status_code == 201 and decided.json()["decides"] == action["id"]


def test_nothing_to_comment_on_is_409(api, llr):
    assert api("pmo.llr").post(url("select_the_stages", "comment"), {"note": "x"}, format="json").status_code == 409


def test_a_decision_is_taken_once_and_needs_something_performed(api, llr):
    sro = api("sro.llr")
    assert sro.post(url("select_the_stages", "decide"), {"decision": "approve"}, format="json").status_code == 409
    action = api("director.llr").post(url("select_the_stages", "perform"), {}, format="json").json()
    assert sro.post(url("select_the_stages", "decide"), {"decision": "reject"}, format="json").status_code == 201
    again = sro.post(url("select_the_stages", "decide"), {"action": action["id"], "decision": "approve"},
                     format="json")
    assert again.status_code == 409


def test_unknown_process_is_404(api, llr):
    assert api("director.llr").post(url("make_the_tea", "perform"), {}, format="json").status_code == 404


def test_editing_the_matrix_changes_who_may_act_at_once(api, llr):
    key = "prepare_for_the_next_stage"
    pmo = api("pmo.llr")
    assert pmo.post(url(key, "perform"), {}, format="json").status_code == 403
    with tenant_context(llr):
        entry = RaciEntry.objects.get(process=key, role="pmo")
        entry.letters = "R"
        entry._change_reason = "PMO now prepares the next stage"
        entry.save()
        director = RaciEntry.objects.get(process=key, role="programme_director")
        director.letters = "C"
        director.save()
    assert pmo.post(url(key, "perform"), {}, format="json").status_code == 201
    refused = api("director.llr").post(url(key, "perform"), {}, format="json")
    assert refused.status_code == 403 and refused.json()["allowed_roles"] == ["pmo"]
    with tenant_context(llr):
        change = RaciEntry.objects.get(process=key, role="pmo").history.first()
        assert (change.letters, change.history_change_reason) == ("R", "PMO now prepares the next stage")


def test_the_process_list_shows_letters_and_rights(api, llr):
    rows = api("director.llr").get("/api/v1/lifecycle/processes/").json()
    assert len(rows) == len(ROWS) == 33
    row = next(r for r in rows if r["key"] == "prepare_for_the_next_stage")
    assert row["letters"]["programme_director"] == "R" and row["may_perform"] and not row["may_decide"]
    rows = api("sro.llr").get("/api/v1/lifecycle/processes/").json()
    row = next(r for r in rows if r["key"] == "prepare_for_the_next_stage")
    assert row["may_decide"] and not row["may_perform"] and not row["may_comment"]
    one = api("pmo.llr").get("/api/v1/lifecycle/processes/prepare_for_the_next_stage/").json()
    assert one["may_comment"] and not one["may_perform"] and one["letters"]["partnership_board"] == "C"


def test_actions_are_logged(api, llr):
    api("director.llr").post(url("direct_work", "perform"), {"note": "Weekly"}, format="json")
    log = api("viewer.uhl.llr").get("/api/v1/lifecycle/actions/?process=direct_work").json()
    results = log["results"] if isinstance(log, dict) else log
    assert results[0]["actor"] == "director.llr" and results[0]["note"] == "Weekly"
    with tenant_context(llr):
        assert LifecycleAction.objects.filter(process="direct_work").exists()
