"""Attribution under the rounding rule of business cases' partner splits: shares given to two decimal places may add
up to 100 ± 0.005 a share; the residue goes to the largest share (equals: first by organisation name) wherever an
amount is shared out, so the organisations' amounts add up exactly to the whole; the stored shares stay as stated."""

from decimal import Decimal

import pytest

from benefits import apportion, realisation, services
from benefits.models import Benefit
from programme.models import Objective

from .conftest import fy

pytestmark = pytest.mark.django_db
D = Decimal


# The rule, as pure functions ---------------------------------------------------------------------------------
@pytest.mark.parametrize("percents,ok", [
    (["50", "49.99"], True), (["50", "50.01"], True), (["50", "49.98"], False), (["50", "50.02"], False),
    (["25", "25", "25", "24.98"], True), (["25", "25", "25", "24.97"], False), (["33.33", "33.33", "33.33"], True),
    (["100"], True), (["99.99"], False),
])
def test_shares_within_the_rounding_rule_are_accepted(percents, ok):
    assert (realisation.attribution_error([D(p) for p in percents]) is None) is ok


def test_a_refusal_gives_the_sum_and_the_allowed_range():
    message = apportion.attribution_error([D(50), D("49.98")])
    assert "they add up to 99.98%" in message and "from 99.99% to 100.01%" in message


@pytest.mark.parametrize("percents,amount,holder,parts", [
    # 99.99: 0.01% to the largest share (B, 50%), and the parts add up to the whole.
    ({1: ("B", "50"), 2: ("A", "49.99")}, "913530", 1, {1: D("456856.35"), 2: D("456673.65")}),
    # 100.01: 0.01% taken from the largest share (A, 50.01%).
    ({1: ("B", "50"), 2: ("A", "50.01")}, "100.01", 2, {1: D("50.01"), 2: D("50.00")}),
    # Equally largest: the organisation first by name (A), whatever the order given.
    ({3: ("C", "33.33"), 1: ("B", "33.33"), 2: ("A", "33.33")}, "100", 2, {3: D("33.33"), 1: D("33.33"),
                                                                           2: D("33.34")}),
])
def test_the_residue_goes_to_the_largest_share(percents, amount, holder, parts):
    shares = [(key, name, D(percent)) for key, (name, percent) in percents.items()]
    assert apportion.residue_holder(shares)[0] == holder
    effective = apportion.effective_percents(shares)
    assert sum(effective.values()) == 100
    assert effective[holder] == D(percents[holder][1]) + apportion.residue(shares)
    split = apportion.split_amount(D(amount), shares)
    assert split == parts and sum(split.values()) == D(amount)


def test_shares_of_exactly_100_are_left_alone():
    shares = [(1, "A", D(60)), (2, "B", D(40))]
    assert apportion.residue_note(shares) == "" and apportion.effective_percents(shares) == {1: D(60), 2: D(40)}


def test_the_pennies_of_rounding_also_go_to_the_holder():
    shares = [(1, "A", D("33.33")), (2, "B", D("33.33")), (3, "C", D("33.34"))]
    split = apportion.split_amount(D("0.10"), shares)
    assert sum(split.values()) == D("0.10") and split[1] == split[2] == D("0.03") and split[3] == D("0.04")


# Every entry path ---------------------------------------------------------------------------------------------
def body(**values):
    objective = Objective.objects.get(code="SO1")
    return {"title": "Rounded split", "objectives": [objective.pk], "owner": "pmo.llr", "type": "cashable",
            "unit": "£", "period_kind": "financial_year", **values}


@pytest.mark.parametrize("percents", [("50.00", "49.99"), ("50.00", "50.01")])
def test_api_accepts_a_rounded_split_and_says_where_the_residue_went(api, in_llr, organisations, percents):
    uhl, lpt = organisations["UHL"], organisations["LPT"]
    rows = [{"organisation": uhl.pk, "percent": percents[0]}, {"organisation": lpt.pk, "percent": percents[1]}]
    response = api("pmo.llr").post("/api/v1/benefits/", body(attributions=rows), format="json")
    assert response.status_code == 201, response.json()
    benefit = Benefit.objects.get(pk=response.json()["id"])
    # Stored as stated.
    assert sorted(benefit.attributions.values_list("percent", flat=True)) == sorted(D(p) for p in percents)
    rounding = api("pmo.llr").get(f"/api/v1/benefits/{benefit.pk}/").json()["attribution_rounding"]
    holder = uhl if D(percents[0]) > D(percents[1]) else lpt
    total = D(percents[0]) + D(percents[1])
    assert rounding["sum"] == f"{total:.2f}" and rounding["residue"] == f"{100 - total:.2f}"
    assert rounding["organisation"] == holder.pk and holder.name in rounding["note"]


