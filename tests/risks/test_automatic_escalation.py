"""Automatic escalation proposals at the per-tenant thresholds (DOMAIN.md s4 *default*)."""

import pytest

from core.tenancy import tenant_context
from risks import services, tasks
from risks.choices import Level, MoveStatus
from risks.models import Risk, RiskMove, RiskSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet(llr, northshire):
    """Start with no open proposals and no demo risks above the thresholds."""
    RiskMove.all_tenants.filter(status=MoveStatus.PROPOSED).update(status=MoveStatus.REJECTED)
    Risk.all_tenants.update(archived=True)


def pending(risk):
    return list(RiskMove.all_tenants.filter(risk=risk, status=MoveStatus.PROPOSED))


def test_thresholds_propose_one_level_up(quiet, make_risk, poa, urgent_care, llr):
    at_15 = make_risk(title="P15", level=Level.PROJECT, project=poa, inherent_likelihood=5, inherent_impact=5,
                      residual_likelihood=3, residual_impact=5)
    at_12 = make_risk(title="P12", level=Level.PROJECT, project=poa, inherent_likelihood=5, inherent_impact=5,
                      residual_likelihood=3, residual_impact=4)
    ws_16 = make_risk(title="W16", level=Level.WORKSTREAM, workstream=urgent_care, inherent_likelihood=4,
                      inherent_impact=4, residual_likelihood=4, residual_impact=4)
    prog_19 = make_risk(title="G19", level=Level.PROGRAMME, inherent_likelihood=5, inherent_impact=5,
                        residual_likelihood=4, residual_impact=4)
    prog_20 = make_risk(title="G20", level=Level.PROGRAMME, inherent_likelihood=5, inherent_impact=5,
                        residual_likelihood=4, residual_impact=5)
    board_25 = make_risk(title="D25", level=Level.DELIVERY_BOARD, inherent_likelihood=5, inherent_impact=5,
                         residual_likelihood=5, residual_impact=5)
    with tenant_context(llr):
        created = services.propose_automatic_escalations(llr)
    assert {move.risk.title for move in created} == {"P15", "W16", "G20"}
    assert pending(at_15)[0].to_level == Level.WORKSTREAM and pending(at_15)[0].automatic
    assert pending(at_15)[0].to_workstream_id == poa.workstream_id
    assert pending(ws_16)[0].to_level == Level.PROGRAMME
    assert pending(prog_20)[0].to_level == Level.DELIVERY_BOARD
    assert pending(prog_20)[0].proposed_by is None
    assert not pending(at_12) and not pending(prog_19)
    assert not pending(board_25)  # the Partnership Board BAF is reached only by the Delivery Board's decision


def test_running_twice_adds_nothing(quiet, make_risk, llr):
    make_risk(title="G25", level=Level.PROGRAMME, inherent_likelihood=5, inherent_impact=5, residual_likelihood=5,
              residual_impact=5)
    assert tasks.propose_escalations.delay(llr.pk).get() == 1
    assert tasks.propose_escalations.delay(llr.pk).get() == 0
    assert RiskMove.all_tenants.filter(risk__title="G25").count() == 1


def test_a_rejected_automatic_proposal_is_not_repeated_until_the_score_rises(quiet, make_risk, llr, api):
    risk = make_risk(title="G20b", level=Level.PROGRAMME, inherent_likelihood=5, inherent_impact=5,
                     residual_likelihood=4, residual_impact=5)
    with tenant_context(llr):
        services.propose_automatic_escalations(llr)
    assert api("pmo.llr").post(f"/api/v1/risks/{risk.pk}/reject-escalation/",  # for the Delivery Board
                               {"chairs_action": True, "reason": "Controls are in hand."}).status_code == 200
    with tenant_context(llr):
        assert services.propose_automatic_escalations(llr) == []
        risk.residual_likelihood = 5
        risk.save()
        assert len(services.propose_automatic_escalations(llr)) == 1


def test_an_automatic_proposal_is_accepted_like_any_other(quiet, make_risk, poa, llr, api):
    risk = make_risk(title="P16", level=Level.PROJECT, project=poa, inherent_likelihood=4, inherent_impact=4,
                     residual_likelihood=4, residual_impact=4)
    with tenant_context(llr):
        services.propose_automatic_escalations(llr)
    assert api("pm.poa.llr").post(f"/api/v1/risks/{risk.pk}/accept-escalation/", {}).status_code == 403
    assert api("sro.urgentcare.llr").post(f"/api/v1/risks/{risk.pk}/accept-escalation/", {}).status_code == 200
    risk.refresh_from_db()
    assert risk.level == Level.WORKSTREAM


def test_thresholds_are_per_tenant(quiet, make_risk, llr):
    make_risk(title="G16", level=Level.PROGRAMME, inherent_likelihood=4, inherent_impact=4, residual_likelihood=4,
              residual_impact=4)
    with tenant_context(llr):
        settings = RiskSettings.for_tenant(llr)
        settings.programme_threshold = 16
        settings.save()
        assert len(services.propose_automatic_escalations(llr)) == 1
        settings.auto_escalation = False
        settings.save()
        RiskMove.objects.update(status=MoveStatus.REJECTED)
        assert services.propose_automatic_escalations(llr) == []
