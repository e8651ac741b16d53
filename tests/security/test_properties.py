"""Property-based tests (Hypothesis) of the pure rules the registers are built on: risk scoring, business-case
tiers, change-control authority, and money (exact Decimals, splits, reconciled totals, financial years).

Each property holds for every input Hypothesis can find, not just the examples in the apps' own tests. The
runs are derandomised and bounded (``max_examples``), so CI is repeatable and quick; no database is used.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from benefits import realisation
from benefits.choices import PeriodKind, RealisationRag, Trend
from business_cases import money, tiers
from business_cases.choices import CaseStatus, DocumentType, Funding, MoneyKind, Section, Tier
from change_control import authority
from change_control.choices import Authority
from risks import scoring
from risks.choices import Rag

# Applied to every property below (at the end of the module), not loaded as a global profile.
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None)

ratings = st.integers(scoring.MIN_RATING, scoring.MAX_RATING)
pence = st.integers(-10**13, 10**13).map(lambda p: Decimal(p) / 100)
non_negative_pence = st.integers(0, 10**13).map(lambda p: Decimal(p) / 100)
days = st.dates(datetime.date(1990, 4, 1), datetime.date(2099, 3, 31))
RAG_ORDER = [Rag.GREEN, Rag.YELLOW, Rag.AMBER, Rag.RED]
TIER_ORDER = [Tier.RFF, Tier.OBC, Tier.OBC_FBC]
CENT = Decimal("0.01")


# Risk scoring (risks/scoring.py) -------------------------------------------------------------------------------


@given(ratings, ratings)
def test_severity_is_the_product_of_two_ratings_and_has_one_band(likelihood, impact):
    score = scoring.severity(likelihood, impact)
    assert score == likelihood * impact == scoring.severity(impact, likelihood)
    assert 1 <= score <= 25
    low, high = scoring.band_range(scoring.rag(score))
    assert low <= score <= high


@given(st.one_of(st.integers().filter(lambda n: not 1 <= n <= 5), st.booleans(), st.floats(), st.text()), ratings)
def test_severity_refuses_anything_but_a_whole_rating(bad, good):
    with pytest.raises(scoring.RatingError):
        scoring.severity(bad, good)
    with pytest.raises(scoring.RatingError):
        scoring.severity(good, bad)


def test_the_rag_bands_partition_one_to_twenty_five():
    covered = [score for _, low, high in scoring.RAG_BANDS for score in range(low, high + 1)]
    assert sorted(covered) == list(range(1, 26))


@given(st.integers(1, 25), st.integers(1, 25))
def test_rag_never_falls_as_the_score_rises(a, b):
    low, high = sorted((a, b))
    assert RAG_ORDER.index(scoring.rag(low)) <= RAG_ORDER.index(scoring.rag(high))


@given(st.integers().filter(lambda n: not 1 <= n <= 25))
def test_rag_refuses_a_score_outside_the_matrix(score):
    with pytest.raises(scoring.RatingError):
        scoring.rag(score)


@given(ratings, st.sampled_from(["{}", " {} ", "{}.0"]))
def test_a_rating_typed_as_a_number_reads_back_as_itself(rating, template):
    assert scoring.parse_rating(rating) == rating
    assert scoring.parse_rating(float(rating)) == rating
    if template != "{}.0":
        assert scoring.parse_rating(template.format(rating)) == rating


@given(st.sampled_from(sorted(scoring.HML_RATINGS)), st.sampled_from([str.lower, str.upper, str.title]),
       st.sampled_from(["", " ", "\t"]))
def test_high_medium_low_map_to_four_three_two_whatever_the_case(word, case, pad):
    value = scoring.parse_rating(f"{pad}{case(word)}{pad}")
    assert value == {"H": 4, "M": 3, "L": 2}[word[0]]
    assert scoring.severity(value, value) == value * value
    with pytest.raises(scoring.RatingError):
        scoring.parse_rating(case(word), allow_hml=False)


def test_the_heat_map_has_each_cell_once():
    cells = scoring.cells()
    assert len({(likelihood, impact) for likelihood, impact, _, _ in cells}) == 25
    assert all(score == likelihood * impact and rag == scoring.rag(score) for likelihood, impact, score, rag in cells)


# Business-case tiers (business_cases/tiers.py) ---------------------------------------------------------------


@given(non_negative_pence)
def test_money_round_trips_through_its_written_forms(amount):
    for written in (f"{amount:.2f}", f"£{amount:,.2f}", f" {amount:.2f} ", amount):
        parsed = tiers.to_money(written)
        assert parsed == amount and parsed.as_tuple().exponent == -2


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_money_is_never_a_float(value):
    with pytest.raises(tiers.TierError):
        tiers.to_money(value)


@given(st.integers(0, 10**9), st.integers(1, 9))
def test_money_below_a_penny_is_refused(pounds, tenth_of_penny):
    with pytest.raises(tiers.TierError):
        tiers.to_money(f"{pounds}.00{tenth_of_penny}")


@st.composite
def ceilings(draw):
    rff = draw(non_negative_pence)
    obc = rff + draw(st.integers(1, 10**12).map(lambda p: Decimal(p) / 100))
    return rff, obc


@given(ceilings(), non_negative_pence, non_negative_pence)
def test_the_tier_never_falls_as_the_value_rises(limits, a, b):
    low, high = sorted((a, b))
    assert TIER_ORDER.index(tiers.tier_for(low, *limits)) <= TIER_ORDER.index(tiers.tier_for(high, *limits))


@given(ceilings())
def test_the_ceilings_are_inclusive_to_the_penny(limits):
    rff, obc = limits
    assert tiers.tier_for(rff, rff, obc) == Tier.RFF
    assert tiers.tier_for(rff + CENT, rff, obc) == Tier.OBC
    assert tiers.tier_for(obc, rff, obc) == Tier.OBC
    assert tiers.tier_for(obc + CENT, rff, obc) == Tier.OBC_FBC


@given(st.integers(1, 10**12).map(lambda p: -Decimal(p) / 100))
def test_a_negative_value_has_no_tier(value):
    with pytest.raises(tiers.TierError):
        tiers.tier_for(value)


@given(st.sampled_from(TIER_ORDER))
def test_only_the_tiers_last_document_authorises_delivery(tier):
    documents = tiers.documents(tier)
    for document in DocumentType:
        for status in CaseStatus:
            allowed = tiers.authorises_delivery(tier, document, status) if document in documents else False
            assert allowed == (status == CaseStatus.APPROVED and document == documents[-1])


sections_text = st.dictionaries(st.sampled_from(tiers.SECTION_KEYS), st.text(max_size=20))


@given(st.sampled_from(TIER_ORDER), st.data(), sections_text)
def test_missing_sections_are_the_blank_required_ones(tier, data, sections):
    document = data.draw(st.sampled_from(tiers.documents(tier)))
    required = tiers.required_sections(tier, document)
    missing = tiers.missing_sections(tier, document, sections)
    assert missing == [key for key in required if not sections.get(key, "").strip()]
    filled = {key: "Text." for key in required}
    assert tiers.missing_sections(tier, document, filled) == []
    assert tiers.clean_sections(tiers.clean_sections(sections)) == tiers.clean_sections(sections)
    if document == DocumentType.RFF:
        assert set(required) == {Section.STRATEGIC, Section.FINANCIAL, Section.MANAGEMENT}
    else:
        assert set(required) == set(tiers.SECTION_KEYS)


# Change authority (change_control/authority.py) ----------------------------------------------------------------

AUTHORITY_ORDER = authority.ORDER


@st.composite
def limits(draw):
    sro = draw(non_negative_pence)
    return sro, sro + draw(st.integers(1, 10**12).map(lambda p: Decimal(p) / 100))


@given(pence, st.booleans(), limits())
def test_a_saving_weighs_as_much_as_a_cost(cost, has_workstream, bounds):
    sro, director = bounds
    assert authority.decision_authority(cost, has_workstream=has_workstream, sro_limit=sro, director_limit=director) \
        == authority.decision_authority(-cost, has_workstream=has_workstream, sro_limit=sro, director_limit=director)


@given(pence, pence, st.booleans(), limits())
def test_authority_never_falls_as_the_cost_grows(a, b, has_workstream, bounds):
    sro, director = bounds
    small, large = sorted((abs(a), abs(b)))
    decide = lambda c: authority.decision_authority(  # noqa: E731
        c, has_workstream=has_workstream, sro_limit=sro, director_limit=director)
    assert AUTHORITY_ORDER.index(decide(small)) <= AUTHORITY_ORDER.index(decide(large))


@given(limits())
def test_the_thresholds_are_inclusive_to_the_penny(bounds):
    sro, director = bounds
    decide = lambda c: authority.decision_authority(c, sro_limit=sro, director_limit=director)  # noqa: E731
    assert decide(sro) == Authority.WORKSTREAM_SRO
    assert decide(sro + CENT) == Authority.PROGRAMME_DIRECTOR
    assert decide(director) == Authority.PROGRAMME_DIRECTOR
    assert decide(director + CENT) == Authority.DELIVERY_BOARD


@given(st.one_of(st.none(), pence), st.booleans(), st.booleans(), st.booleans())
def test_a_change_to_a_stage_objective_or_tier_goes_to_the_delivery_board(cost, stage, tier, has_workstream):
    assume(stage or tier)
    assert authority.decision_authority(cost, stage, tier, has_workstream) == Authority.DELIVERY_BOARD


@given(pence)
def test_without_a_workstream_there_is_no_workstream_sro(cost):
    assert authority.decision_authority(cost, has_workstream=False) != Authority.WORKSTREAM_SRO


@given(st.sampled_from(AUTHORITY_ORDER), st.integers(-3, 5), st.integers(0, 5))
def test_referral_only_goes_up_and_adds_up(start, first, second):
    once = authority.referred(start, first)
    assert AUTHORITY_ORDER.index(once) >= AUTHORITY_ORDER.index(start)
    assert authority.referred(start, 0) == start
    assert authority.referred(once, second) == authority.referred(start, max(first, 0) + second)
    assert authority.referred(start, 10) == Authority.DELIVERY_BOARD


# Money profiles (business_cases/money.py) ----------------------------------------------------------------------


@given(st.integers(1990, 2098))
def test_a_financial_year_reads_back_as_written_and_starts_on_1_april(start):
    label = f"{start}/{(start + 1) % 100:02d}"
    assert money.parse_financial_year(label) == label == money.parse_financial_year(f" {label} ")
    first_day = money.financial_year_start(label)
    assert first_day == datetime.date(start, 4, 1)
    assert money.financial_year_of(first_day) == label
    assert money.financial_year_of(first_day - datetime.timedelta(days=1)) != label


@given(days)
def test_every_day_lies_in_the_financial_year_it_is_given(day):
    label = money.financial_year_of(day)
    start = money.financial_year_start(label)
    assert start <= day < datetime.date(start.year + 1, 4, 1)
    assert realisation.financial_year_label(realisation.financial_year_of(day)) == label


@given(st.integers(1990, 2098), st.integers(0, 99))
def test_a_financial_year_whose_second_year_does_not_follow_is_refused(start, end):
    assume(end != (start + 1) % 100)
    with pytest.raises(money.MoneyError):
        money.parse_financial_year(f"{start}/{end:02d}")


@st.composite
def splits(draw, parts=None):
    """Partner percentages to two places that add up to exactly 100."""
    count = parts or draw(st.integers(1, 9))
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10000]
    return [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]


@given(splits())
def test_a_split_that_adds_up_to_100_is_accepted_and_one_out_by_more_than_its_rounding_is_not(percents):
    money.check_split(percents)
    # Each share is given to 2 dp, so n shares may be out by 0.005 n: a cent more than that is refused.
    over = CENT * (len(percents) // 2 + 1)
    with pytest.raises(money.MoneyError):
        money.check_split([*percents[:-1], percents[-1] + over])
    positive = [p for p in percents if p > 0]
    assert realisation.attribution_error(positive) is None
    # A benefit's attribution follows the same rounding rule (issue 19): a share beyond its tolerance is refused.
    beyond = CENT * ((len(positive) + 1) // 2 + 1)
    assert realisation.attribution_error([*positive, beyond]) is not None


line = st.builds(
    SimpleNamespace,
    financial_year=st.one_of(st.just(""), st.integers(2014, 2024).map(lambda y: f"{y}/{(y + 1) % 100:02d}")),
    phase=st.one_of(st.none(), st.integers(1, 3)),
    kind=st.sampled_from(MoneyKind.values),
    funding=st.sampled_from(Funding.values),
    amount=st.integers(0, 10**11).map(lambda p: Decimal(p) / 100),
)


@given(st.lists(line, max_size=25), st.one_of(st.none(), non_negative_pence))
def test_profile_totals_reconcile_exactly(lines, value):
    summary = money.summarise(value, lines)
    totals = summary["totals"]
    cents = {kind: sum(int(x.amount * 100) for x in lines if x.kind == kind) for kind in MoneyKind.values}
    assert totals["cost"] == Decimal(cents["cost"]) / 100 and totals["saving"] == Decimal(cents["saving"]) / 100
    assert totals["cost"] == totals["capital_cost"] + totals["revenue_cost"] + totals["not_stated_cost"]
    assert totals["saving"] == totals["capital_saving"] + totals["revenue_saving"] + totals["not_stated_saving"]
    assert totals["net"] == totals["saving"] - totals["cost"]
    for kind in ("cost", "saving"):
        by_year = sum((row[kind] for row in summary["by_year"].values()), Decimal(0)) + summary["unprofiled"][kind]
        assert by_year == totals[kind]
        no_phase = sum((x.amount for x in lines if x.kind == kind and not x.phase), Decimal(0))
        assert sum((row[kind] for row in summary["by_phase"].values()), Decimal(0)) + no_phase == totals[kind]
    assert list(summary["by_year"]) == sorted(summary["by_year"])
    assert summary["discrepancies"] == [check for check in summary["checks"] if check.difference != 0]
    written = money.as_json(summary)
    assert Decimal(written["totals"]["cost"]) == totals["cost"] and Decimal(written["totals"]["net"]) == totals["net"]


@given(splits(), non_negative_pence)
def test_the_partner_split_sums_to_100_in_the_summary(percents, value):
    shares = [SimpleNamespace(percent=p, amount=None) for p in percents]
    assert money.summarise(value, [], shares)["split_percent"] == 100


# Benefits realisation (benefits/realisation.py) ----------------------------------------------------------------


@given(days, st.sampled_from(PeriodKind.values))
def test_periods_align_and_their_labels_read_back(day, kind):
    start = realisation.period_start(day, kind)
    assert start <= day <= realisation.period_end(start, kind)
    assert realisation.period_start(start, kind) == start and realisation.period_error(start, kind) is None
    assert (realisation.period_error(day, kind) is None) == (day == start)
    following = realisation.next_period(start, kind)
    assert realisation.period_end(start, kind) + datetime.timedelta(days=1) == following
    assert realisation.parse_period(realisation.period_label(start, kind), kind) == start
    assert realisation.parse_period(start.isoformat(), kind) == start


@given(st.integers(0, 10**10).map(lambda p: Decimal(p) / 100), st.integers(1, 10**10).map(lambda p: Decimal(p) / 100))
def test_realisation_percent_rounds_down_and_the_rag_is_exact(actual, planned):
    exact = actual * 100 / planned
    percent = realisation.realisation_percent(actual, planned)
    assert percent <= exact < percent + CENT
    rag = realisation.rag(actual, planned)
    if actual * 100 >= 95 * planned:
        assert rag == RealisationRag.GREEN
    elif actual * 100 >= 80 * planned:
        assert rag == RealisationRag.AMBER
    else:
        assert rag == RealisationRag.RED


@given(st.lists(st.tuples(st.one_of(st.none(), non_negative_pence), st.one_of(st.none(), non_negative_pence)),
                max_size=12))
def test_the_position_adds_up_the_measured_periods(values):
    points = [realisation.Point(period=datetime.date(2016 + i // 12, i % 12 + 1, 1), planned=p, actual=a)
              for i, (p, a) in enumerate(values)]
    position = realisation.position(points)
    measured = [p for p in points if p.planned is not None and p.actual is not None]
    if measured:
        assert position.actual_to_date == sum(p.actual for p in measured)
        assert position.planned_to_date == sum(p.planned for p in measured)
    else:
        assert position.actual_to_date is None and position.rag == RealisationRag.NOT_MEASURED
    assert position.trend in (None, *Trend.values)


for _name, _test in list(globals().items()):
    if _name.startswith("test_") and hasattr(_test, "hypothesis"):
        globals()[_name] = PROPERTY_SETTINGS(_test)