def test_api_refuses_a_split_outside_the_rule_and_saves_nothing(api, in_llr, organisations):
    rows = [{"organisation": organisations["UHL"].pk, "percent": "50"},
            {"organisation": organisations["LPT"].pk, "percent": "49.98"}]
    response = api("pmo.llr").post("/api/v1/benefits/", body(title="Too far out", attributions=rows), format="json")
    assert response.status_code == 400
    assert "99.98%" in " ".join(response.json()["attributions"])
    assert "99.99% to 100.01%" in " ".join(response.json()["attributions"])
    assert not Benefit.objects.filter(title="Too far out").exists()


def test_api_has_no_rounding_when_the_shares_add_up_to_100(api, make_benefit, organisations):
    benefit = make_benefit(shares={organisations["UHL"]: 60, organisations["LPT"]: 40})
    assert api("pmo.llr").get(f"/api/v1/benefits/{benefit.pk}/").json()["attribution_rounding"] is None


def test_the_form_accepts_a_rounded_split_and_the_page_shows_the_residue(browser, persona, in_llr, poa, organisations):
    client = browser("pm.poa.llr")
    uhl, lpt = organisations["UHL"], organisations["LPT"]
    data = {"title": "From the form, rounded", "objectives": [Objective.objects.get(code="SO1").pk],
            "owner": client.session["_auth_user_id"], "type": "cashable", "unit": "£",
            "period_kind": "financial_year", "stage": "planning", "projects": [poa.pk],
            f"share_{uhl.pk}": "49.99", f"share_{lpt.pk}": "49.98"}
    response = client.post("/benefits/new/", data)
    assert response.status_code == 400 and "they add up to 99.97%" in response.content.decode()
    response = client.post("/benefits/new/", {**data, f"share_{lpt.pk}": "50"})
    assert response.status_code == 302
    benefit = Benefit.objects.get(title="From the form, rounded")
    services.record_measurements(benefit, persona("pm.poa.llr"), [
        {"period": fy(2017), "planned": D("913530"), "actual": D("100001")}])
    html = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert f"Shares add to 99.99%: 0.01% rounding residue assigned to {lpt.name}, the largest share." in html
    # Planned shares: LPT 50.01% of £913,530 = £456,856.35; UHL 49.99% = £456,673.65; together the whole.
    assert "£456,856" in html and "£456,674" in html


def test_the_dashboard_credits_organisations_with_the_whole(make_benefit, organisations, in_llr):
    uhl, lpt = organisations["UHL"], organisations["LPT"]
    benefit = make_benefit(shares={uhl: "49.99", lpt: "50"},
                           points=[(fy(2017), D("913530"), D("913530"), None)])
    benefit = Benefit.objects.prefetch_related("objectives", "attributions__organisation").get(pk=benefit.pk)
    _, organisations_tally = services.dashboard([benefit], list(Objective.objects.all()),
                                                realisation.DEFAULT_THRESHOLDS)
    by_name = {tally.label: tally for tally in organisations_tally}
    assert by_name[lpt.name].planned_total == D("913530") * D("50.01") / 100
    assert by_name[uhl.name].planned_total + by_name[lpt.name].planned_total == D("913530")


def test_double_counting_claims_the_whole_benefit(make_benefit, organisations, in_llr, monkeypatch):
    """The organisations' claims of a benefit whose shares add to 99.99 add up to its planned total."""
    uhl, lpt = organisations["UHL"], organisations["LPT"]
    case = Benefit._meta.get_field("business_cases").related_model.objects.order_by("number").first()
    benefit = make_benefit(shares={uhl: "49.99", lpt: "50"}, cases=[case],
                           points=[(fy(2017), D("1000"), None, None)])
    seen = {}

    def capture(claims, case_savings, tolerance):
        seen.update({claim.benefit_id: claim for claim in claims})
        return {}, {}, []

    monkeypatch.setattr(realisation, "double_counting", capture)
    services.double_counting()
    claim = seen[benefit.pk]
    assert claim.percents == {uhl.pk: D("49.99"), lpt.pk: D("50.01")}
    assert sum(claim.amount * p / 100 for p in claim.percents.values()) == D("1000")


@pytest.mark.parametrize("second,ok", [("49.99", True), ("49.98", False)])
def test_the_admin_inline_applies_the_same_rule(make_benefit, organisations, in_llr, second, ok):
    from django.forms import inlineformset_factory

    from benefits.admin import AttributionFormSet
    from benefits.models import BenefitAttribution

    benefit = make_benefit(title="Admin split")
    formset_class = inlineformset_factory(Benefit, BenefitAttribution, formset=AttributionFormSet,
                                          fields=["organisation", "percent"], extra=2)
    data = {"attributions-TOTAL_FORMS": "2", "attributions-INITIAL_FORMS": "0",
            "attributions-0-organisation": organisations["UHL"].pk, "attributions-0-percent": "50",
            "attributions-1-organisation": organisations["LPT"].pk, "attributions-1-percent": second}
    formset = formset_class(data, instance=benefit, prefix="attributions")
    assert formset.is_valid() is ok
    if not ok:
        assert "they add up to 99.98%" in " ".join(formset.non_form_errors())
