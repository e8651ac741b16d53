"""Double counting against the business cases' money profiles (seed 004 s7.7.1): both rules, in the database."""

from decimal import Decimal

import pytest

from benefits import services
from benefits.models import Benefit, BenefitSettings

from .conftest import fy

pytestmark = pytest.mark.django_db


@pytest.fixture
def poa_case(poa):
    case = Benefit._meta.get_field("business_cases").related_model.objects.filter(project=poa).first()
    assert case is not None, "the business cases demo should load the Points of Access case"
    return case


def uhl_delivered(case, organisations):
    return services.case_savings_by_organisation([case.pk])[case.pk][organisations["UHL"].pk]


def test_the_case_splits_its_savings_by_table_9(poa_case, organisations):
    savings = services.case_savings_by_organisation([poa_case.pk])[poa_case.pk]
    total = Decimal(2647049 + 913530 + 794565)
    assert savings[organisations["LEICS"].pk] == total * Decimal(30) / 100  # 22% + 8%: two points of access
    assert savings[organisations["UHL"].pk] == total * Decimal(5) / 100
    assert sum(savings.values()) == total


def test_claimed_by_more_than_one_business_case(make_benefit, poa_case, in_llr):
    other = Benefit._meta.get_field("business_cases").related_model.objects.exclude(pk=poa_case.pk).first()
    twice = make_benefit(title="Claimed twice", type="non_financial", unit="contacts", cases=[poa_case, other])
    once = make_benefit(title="Claimed once", type="non_financial", unit="contacts", cases=[other])
    index = services.double_counting()
    assert index.flagged(twice.pk) and not index.flagged(once.pk)
    assert index.reasons(twice.pk) == [f"Claimed by 2 business cases: {poa_case.ref}, {other.ref}."]


def test_an_organisation_attributed_more_than_its_cases_deliver(make_benefit, poa_case, organisations, in_llr):
    uhl = organisations["UHL"]
    room = uhl_delivered(poa_case, organisations)
    # The demo's phase benefits already claim UHL's 5% of the case in full; one more pound over the tolerance is
    # an over-claim.
    extra = make_benefit(title="UHL extra", cases=[poa_case], shares={uhl: 100},
                         points=[(fy(2017), Decimal(11), None, None)])
    index = services.double_counting()
    over = next(o for o in index.over_claims if o.organisation_id == uhl.pk)
    assert over.delivered == room.quantize(Decimal("0.01"))
    assert extra.pk in over.benefit_ids and index.flagged(extra.pk)
    assert "University Hospitals of Leicester" in index.reasons(extra.pk)[0]


def test_within_the_tolerance_is_not_flagged(make_benefit, poa_case, organisations, in_llr, llr):
    make_benefit(title="UHL a little", cases=[poa_case], shares={organisations["UHL"]: 100},
                 points=[(fy(2017), Decimal(9), None, None)])
    index = services.double_counting()
    assert all(o.organisation_id != organisations["UHL"].pk for o in index.over_claims)
    settings = BenefitSettings.for_tenant(llr)
    settings.double_counting_tolerance = Decimal(0)
    settings.save()
    assert any(o.organisation_id == organisations["UHL"].pk for o in services.double_counting().over_claims)


def test_benefits_without_a_case_are_not_reconciled(make_benefit, organisations, in_llr):
    loose = make_benefit(title="No case", shares={organisations["UHL"]: 100},
                         points=[(fy(2017), Decimal(10 ** 9), None, None)])
    assert not services.double_counting().flagged(loose.pk)


def test_archived_benefits_do_not_count(make_benefit, poa_case, organisations, in_llr):
    extra = make_benefit(title="UHL archived", cases=[poa_case], shares={organisations["UHL"]: 100},
                         points=[(fy(2017), Decimal(10 ** 6), None, None)], archived=True)
    index = services.double_counting()
    assert not index.flagged(extra.pk)
    assert all(o.organisation_id != organisations["UHL"].pk for o in index.over_claims)


def test_the_api_shows_the_flag(api, make_benefit, poa_case, organisations, in_llr):
    extra = make_benefit(title="UHL via API", cases=[poa_case], shares={organisations["UHL"]: 100},
                         points=[(fy(2017), Decimal(1000), None, None)])
    data = api("pmo.llr").get(f"/api/v1/benefits/{extra.pk}/").json()
    assert data["double_counting"] is True and "exceed" in data["double_counting_reasons"][0]


def entered_again(case, benefit):
    """The same FBC entered a second time, as a new business case with the same money profile and split, and the
    same benefit (title, type, measure, profile, attribution) claimed by it."""
    from business_cases.models import CostShare, MoneyLine

    copy = type(case).objects.get(pk=case.pk)
    copy.pk, copy.number, copy.ref, copy._state.adding = None, None, "", True
    copy.save()
    for model, related in ((MoneyLine, case.money_lines), (CostShare, case.cost_shares)):
        for row in related.all():
            row.pk, row.case, row._state.adding = None, copy, True
            model.save(row)
    twin = Benefit.objects.get(pk=benefit.pk)
    twin.pk, twin.number, twin.ref, twin._state.adding = None, None, "", True
    twin.save()
    twin.business_cases.add(copy)
    for share in benefit.attributions.all():
        share.pk, share.benefit, share._state.adding = None, twin, True
        share.save()
    for point in benefit.measurements.all():
        point.pk, point.benefit, point._state.adding = None, twin, True
        point.save()
    twin.refresh_position()
    return copy, twin


def test_the_fbc_entered_again_is_flagged_and_clears_no_over_claim(make_benefit, poa_case, organisations, in_llr):
    """Issue 19's sequence: LPT's benefits over-claimed; the same FBC entered again as a new case and benefit.
    Before, the duplicate's savings counted as delivered and cleared LPT's flag; now both benefits are flagged as
    claiming the same savings and LPT's over-claim stands, with what its cases deliver unchanged."""
    lpt = organisations["LPT"]
    extra = make_benefit(title="LPT extra", cases=[poa_case], shares={lpt: 100},
                         points=[(fy(2017), Decimal(50_000), None, None)])
    before = next(o for o in services.double_counting().over_claims if o.organisation_id == lpt.pk)
    original = Benefit.objects.filter(business_cases=poa_case, attributions__organisation=lpt).exclude(
        pk=extra.pk).order_by("number").first()
    _, twin = entered_again(poa_case, original)
    index = services.double_counting()
    assert original.pk in index.same_savings[twin.pk] and twin.pk in index.same_savings[original.pk]
    assert any(twin.ref in reason for reason in index.reasons(original.pk))
    after = next(o for o in index.over_claims if o.organisation_id == lpt.pk)
    assert after.delivered == before.delivered and after.claimed > before.claimed
    assert extra.pk in after.benefit_ids and twin.pk in after.benefit_ids
