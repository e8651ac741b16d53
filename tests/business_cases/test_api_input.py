"""Bad input is a 400 naming the field, and nothing is saved (API.md "Errors"); foreign ids are refused."""

import pytest

from business_cases.models import BusinessCase, CostShare, MoneyLine, StatedTotal
from core.models import Organisation
from core.tenancy import tenant_context
from programme.models import Project

pytestmark = pytest.mark.django_db


def url(case, suffix=""):
    return f"/api/v1/business-cases/{case.pk}/{suffix}"


@pytest.mark.parametrize(("value", "message"), [
    ("-0.01", "cannot be negative"), ("-250000", "cannot be negative"), ("abc", "pounds and pence"),
    ("250000.001", "nearest penny"), ("", "pounds and pence"), (None, "null"), ("1e400", ""),
])
def test_bad_values_are_refused(api, poa, value, message):
    count = BusinessCase.objects.count()
    response = api("pmo.llr").post("/api/v1/business-cases/", {"title": "Bad", "project": poa.pk, "value": value},
                                   format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["value"])
    assert BusinessCase.objects.count() == count


def test_money_is_shown_with_two_places(api, poa):
    body = api("pmo.llr").post("/api/v1/business-cases/", {"title": "Exact", "project": poa.pk, "value": "250000"},
                               format="json").json()
    assert body["value"] == "250000.00" and body["tier"] == "rff"


@pytest.mark.parametrize(("sections", "message"), [
    ({"strategic": "Why", "benefits": "Lots"}, "'benefits'"),
    ({"strategic": 42}, "must be text"),
    (["strategic"], "as an object"),
    ("strategic", "as an object"),
])
def test_unknown_or_malformed_sections_are_refused(api, make_case, llr, sections, message):
    case = make_case(sections={"strategic": "Kept"})
    response = api("pmo.llr").patch(url(case), {"sections": sections}, format="json")
    assert response.status_code == 400
    assert message in response.json()["sections"][0]
    with tenant_context(llr):
        assert BusinessCase.objects.get(pk=case.pk).sections == {"strategic": "Kept"}


def test_sections_given_are_merged(api, make_case, llr):
    case = make_case(sections={"strategic": "Kept", "financial": "Old"})
    body = api("pmo.llr").patch(url(case), {"sections": {"financial": "New"}}, format="json").json()
    assert body["sections"] == {"strategic": "Kept", "financial": "New"}


def test_a_project_of_another_partnership_is_refused(api, llr, northshire):
    with tenant_context(northshire):
        north_project = Project.objects.first()
    response = api("pmo.llr").post("/api/v1/business-cases/", {"title": "Leak", "project": north_project.pk,
                                                               "value": "1000.00"}, format="json")
    assert response.status_code == 400 and "project" in response.json()


def test_briefs_refuse_foreign_workstreams_and_negative_costs(api, northshire):
    with tenant_context(northshire):
        from programme.models import Workstream

        north = Workstream.objects.first()
    client = api("pmo.llr")
    response = client.post("/api/v1/briefs/", {"title": "X", "kind": "project", "workstream": north.pk,
                                               "description": "x", "cost": "10.00"}, format="json")
    assert response.status_code == 400 and "workstream" in response.json()
    response = client.post("/api/v1/briefs/", {"title": "X", "kind": "workstream", "description": "x",
                                               "cost": "-10.00"}, format="json")
    assert response.status_code == 400 and "cost" in response.json()
    response = client.post("/api/v1/briefs/", {"title": "X", "kind": "project", "description": "x", "cost": "1"},
                           format="json")
    assert response.status_code == 400 and "workstream" in response.json()


