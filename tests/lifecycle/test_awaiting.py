"""Papers put to a decision tell whoever decides next, never the one who put them (nor another partnership), and
the decision clears them from everyone's "awaits your decision": end-of-stage reports (Delivery Board, then
Partnership Board), EIAs (Delivery Board) and programme closure (Partnership Board). Each board decides as a board,
so those asked are whoever may record its decision: its chair (sro.llr chairs the Delivery Board; the Partnership
Board's lay chair is no user) and the PMO as its secretary, not its other members."""

import pytest

from core.models import Notification
from core.tenancy import tenant_context
from programme.models import Workstream
from tests.board import by_chairs_action

from .test_assurance import EIAS, all_characteristics
from .test_closure import step
from .test_stages import BASE, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent_care(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name="Urgent Care")


def may_record_all(tenant, told, kind):
    """Everyone told may record the board's decision (its chair, the PMO, and any superuser member)."""
    from core.models import User
    from meetings import decisions

    with tenant_context(tenant):
        body = decisions.board(kind)
        return all(decisions.may_record(User.objects.get(username=name), body) for name in told)


def awaiting(tenant, kind, pk=None):
    """{username: still awaiting?} of the notifications of ``kind`` (about object ``pk``): awaiting if any of the
    person's still does (the PMO is asked again when the paper moves on to the Partnership Board)."""
    with tenant_context(tenant):
        rows = Notification.objects.filter(kind=kind).select_related("recipient")
        if pk is not None:
            rows = rows.filter(target_id=pk)
        told = {}
        for row in rows:
            told[row.recipient.username] = told.get(row.recipient.username, False) or row.awaits_decision
        return told


def test_an_end_of_stage_report_goes_to_each_board_in_turn(api, llr, northshire, stage):
    report = prepare(api, stage).json()
    url = f"{BASE}{report['id']}/"
    api("director.llr").post(url + "submit/", format="json")
    told = awaiting(llr, "lifecycle.report_awaiting", report["id"])
    assert told["sro.llr"] is True and told["pmo.llr"] is True and may_record_all(llr, told, "delivery_board")
    assert "delivery.llr" not in told and "director.llr" not in told  # not a member alone, nor who submitted
    api("sro.llr").post(url + "decide/", {"board": "delivery_board", "decision": "approve", **by_chairs_action()},
                        format="json")
    told = awaiting(llr, "lifecycle.report_awaiting", report["id"])
    assert told["sro.llr"] is False and told.get("pmo.llr") is True and "partnership.llr" not in told
    assert may_record_all(llr, {name for name, waits in told.items() if waits}, "partnership_board")
    api("pmo.llr").post(url + "decide/", {"board": "partnership_board", "decision": "approve", **by_chairs_action()},
                        format="json")
    assert not any(awaiting(llr, "lifecycle.report_awaiting", report["id"]).values())
    assert awaiting(northshire, "lifecycle.report_awaiting") == {}


def test_a_signed_off_eia_awaits_the_delivery_board_until_it_decides(api, llr, urgent_care):
    created = api("lead.urgentcare.llr").post(EIAS, {"title": "Told", "workstream": urgent_care.pk,
                                                     "characteristics": all_characteristics()}, format="json").json()
    url = f"{EIAS}{created['id']}/"
    assert api("sro.urgentcare.llr").post(url + "sign-off/", format="json").status_code == 200
    told = awaiting(llr, "lifecycle.eia_awaiting", created["id"])
    assert told["sro.llr"] is True and told["pmo.llr"] is True and may_record_all(llr, told, "delivery_board")
    assert "delivery.llr" not in told and "sro.urgentcare.llr" not in told
    api("sro.llr").post(url + "decide/", {"decision": "approve", **by_chairs_action()}, format="json")
    assert told and not any(awaiting(llr, "lifecycle.eia_awaiting", created["id"]).values())


def test_a_submitted_closure_awaits_the_partnership_board_until_it_decides(api, llr, pledges_redeployed):
    step(api, "director.llr", "notify")
    step(api, "director.llr", "report", text="Closure report")
    step(api, "sro.llr", "review", text="Post-implementation review")
    step(api, "director.llr", "redeploy", text="All back")
    step(api, "sro.llr", "submit")
    told = awaiting(llr, "lifecycle.closure_awaiting")
    assert told["pmo.llr"] is True and may_record_all(llr, told, "partnership_board")
    assert "partnership.llr" not in told and "sro.llr" not in told
    assert step(api, "pmo.llr", "decide", decision="approve", **by_chairs_action()).status_code == 200
    assert not any(awaiting(llr, "lifecycle.closure_awaiting").values())
