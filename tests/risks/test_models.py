"""Rules that live with the data: constraints, references, review dates, the demo register."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import ReferenceCounter
from core.numbering import allocate
from core.tenancy import tenant_context
from programme.choices import ReviewCycle
from programme.models import Body
from risks.choices import Level, MoveStatus
from risks.models import BafEntry, Issue, Risk, RiskMove, RiskSettings

pytestmark = pytest.mark.django_db


def test_stored_scores_are_kept_in_sync_by_the_database(make_risk, in_llr):
    risk = make_risk(title="Sync")
    assert (risk.inherent_score, risk.residual_score) == (9, 6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(residual_score=25)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(residual_likelihood=6, residual_score=18)


@pytest.mark.parametrize(("changes", "constraint"), [
    ({"response": "exploit"}, "risk_response_matches_nature"),
    ({"residual_likelihood": 5, "residual_score": 15}, "risk_residual_above_inherent_needs_reason"),
    ({"level": "project"}, "risk_project_level_has_project"),
])
def test_named_constraints_refuse_what_clean_refuses(make_risk, in_llr, changes, constraint):
    risk = make_risk(title="Constrained")
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(**changes)


def test_references_are_unique_per_tenant_and_sequential(make_risk, llr, northshire):
    a = make_risk(title="A")
    b = make_risk(title="B")
    assert b.number == a.number + 1 and b.ref == f"R-{b.number:04d}"
    north = make_risk(tenant=northshire, title="N")
    assert north.number < a.number  # each tenant counts on its own
    first = allocate(llr.pk, "R", count=3)
    assert first == b.number + 1
    assert make_risk(title="C").number == first + 3


def test_references_come_from_the_kernels_counter_of_their_prefix(make_risk, llr):
    risk = make_risk(title="Counted")
    with tenant_context(llr):
        issue = Issue(title="Counted issue", level=Level.PROGRAMME)
        issue.save()
        counters = dict(ReferenceCounter.objects.values_list("kind", "last"))
        assert (counters["R"], counters["I"]) == (risk.number, issue.number)
        ReferenceCounter.objects.filter(kind__in=["R", "I"]).delete()  # a register numbered before its counter
        later = Issue(title="Later issue", level=Level.PROGRAMME)
        later.save()
    assert make_risk(title="Later").number == risk.number + 1  # carries on from the highest number in use
    assert later.number == issue.number + 1


def test_review_date_defaults_from_the_levels_review_cycle(make_risk, in_llr, poa):
    today = timezone.localdate()
    project_risk = make_risk(title="Monthly", level=Level.PROJECT, project=poa)
    assert project_risk.review_date == today + datetime.timedelta(days=30)  # Implementation Group: monthly
    programme_risk = make_risk(title="Continual")
    assert programme_risk.review_date == today + datetime.timedelta(days=7)  # PMO: continual
    board_risk = make_risk(title="Quarterly", level=Level.DELIVERY_BOARD)
    assert board_risk.review_date == today + datetime.timedelta(days=91)
    Body.objects.filter(kind="delivery_board").update(risk_review_cycle=ReviewCycle.MONTHLY)
    assert make_risk(title="Now monthly", level=Level.DELIVERY_BOARD).review_date == today + datetime.timedelta(days=30)


def test_overdue_is_derived(make_risk, in_llr):
    assert make_risk(title="Late", review_date=datetime.date(2020, 1, 1)).overdue
    assert not make_risk(title="Late but closed", review_date=datetime.date(2020, 1, 1), status="closed").overdue
    assert not make_risk(title="On time").overdue


def test_one_pending_move_per_risk_in_the_database(make_risk, in_llr):
    risk = make_risk(title="Once")
    RiskMove.objects.create(risk=risk, from_level="programme", to_level="delivery_board", direction="escalate",
                            reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskMove.objects.create(risk=risk, from_level="programme", to_level="delivery_board", direction="escalate",
                                reason="y")


def test_the_partnership_board_is_never_proposed_automatically(make_risk, in_llr):
    risk = make_risk(title="Never auto", level=Level.DELIVERY_BOARD)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskMove.objects.create(risk=risk, from_level="delivery_board", to_level="partnership_board",
                                direction="escalate", reason="x", automatic=True)


def test_demo_register(in_llr, northshire):
    poa = Risk.objects.filter(source_ref__startswith="FBC Table 10")
    assert poa.count() == 18
    assert {r.project.name for r in poa} == {"Integrating LLR Points of Access"}
    assert {r.owner.username for r in poa} == {"pm.poa.llr"}
    hh = poa.get(source_ref="FBC Table 10, risk 1")
    assert (hh.inherent_likelihood, hh.inherent_impact, hh.inherent_score) == (4, 4, 16)
    lm = poa.get(source_ref="FBC Table 10, risk 4")
    assert (lm.inherent_likelihood, lm.inherent_impact) == (2, 3)
    assert "Discuss and agree a robust decision making" in hh.controls
    levels = set(Risk.objects.values_list("level", flat=True))
    assert levels == set(Level.values)
    assert BafEntry.objects.filter(baf__level="delivery_board", current=True).count() >= 2
    assert BafEntry.objects.filter(baf__level="partnership_board", current=True).count() >= 1
    assert RiskMove.objects.filter(status=MoveStatus.ACCEPTED).count() >= 3
    assert Issue.objects.count() >= 3
    assert Risk.all_tenants.filter(tenant=northshire).count() >= 4
    assert RiskSettings.objects.get().lower_level_threshold == 15


def test_demo_loader_is_idempotent(llr):
    before = (Risk.all_tenants.count(), RiskMove.all_tenants.count(), Issue.all_tenants.count(),
              BafEntry.all_tenants.count(), Risk.history.model.all_tenants.count())
    call_command("load_demo", verbosity=0)
    after = (Risk.all_tenants.count(), RiskMove.all_tenants.count(), Issue.all_tenants.count(),
             BafEntry.all_tenants.count(), Risk.history.model.all_tenants.count())
    assert before == after
