"""Partner resources' services and the capacity computation: pledges and demand refused on bad input with nothing
saved, a hand-checked capacity example (gaps, cover, spare), over-commitment of a named person across projects,
and the redeployment closure check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core import registry
from core.exceptions import PermissionRefused
from finance import capacity, quarters, resources
from finance.models import ResourceDemand, ResourcePledge

pytestmark = pytest.mark.django_db


def refused(call, field):
    before = (ResourcePledge.all_tenants.count(), ResourceDemand.all_tenants.count())
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert (ResourcePledge.all_tenants.count(), ResourceDemand.all_tenants.count()) == before
    return caught.value.message_dict[field]


def test_quarters_are_written_and_counted_as_the_uk_financial_year():
    assert quarters.of(datetime.date(2026, 4, 1)) == "2026/27 Q1"
    assert quarters.of(datetime.date(2027, 3, 31)) == "2026/27 Q4"
    assert quarters.span("2026/27 Q3", "2027/28 Q1") == ["2026/27 Q3", "2026/27 Q4", "2027/28 Q1"]
    assert str(quarters.last_day("2026/27 Q4")) == "2027-03-31"
    for bad in ("2026-27 Q1", "2026/28 Q1", "2026/27 Q5", ""):
        with pytest.raises(ValidationError):
            quarters.parse(bad)


def test_bad_pledges_are_refused_naming_the_field_and_nothing_is_saved(pledge, q, other_project, poa):
    past = quarters.of(datetime.date.today() - datetime.timedelta(days=800))
    assert "has ended" in refused(lambda: pledge(first_quarter=past, last_quarter=past), "last_quarter")[0]
    for wte in ("0", "-1", "11"):
        refused(lambda wte=wte: pledge(wte=wte), "wte")
    assert "before the first" in refused(lambda: pledge(first=2, last=1), "last_quarter")[0]
    refused(lambda: pledge(first_quarter="2026-27 Q1"), "first_quarter")
    refused(lambda: pledge(skill=None), "skill")
    refused(lambda: pledge(level="workstream", workstream=other_project.workstream), "project")
    refused(lambda: pledge(kind="space", wte=None, skill=None), "description")
    refused(lambda: pledge(kind="space", description="A room"), "wte")


def test_a_project_manager_pledges_only_to_their_own_project(pledge, poa, other_project):
    with pytest.raises(PermissionRefused):
        pledge(user="pm.poa.llr")
    assert pledge(user="pm.poa.llr", project=poa).project == poa
    with pytest.raises(PermissionRefused):
        pledge(user="viewer.uhl.llr", project=poa)


def test_demand_needs_an_approved_case_and_a_known_skill_all_or_nothing(persona, approved_case, skill, q, poa):
    pmo = persona("pmo.llr")
    good = {"business_case": approved_case, "skill": skill("Test analysis"), "quarter": q[1], "wte": Decimal("1")}
    before = ResourceDemand.objects.count()
    with pytest.raises(ValidationError) as caught:
        resources.record_demand(pmo, [good, {**good, "quarter": q[2], "wte": Decimal("0")}])
    assert "items[1].wte" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        resources.record_demand(pmo, [good, {**good}])
    assert "items[1].quarter" in caught.value.message_dict
    approved_case.status = "draft"
    with pytest.raises(ValidationError) as caught:
        resources.record_demand(pmo, [{**good, "business_case": approved_case}])
    assert "items[0].business_case" in caught.value.message_dict
    assert ResourceDemand.objects.count() == before
    approved_case.status = "approved"
    (saved,) = resources.record_demand(pmo, [good])
    assert saved.project_id == approved_case.project_id
    (again,) = resources.record_demand(pmo, [{**good, "wte": Decimal("2")}])  # stated again: corrected
    assert again.pk == saved.pk and ResourceDemand.objects.get(pk=saved.pk).wte == Decimal("2")


def test_capacity_hand_checked(pledge, persona, approved_case, skill, q, other_project):
    """Analysis: LPT 1.0 (q0–q1) + UHL 0.5 (q1–q2) pledged; demanded 1.0 in q0, 2.0 in q1, 0.5 in q2.
    q0: 1.0 v 1.0 covered; q1: 1.5 v 2.0, a gap of 0.5; q2: 0.5 v 0.5 covered.
    Design: 0.5 pledged in q0 with no demand: spare."""
    pledge("LPT", "1.0", "Test analysis", 0, 1)
    pledge("UHL", "0.5", "Test analysis", 1, 2)
    pledge("LCC", "0.5", "Test design", 0, 0)
    analysis = skill("Test analysis")
    resources.record_demand(persona("pmo.llr"), [
        {"business_case": approved_case, "skill": analysis, "quarter": quarter, "wte": Decimal(wte)}
        for quarter, wte in ((q[0], "1.0"), (q[1], "2.0"), (q[2], "0.5"))])
    found = capacity.compute(project=other_project)
    assert found.quarters == q[:3]
    cell = found.cells
    key = analysis.pk
    assert [(cell[(key, x)].pledged, cell[(key, x)].demanded, cell[(key, x)].status) for x in q[:3]] == [
        (Decimal("1.0"), Decimal("1.0"), "covered"), (Decimal("1.5"), Decimal("2.0"), "gap"),
        (Decimal("0.5"), Decimal("0.5"), "covered")]
    assert [(gap.skill, gap.quarter, gap.gap) for gap in found.gaps] == [("Test analysis", q[1], Decimal("0.5"))]
    assert cell[(skill("Test design").pk, q[0])].status == "spare"
    assert capacity.compute(project=other_project, skill=skill("Test design")).gaps == []
    # The whole programme counts the same pledges and demand, beside the demo's.
    whole = capacity.compute()
    assert whole.cells[(key, q[1])].pledged == Decimal("1.5")


def test_a_named_person_pledged_beyond_full_time_across_projects_is_flagged(pledge, poa, persona, q):
    person = persona("lead.urgentcare.llr")
    pledge("LPT", "0.6", person=person, first=0, last=2)
    pledge("LPT", "0.5", person=person, first=2, last=3, project=poa)
    pledge("UHL", "0.8", person_name="Ann  Example", first=0, last=0)
    pledge("UHL", "0.2", person_name="ann example", first=0, last=0, project=poa)
    found = capacity.compute()
    flagged = [(item.quarter, item.wte) for item in found.over_committed]
    assert flagged == [(q[2], Decimal("1.1"))]  # 0.6 + 0.5 in q2 only; Ann's 0.8 + 0.2 is exactly full time
    assert found.over_committed[0].person == (person.get_full_name() or person.username)


def test_redeployment_outcomes_gate_closure(pledge, persona, other_project):
    (check,) = [c for c in registry.closure_checks() if c.key == "finance.redeployment"]
    live = pledge()
    assert any(str(live.pk) and "no redeployment outcome" in line for line in check.blockers(other_project))
    assert len(check.blockers(other_project.workstream)) >= 1
    with pytest.raises(ValidationError) as caught:
        resources.record_outcome(live, persona("pmo.llr"), "redeployed", "")
    assert "outcome_note" in caught.value.message_dict
    with pytest.raises(PermissionRefused):
        resources.record_outcome(live, persona("viewer.uhl.llr"), "ended")
    resources.record_outcome(live, persona("pmo.llr"), "redeployed", "redeployed to Home First")
    assert check.blockers(other_project) == []
    assert ResourcePledge.objects.get(pk=live.pk).history.first().history_change_reason.startswith("Redeployment")
