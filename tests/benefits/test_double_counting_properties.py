"""The duplicate rule of double counting (``realisation.same_savings``) on plain data, and properties over random
claim sets (hypothesis): a claim entered twice under a second business case is flagged whichever came first, and
adding a claim never clears a flag it does not resolve."""

import datetime
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from benefits import realisation
from benefits.realisation import Claim

LPT, UHL, LCC = "LPT", "UHL", "LCC"
Y1, Y5 = datetime.date(2016, 4, 1), datetime.date(2021, 3, 1)


def claim(pk, amount, percents, cases, title="Reduced duplication of triage", **facts):
    values = {"kind": "cashable", "unit": "£", "start": Y1, "end": Y5, "title": title, **facts}
    return Claim(pk, D(amount), percents, cases, **values)


def flags(claims, savings, tolerance=D(0)):
    """Every flag as a comparable set: (rule, benefit id[, organisation])."""
    several, twins, over = realisation.double_counting(claims, savings, tolerance)
    return ({("several", pk) for pk in several} | {("same", pk) for pk in twins}
            | {("over", pk, o.organisation_id) for o in over for pk in o.benefit_ids})


class TestTheSameSavingsTwice:
    FBC = {10: {LPT: D(1200), UHL: D(300)}}

    def test_the_fbc_entered_again_is_flagged_and_keeps_the_over_claim(self):
        first = claim(1, 2000, {LPT: D(80), UHL: D(20)}, (10,))
        before = flags([first], self.FBC)
        assert ("over", 1, LPT) in before  # 1,600 claimed for LPT against 1,200 delivered
        again = claim(2, 2000, {LPT: D(80), UHL: D(20)}, (11,))
        after = flags([first, again], {**self.FBC, 11: dict(self.FBC[10])})
        assert {("same", 1), ("same", 2), ("over", 1, LPT), ("over", 2, LPT)} <= after
        # Entered the other way round, the same flags.
        assert flags([again, first], {**self.FBC, 11: dict(self.FBC[10])}) == after

    def test_amounts_within_one_per_cent_or_the_same_title(self):
        a = claim(1, 913528, {LPT: D(100)}, (10,), title="Phase 2 savings")
        assert realisation.same_savings(a, claim(2, 913530, {LPT: D(100)}, (11,), title="Other words"))
        assert realisation.same_savings(a, claim(3, 500000, {LPT: D(100)}, (11,), title="Savings, phase 2."))
        assert not realisation.same_savings(a, claim(4, 500000, {LPT: D(100)}, (11,), title="Bed days saved"))
        # The sweep finds what comparing every pair finds.
        many = [claim(pk, amount, {LPT: D(100)}, (pk,), title=f"Saving {pk % 3}")
                for pk, amount in enumerate([100, 5000, 101, 99, 7000, 5040, 5060, 100], start=1)]
        every_pair = {(x.benefit_id, y.benefit_id) for x in many for y in many
                      if x.benefit_id != y.benefit_id and realisation.same_savings(x, y)}
        found = realisation.duplicates(many)
        assert {(pk, other) for pk, others in found.items() for other in others} == every_pair

    def test_different_measure_period_organisation_or_the_same_case_is_not_a_duplicate(self):
        a = claim(1, 1000, {LPT: D(100)}, (10,))
        assert not realisation.same_savings(a, claim(2, 1000, {LPT: D(100)}, (11,), unit="bed days"))
        assert not realisation.same_savings(a, claim(3, 1000, {LPT: D(100)}, (11,), kind="non_cashable"))
        assert not realisation.same_savings(a, claim(4, 1000, {UHL: D(100)}, (11,)))
        assert not realisation.same_savings(a, claim(5, 1000, {LPT: D(100)}, (11,), start=datetime.date(2022, 4, 1),
                                                     end=datetime.date(2023, 3, 1)))
        assert not realisation.same_savings(a, claim(6, 1000, {LPT: D(100)}, (10,)))  # one case: rule 1's business


# Random claim sets: a few organisations, cases and amounts, so that duplicates and over-claims both happen.
ORGANISATIONS = [LPT, UHL, LCC]
percents = st.dictionaries(st.sampled_from(ORGANISATIONS), st.sampled_from([D(20), D(50), D(100)]), max_size=2)
amounts = st.integers(min_value=0, max_value=5000).map(D)
years = st.integers(min_value=2016, max_value=2020)


@st.composite
def claims_and_savings(draw):
    cases = list(range(10, 10 + draw(st.integers(min_value=1, max_value=4))))
    savings = {case: draw(st.dictionaries(st.sampled_from(ORGANISATIONS), amounts, max_size=3)) for case in cases}
    claims = []
    for pk in range(1, draw(st.integers(min_value=0, max_value=6)) + 1):
        start = draw(years)
        claims.append(Claim(pk, draw(amounts), draw(percents), tuple(draw(st.sets(st.sampled_from(cases),
                                                                                   min_size=1, max_size=2))),
                            kind=draw(st.sampled_from(["cashable", "non_cashable"])),
                            unit=draw(st.sampled_from(["£", "bed days"])), start=datetime.date(start, 4, 1),
                            end=datetime.date(start + 1 + draw(st.integers(0, 3)), 3, 1),
                            title=draw(st.sampled_from(["Triage savings", "Bed days", "Fewer handoffs"]))))
    return claims, savings


@settings(max_examples=300, deadline=None)
@given(claims_and_savings(), st.data())
def test_a_claim_entered_again_under_a_new_case_is_flagged_and_clears_nothing(drawn, data):
    claims, savings = drawn
    if not claims:
        return
    original = data.draw(st.sampled_from(claims))
    new_case = max(savings) + 1
    copy = Claim(max(c.benefit_id for c in claims) + 1, original.amount, dict(original.percents), (new_case,),
                 kind=original.kind, unit=original.unit, start=original.start, end=original.end,
                 title=original.title)
    before = flags(claims, savings)
    # The new case's savings are the original's (the same document entered twice).
    copied_savings = {**savings, new_case: dict(savings[original.case_ids[0]])}
    after = flags([*claims, copy], copied_savings)
    assert before <= after
    assert ("same", copy.benefit_id) in after and ("same", original.benefit_id) in after


@settings(max_examples=300, deadline=None)
@given(claims_and_savings(), st.data())
def test_adding_a_claim_on_cases_already_claimed_clears_nothing(drawn, data):
    """Only a claim bringing a case that delivers more may clear an over-claim (it resolves it)."""
    claims, savings = drawn
    linked = sorted({case for claim in claims for case in claim.case_ids})
    if not linked:
        return
    extra = Claim(len(claims) + 1, data.draw(amounts), data.draw(percents),
                  tuple(data.draw(st.sets(st.sampled_from(linked), min_size=1, max_size=2))),
                  kind="cashable", unit="£", start=Y1, end=Y5, title=data.draw(st.text(max_size=12)))
    before = flags(claims, savings)
    assert before <= flags([*claims, extra], savings)


@settings(max_examples=300, deadline=None)
@given(claims_and_savings(), st.sampled_from([D(0), D(10), D(500)]))
def test_the_sweep_finds_what_comparing_every_pair_finds(drawn, tolerance):
    claims, _ = drawn
    every_pair = {(a.benefit_id, b.benefit_id) for a in claims for b in claims
                  if a.benefit_id != b.benefit_id and realisation.same_savings(a, b, tolerance)}
    found = realisation.duplicates(claims, tolerance)
    assert {(pk, other) for pk, others in found.items() for other in others} == every_pair
