"""Finance's API: budget lines (who may, bad input named), actuals in bulk (all or nothing, items named by index
and field), the summaries and forecasts, exports, and another partnership's ids refused."""

import csv
import io
from decimal import Decimal

import pytest

from core.tenancy import tenant_context
from finance.models import Actual, BudgetLine

pytestmark = pytest.mark.django_db
LINES, ACTUALS = "/api/v1/budget-lines/", "/api/v1/actuals/"


def line(poa, **values):
    return {"level": "project", "project": poa.pk, "financial_year": "2026/27", "quarter": 3, "amount": "1200.00",
            "spend_kind": "revenue", **values}


@pytest.mark.parametrize(("username", "code"), [("pmo.llr", 201), ("director.llr", 201), ("pm.poa.llr", 403),
                                                ("viewer.uhl.llr", 403)])
def test_who_may_add_a_budget_line(api, poa, username, code):
    response = api(username).post(LINES, line(poa), format="json")
    assert response.status_code == code, response.content


@pytest.mark.parametrize(("values", "field"), [
    ({"amount": "lots"}, "amount"), ({"amount": "-1"}, "amount"), ({"quarter": 5}, "quarter"),
    ({"financial_year": "2026/2027"}, "financial_year"), ({"financial_year": "26/27"}, "financial_year"),
])
def test_bad_budget_lines_are_a_400_naming_the_field(api, poa, values, field):
    before = BudgetLine.all_tenants.count()
    response = api("pmo.llr").post(LINES, line(poa, **values), format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert BudgetLine.all_tenants.count() == before


def test_actuals_post_a_list_all_or_nothing(api, poa, org, last_month):
    before = Actual.all_tenants.count()
    good = {"project": poa.pk, "organisation": org("EMAS").pk, "month": last_month.isoformat(), "amount": "250.00"}
    response = api("pm.poa.llr").post(ACTUALS, [good, {**good, "organisation": org("WLCCG").pk, "amount": "ten"},
                                                {**good, "amount": "-3"}], format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"items[1].amount", "items[2].amount"}
    assert Actual.all_tenants.count() == before
    response = api("pm.poa.llr").post(ACTUALS, [good, {**good, "organisation": org("WLCCG").pk}], format="json")
    assert response.status_code == 201 and len(response.json()) == 2
    assert Actual.all_tenants.count() == before + 2


def test_one_actual_posted_alone(api, poa, org, last_month):
    response = api("pm.poa.llr").post(ACTUALS, {"project": poa.pk, "organisation": org("LPT").pk,
                                                "month": last_month.replace(day=9).isoformat(), "amount": "5"},
                                      format="json")
    assert response.status_code == 201 and response.json()["month"] == last_month.isoformat()


def test_another_partnerships_project_is_refused(api, northshire, org, last_month):
    from programme.models import Project

    with tenant_context(northshire):
        foreign = Project.objects.first()
    response = api("pmo.llr").post(ACTUALS, [{"project": foreign.pk, "organisation": org("LPT").pk,
                                              "month": last_month.isoformat(), "amount": "5"}], format="json")
    assert response.status_code == 400 and "items[0].project" in response.json()


def test_budgets_by_project_and_forecasts_by_year(api, poa, org, persona, last_month):
    from finance import services
    from finance.figures import year_label

    client = api("pmo.llr")
    year = year_label(last_month.year if last_month.month >= 4 else last_month.year - 1)
    query = {"by": "project", "project": poa.pk, "financial_year": year}

    def figures():
        rows = client.get("/api/v1/budgets/", query).json()
        assert rows["by"] == "project"
        (row,) = rows["results"]
        return {name: Decimal(row[name]) for name in ("budget", "actual", "remaining", "outturn")}

    before = figures() if client.get("/api/v1/budgets/", query).json()["results"] else dict.fromkeys(
        ("budget", "actual", "remaining", "outturn"), Decimal("0"))
    client.post(LINES, line(poa, financial_year=year, quarter=None, amount="1000"), format="json")
    services.record_actuals(persona("pmo.llr"), [{"project": poa, "organisation": org("EMAS"), "month": last_month,
                                                  "amount": Decimal("400")}])
    after = figures()
    assert after["budget"] - before["budget"] == Decimal("1000")
    assert after["actual"] - before["actual"] == Decimal("400")
    assert after["outturn"] == after["actual"] + after["remaining"]
    years = client.get("/api/v1/forecasts/", {"project": poa.pk}).json()["results"]
    assert year in [row["label"] for row in years]


def test_a_bad_summary_filter_is_a_400(api):
    response = api("pmo.llr").get("/api/v1/budgets/", {"financial_year": "2026-27", "by": "colour"})
    assert response.status_code == 400 and {"financial_year", "by"} <= set(response.json())


def test_exports(api, poa):
    client = api("pmo.llr")
    client.post(LINES, line(poa), format="json")
    response = client.get(LINES, {"format": "csv", "project": poa.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Level" and len(rows) >= 2
    response = client.get("/api/v1/budgets/", {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(ACTUALS, {"format": "csv"}).status_code == 200