class TestMoneyProfile:
    def good(self, llr):
        with tenant_context(llr):
            orgs = list(Organisation.objects.order_by("code").values_list("pk", flat=True)[:2])
        return {
            "lines": [
                {"kind": "cost", "funding": "revenue", "financial_year": "2016/17", "phase": 1, "amount": "60000.00"},
                {"kind": "cost", "funding": "capital", "financial_year": "", "phase": 2, "amount": "40000.00"},
                {"kind": "saving", "funding": "revenue", "financial_year": "2017/18", "amount": "150000.00"},
            ],
            "split": [{"organisation": orgs[0], "label": "A", "percent": "60", "amount": "60000.00"},
                      {"organisation": orgs[1], "label": "B", "percent": "40", "amount": "40000.01"}],
            "stated_totals": [{"kind": "saving", "phase": None, "amount": "150001.00", "source": "Table 3"}],
        }

    def test_put_and_read_back_with_totals(self, api, llr, make_case):
        case = make_case(value="100000.00")
        response = api("pm.poa.llr").put(url(case, "money-profile/"), self.good(llr), format="json")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["totals"]["cost"] == "100000.00" and body["totals"]["capital_cost"] == "40000.00"
        assert body["totals"]["net"] == "50000.00"
        assert body["split_percent"] == "100.00"
        assert [row["financial_year"] for row in body["by_year"]] == ["2016/17", "2017/18"]
        assert {(d["label"], d["difference"]) for d in body["discrepancies"]} == {
            ("Stated savings for the whole case against the saving lines", "-1.00"),
            ("Partners' shares of the cost against the value of the case", "0.01"),
        }
        case_body = api("pm.poa.llr").get(url(case)).json()
        assert case_body["money"]["totals"]["saving"] == "150000.00"

    @pytest.mark.parametrize(("part", "row", "field"), [
        ("lines", {"kind": "cost", "funding": "revenue", "amount": "-1.00"}, "amount"),
        ("lines", {"kind": "cost", "funding": "revenue", "amount": "lots"}, "amount"),
        ("lines", {"kind": "cost", "funding": "revenue", "amount": "1.005"}, "amount"),
        ("lines", {"kind": "cost", "funding": "revenue", "financial_year": "2016/18", "amount": "1"}, "financial_year"),
        ("lines", {"kind": "cost", "funding": "revenue", "financial_year": "16/17", "amount": "1"}, "financial_year"),
        ("lines", {"kind": "profit", "funding": "revenue", "amount": "1"}, "kind"),
        ("lines", {"kind": "cost", "funding": "loan", "amount": "1"}, "funding"),
        ("lines", {"kind": "cost", "funding": "revenue", "phase": 0, "amount": "1"}, "phase"),
        ("stated_totals", {"kind": "saving", "amount": "-5"}, "amount"),
    ])
    def test_a_bad_row_saves_nothing(self, api, llr, make_case, part, row, field):
        case = make_case()
        client = api("pmo.llr")
        assert client.put(url(case, "money-profile/"), self.good(llr), format="json").status_code == 200
        body = self.good(llr)
        body[part] = [*body[part], row]
        response = client.put(url(case, "money-profile/"), body, format="json")
        assert response.status_code == 400
        errors = response.json()[part]
        rows = errors.values() if isinstance(errors, dict) else errors
        assert any(field in item for item in rows if item), errors
        with tenant_context(llr):
            assert MoneyLine.objects.filter(case=case).count() == 3
            assert CostShare.objects.filter(case=case).count() == 2
            assert StatedTotal.objects.filter(case=case).count() == 1

    @pytest.mark.parametrize("percents", [("60", "30"), ("60", "40.02"), ("100", "0.5")])
    def test_the_split_must_add_up_to_100(self, api, llr, make_case, percents):
        case = make_case()
        body = self.good(llr)
        for share, percent in zip(body["split"], percents, strict=True):
            share["percent"] = percent
        response = api("pmo.llr").put(url(case, "money-profile/"), body, format="json")
        assert response.status_code == 400 and "not 100" in response.json()["split"][0]
        with tenant_context(llr):
            assert not MoneyLine.objects.filter(case=case).exists()

    def test_an_organisation_of_another_partnership_is_refused(self, api, llr, northshire, make_case):
        case = make_case()
        with tenant_context(northshire):
            north_org = Organisation.objects.first()
        body = self.good(llr)
        body["split"][0]["organisation"] = north_org.pk
        response = api("pmo.llr").put(url(case, "money-profile/"), body, format="json")
        errors = response.json()["split"]
        first = errors["0"] if isinstance(errors, dict) else errors[0]
        assert response.status_code == 400 and "organisation" in first

    def test_a_total_may_be_stated_more_than_once(self, api, llr, make_case):
        """A document may state the same total in two tables (seed 004 Tables 5 and 6–8): each is kept."""
        body = self.good(llr)
        body["stated_totals"] = [*body["stated_totals"], {**body["stated_totals"][0], "source": "Table 4"}]
        response = api("pmo.llr").put(url(make_case(), "money-profile/"), body, format="json")
        assert response.status_code == 200 and len(response.json()["stated_totals"]) == 2

    def test_an_empty_body_is_refused(self, api, make_case):
        assert api("pmo.llr").put(url(make_case(), "money-profile/"), {}, format="json").status_code == 400

    def test_only_a_draft_profile_changes_and_only_by_r(self, api, llr, make_case):
        assert api("pmo.llr").put(url(make_case(status="submitted"), "money-profile/"), self.good(llr),
                                  format="json").status_code == 409
        assert api("viewer.uhl.llr").put(url(make_case(), "money-profile/"), self.good(llr),
                                         format="json").status_code == 403


