"""Money at the document's own grain (issue 18): lines by year or quarter, capital/revenue "not stated", partner
splits per phase within the rounding rule, any number of stated totals per phase with their sources; bad input a
400 or form error naming the field or row, with nothing saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from business_cases import money, services
from business_cases.models import CostShare, MoneyLine, StatedTotal
from core.models import Organisation, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db
D = Decimal


def url(case):
    return f"/api/v1/business-cases/{case.pk}/money-profile/"


@pytest.fixture
def orgs(llr):
    with tenant_context(llr):
        return list(Organisation.objects.order_by("code").values_list("pk", flat=True)[:4])


def body(orgs, split=None, lines=None):
    return {
        "lines": lines or [
            {"kind": "cost", "funding": "not_stated", "financial_year": "2016/17", "quarter": 2, "phase": 1,
             "amount": "60000.00"},
            {"kind": "cost", "funding": "not_stated", "financial_year": "2016/17", "quarter": 3, "phase": 2,
             "amount": "40000.00"},
        ],
        "split": split if split is not None else [
            {"phase": 1, "organisation": orgs[0], "percent": "100", "amount": "60000.00"},
            {"phase": 2, "organisation": orgs[0], "percent": "33.33"},
            {"phase": 2, "organisation": orgs[1], "percent": "33.33"},
            {"phase": 2, "organisation": orgs[2], "percent": "33.33"},
        ],
        "stated_totals": [
            {"kind": "cost", "phase": 1, "amount": "60000.00", "source": "Table 5", "page": "42"},
            {"kind": "cost", "phase": 1, "amount": "61000.00", "source": "Table 6", "page": "44"},
        ],
    }


def counts(llr, case):
    with tenant_context(llr):
        return tuple(model.objects.filter(case=case).count() for model in (MoneyLine, CostShare, StatedTotal))


# The pure rules ---------------------------------------------------------------------------------------------------

def test_the_rounding_rule_allows_half_a_hundredth_a_share():
    three = [{"phase": 2, "percent": D("33.33")}] * 3
    money.check_splits(three)  # 99.99: within 3 × 0.005
    money.check_splits([{"phase": 2, "percent": p} for p in (D("28.57"), D("29.87"), D("35.06"), D("6.49"))])
    with pytest.raises(money.MoneyError, match=r"phase 2 \(rows 2, 3, 4\) add up to 99.97, not 100.*0.015"):
        money.check_splits([{"phase": 1, "percent": D("100")},
                            *[{"phase": 2, "percent": p} for p in (D("33.32"), D("33.32"), D("33.33"))]])
    with pytest.raises(money.MoneyError, match="the whole case"):
        money.check_splits([{"phase": None, "percent": D("50")}, {"phase": None, "percent": D("50.02")}])


def test_each_phase_is_checked_on_its_own():
    with pytest.raises(money.MoneyError, match="phase 1"):
        money.check_splits([{"phase": 1, "percent": D("60")}, {"phase": 2, "percent": D("40")}])


def test_a_quarter_needs_a_year_and_is_1_to_4(llr, make_case):
    case = make_case()
    with tenant_context(llr):
        for year, quarter, message in (("", 2, money.QUARTER_WITHOUT_YEAR), ("2016/17", 5, money.QUARTER_ERROR),
                                       ("2016/17", 0, money.QUARTER_ERROR)):
            line = MoneyLine(tenant=llr, case=case, kind="cost", financial_year=year, quarter=quarter, amount=D("1"))
            with pytest.raises(ValidationError) as refused:
                line.full_clean()
            assert refused.value.message_dict["quarter"] == [message]
        MoneyLine(tenant=llr, case=case, kind="cost", funding="not_stated", financial_year="2016/17", quarter=4,
                  amount=D("1")).full_clean()


def test_not_stated_funding_is_its_own_total():
    line = type("L", (), {"kind": "cost", "funding": "not_stated", "financial_year": "2016/17", "quarter": 1,
                          "phase": None, "amount": D("10")})
    totals = money.summarise(None, [line])["totals"]
    assert (totals["not_stated_cost"], totals["capital_cost"], totals["revenue_cost"]) == (D("10"), 0, 0)


# The API ----------------------------------------------------------------------------------------------------------

def test_put_at_quarter_grain_with_a_split_per_phase(api, llr, make_case, orgs):
    case = make_case(value="100000.00")
    response = api("pm.poa.llr").put(url(case), body(orgs), format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [row["period"] for row in data["by_quarter"]] == ["2016/17 Q2", "2016/17 Q3"]
    assert data["totals"]["not_stated_cost"] == "100000.00"
    assert [(g["phase"], g["percent"], g["residue"], g["computed"]) for g in data["splits"]] == [
        (1, "100.00", "0.00", "60000.00"), (2, "99.99", "0.01", "39996.00")]
    assert [row["computed"] for row in data["shares"]] == ["60000.00", "13332.00", "13332.00", "13332.00"]
    # Two stated totals for phase 1, each checked with its source and page.
    assert {(c["source"], c["difference"]) for c in data["checks"] if c["source"]} == {
        ("Table 5, p. 42", "0.00"), ("Table 6, p. 44", "-1000.00")}


@pytest.mark.parametrize(("part", "row", "field"), [
    ("lines", {"kind": "cost", "funding": "revenue", "financial_year": "2016/17", "quarter": 5, "amount": "1"},
     "quarter"),
    ("lines", {"kind": "cost", "funding": "revenue", "financial_year": "", "quarter": 2, "amount": "1"}, "quarter"),
    ("lines", {"kind": "cost", "funding": "not_stated", "financial_year": "2016/17", "amount": "-1"}, "amount"),
    ("lines", {"kind": "cost", "funding": "not_stated", "financial_year": "2016/17", "amount": "much"}, "amount"),
    ("split", {"phase": 0, "organisation": None, "percent": "0"}, "phase"),
])
def test_a_bad_row_is_named_and_nothing_saved(api, llr, make_case, orgs, part, row, field):
    case = make_case()
    client = api("pmo.llr")
    assert client.put(url(case), body(orgs), format="json").status_code == 200
    before = counts(llr, case)
    data = body(orgs)
    if part == "split":
        row = {**row, "organisation": orgs[3]}
    data[part] = [*data[part], row]
    response = client.put(url(case), data, format="json")
    assert response.status_code == 400
    errors = response.json()[part]
    index = len(data[part]) - 1
    bad = errors[str(index)] if isinstance(errors, dict) else errors[index]
    assert field in bad, errors
    assert counts(llr, case) == before


def test_a_phase_split_out_by_more_than_its_rounding_is_refused(api, llr, make_case, orgs):
    case = make_case()
    client = api("pmo.llr")
    assert client.put(url(case), body(orgs), format="json").status_code == 200
    before = counts(llr, case)
    split = body(orgs)["split"]
    split[3]["percent"] = "33.31"  # phase 2: 99.97, more than 3 × 0.005 out
    response = client.put(url(case), body(orgs, split=split), format="json")
    assert response.status_code == 400
    assert "phase 2 (rows 2, 3, 4) add up to 99.97, not 100" in response.json()["split"][0]
    assert counts(llr, case) == before


def test_the_service_refuses_a_bad_split_and_saves_nothing(llr, make_case):
    case = make_case(author="pm.poa.llr")
    with tenant_context(llr):
        org = Organisation.objects.first()
        user = User.objects.get(username="pm.poa.llr")
        with pytest.raises(ValidationError) as refused:
            services.replace_money_profile(case, user, lines=[{"kind": "cost", "amount": D("5")}],
                                           split=[{"phase": 1, "organisation": org, "percent": D("99.99")}])
        assert "phase 1 (rows 1)" in refused.value.message_dict["split"][0]
        assert not MoneyLine.objects.filter(case=case).exists()


# The browser ------------------------------------------------------------------------------------------------------

def test_the_form_takes_quarters_and_per_phase_shares(browser, llr, make_case, orgs):
    case = make_case(value="100000.00", author="pm.poa.llr")
    client = browser("pm.poa.llr")

    def data(quarter="2", percent="50"):
        return {
            "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
            "lines-0-kind": "cost", "lines-0-funding": "not_stated", "lines-0-financial_year": "2016/17",
            "lines-0-quarter": quarter, "lines-0-phase": "1", "lines-0-description": "Spend",
            "lines-0-amount": "100000.00",
            "split-TOTAL_FORMS": "2", "split-INITIAL_FORMS": "0",
            "split-0-phase": "1", "split-0-organisation": orgs[0], "split-0-percent": "50", "split-0-amount": "",
            "split-1-phase": "1", "split-1-organisation": orgs[1], "split-1-percent": percent,
            "split-1-amount": "49000.00",
            "stated-TOTAL_FORMS": "2", "stated-INITIAL_FORMS": "0",
            "stated-0-kind": "cost", "stated-0-phase": "1", "stated-0-amount": "100000", "stated-0-source": "Table 5",
            "stated-1-kind": "cost", "stated-1-phase": "1", "stated-1-amount": "90000", "stated-1-source": "Table 6",
            "stated-1-page": "44",
        }

    response = client.post(f"/cases/{case.pk}/money/", data(quarter="5"))
    assert response.status_code == 400 and "A quarter of a financial year is 1" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/money/", data(percent="49.98"))
    page = response.content.decode()
    assert response.status_code == 400 and "phase 1 (rows 1, 2) add up to 99.98" in page
    with tenant_context(llr):
        assert not MoneyLine.objects.filter(case=case).exists()
    response = client.post(f"/cases/{case.pk}/money/", data(percent="49.99"), follow=True)
    assert "money profile of" in response.content.decode()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2016/17 Q2" in page and "Table 6, p. 44" in page and "Differs by £10,000.00" in page
    assert "£49,990.00" in page and "£49,000.00" in page  # computed share beside the stated one
    with tenant_context(llr):
        assert StatedTotal.objects.filter(case=case, phase=1).count() == 2
