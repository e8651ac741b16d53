"""Submitting a brief or a case tells whoever decides next (the Delivery Board; for an OBC or FBC its
recommendation, then the Partnership Board), never the submitter nor another partnership; the decision clears
the item from everyone's "awaits your decision"."""

import pytest

from business_cases import services, workflows
from business_cases.services import BRIEF_AWAITING, CASE_AWAITING
from core.models import Notification
from core.tenancy import tenant_context
from meetings.decisions import HowDecided

pytestmark = pytest.mark.django_db


def told(obj, kind):
    rows = Notification.objects.filter(kind=kind, target_id=obj.pk).select_related("recipient")
    found = {}
    for row in rows:
        found[row.recipient.username] = found.get(row.recipient.username, False) or row.awaits_decision
    return found


# Boards decide as boards (meetings.decisions): the Delivery Board's chair (sro.llr) or the PMO records it.
HOW = HowDecided(chairs_action=True, reason="Decided between meetings.")


def test_a_submitted_brief_tells_the_delivery_board_and_its_decision_clears_it(make_brief, persona, llr,
                                                                               northshire):
    brief = make_brief()
    with tenant_context(llr):
        services.submit_brief(brief, persona("lead.urgentcare.llr"))
        awaiting = told(brief, BRIEF_AWAITING)
        assert awaiting.get("sro.llr") is True
        assert "lead.urgentcare.llr" not in awaiting and "ig.llr" not in awaiting and "delivery.llr" not in awaiting
        assert all(persona(name).has_perm(workflows.DECIDE_BRIEF, brief) for name in awaiting)
        services.approve_brief(brief, persona("sro.llr"), "Agreed", how=HOW)
        assert told(brief, BRIEF_AWAITING) and not any(told(brief, BRIEF_AWAITING).values())
    with tenant_context(northshire):
        assert not Notification.objects.filter(kind=BRIEF_AWAITING).exists()


def test_an_rff_goes_to_the_delivery_board_for_decision(make_case, persona, llr):
    case = make_case(value="40000.00")
    with tenant_context(llr):
        services.submit(case, persona("pm.poa.llr"))
        awaiting = told(case, CASE_AWAITING)
        assert awaiting.get("sro.llr") is True and "pm.poa.llr" not in awaiting
        services.reject(case, persona("sro.llr"), "Not now", how=HOW)
        assert not any(told(case, CASE_AWAITING).values())


def test_an_obc_is_recommended_then_decided_and_each_step_tells_the_next(make_case, persona, llr):
    case = make_case(value="600000.00")
    other = make_case(value="600000.00", title="Another case")
    with tenant_context(llr):
        services.submit(case, persona("pm.poa.llr"))
        services.submit(other, persona("pm.poa.llr"))
        first = told(case, CASE_AWAITING)
        assert first.get("sro.llr") is True and "partnership.llr" not in first
        services.recommend(case, persona("sro.llr"), how=HOW)
        second = told(case, CASE_AWAITING)
        assert second["sro.llr"] is False  # the recommendation was made
        assert second.get("pmo.llr") is True  # the Partnership Board's secretary records its decision
        assert all(persona(name).has_perm(workflows.DECIDE_OBC_FBC, case) for name, waits in second.items() if waits)
        services.approve(case, persona("pmo.llr"), "Approved", how=HOW)
        assert not any(told(case, CASE_AWAITING).values())
        assert told(other, CASE_AWAITING).get("sro.llr") is True  # another case still awaits its board