@pytest.mark.parametrize("body", [
    {"business_need": 6, "strategic_fit": 4, "value_for_money": 3, "affordability": 4, "clinical_quality": 2,
     "access": 5},
    {"business_need": 0, "strategic_fit": 4, "value_for_money": 3, "affordability": 4, "clinical_quality": 2,
     "access": 5},
    {"business_need": "high", "strategic_fit": 4, "value_for_money": 3, "affordability": 4, "clinical_quality": 2,
     "access": 5},
    {"business_need": 5},
])
def test_scores_are_whole_numbers_from_1_to_5(api, make_case, body):
    response = api("delivery.llr").post(url(make_case(status="submitted"), "scores/"), body, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("bad", ["{not json", "[1, 2", "null"])
def test_malformed_bodies_are_400_not_500(api, make_case, bad):
    case = make_case()
    response = api("pmo.llr").generic("PUT", url(case, "money-profile/"), bad, content_type="application/json")
    assert response.status_code == 400


LONG_REASON = ("The partners agreed at the Delivery Board that the Vanguard model replaces this case; its funding "
               "now returns to the pooled budget.")  # 131 characters: the history's reason column holds 100


def latest_history(llr, case):
    with tenant_context(llr):
        return BusinessCase.history.filter(id=case.pk).latest("history_date")


def test_a_long_withdrawal_reason_is_kept_whole_and_its_history_reason_fits(api, llr, make_case):
    """Issue 15: a reason of 130 characters or more made the history row overflow its column (a 500 on PostgreSQL)."""
    assert len(LONG_REASON) == 131
    case = make_case(status="submitted")
    response = api("pmo.llr").post(url(case, "withdraw/"), {"reason": LONG_REASON}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["withdrawn_reason"] == LONG_REASON
    recorded = latest_history(llr, case).history_change_reason
    assert len(recorded) == 100 and recorded.startswith("Withdrawn: The partners agreed") and recorded.endswith("…")


def test_a_long_withdrawal_reason_from_the_page(client, persona, llr, make_case):
    case = make_case(status="submitted")
    client.force_login(persona("pmo.llr"))
    response = client.post(f"/cases/{case.pk}/withdraw/", {"reason": LONG_REASON})
    assert response.status_code == 302
    recorded = latest_history(llr, case)
    assert recorded.status == "withdrawn" and recorded.withdrawn_reason == LONG_REASON
    assert len(recorded.history_change_reason) <= 100
