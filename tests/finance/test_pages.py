"""Finance's pages: the overview and a project's page at a constant number of queries, the entry form (a month's
spend recorded; bad input a 400 naming the field, nothing saved) (the import: test_import.py)."""

import datetime
from decimal import Decimal

import pytest

from finance import services
from finance.choices import Level
from finance.models import Actual
from tests.queries import count

pytestmark = pytest.mark.django_db



def test_the_overview_shows_charts_tables_and_a_constant_number_of_queries(browser, poa, other_project, persona):
    client = browser("pmo.llr")
    client.get("/finance/")  # the first request of a session settles it (the partnership's finance settings)
    first, response = count(client, "/finance/")
    html = response.content.decode()
    assert "<svg" in html and "By partner organisation" in html and "Largest variances" in html
    for index in range(3):
        services.create_line(persona("pmo.llr"), level=Level.PROJECT, project=other_project,
                             financial_year=f"{2020 + index}/{21 + index}", amount=Decimal("100"))
    again, _ = count(client, "/finance/")
    assert again == first


def test_the_project_page_has_a_constant_number_of_queries(browser, poa, org, persona):
    client = browser("pm.poa.llr")
    client.get(f"/finance/projects/{poa.pk}/")
    first, response = count(client, f"/finance/projects/{poa.pk}/")
    assert "Record a month" in response.content.decode()
    today = datetime.date.today().replace(day=1)
    services.record_actuals(persona("pmo.llr"), [
        {"project": poa, "organisation": org(code), "month": today, "amount": Decimal("9")}
        for code in ("UHL", "LPT", "LCC", "RCC")])
    again, _ = count(client, f"/finance/projects/{poa.pk}/")
    assert again == first


def test_entering_a_month_and_bad_amounts(browser, poa, org, last_month):
    client = browser("pm.poa.llr")
    url = f"/finance/projects/{poa.pk}/"
    before = Actual.objects.count()
    form = {"month": last_month.isoformat(), "organisation": org("EMAS").pk, "spend_kind": "revenue", "amount": "-4"}
    for amount in ("-4", "twelve"):
        response = client.post(url, {**form, "amount": amount})
        assert response.status_code == 400 and 'href="#id_amount"' in response.content.decode()
    assert Actual.objects.count() == before
    response = client.post(url, {**form, "amount": "1234.56"})
    assert response.status_code == 302
    assert Actual.objects.get(project=poa, organisation=org("EMAS"), month=last_month).amount == Decimal("1234.56")


def test_a_viewer_sees_no_form_and_may_not_post(browser, poa, org, last_month):
    client = browser("viewer.uhl.llr")
    assert "Record a month" not in client.get(f"/finance/projects/{poa.pk}/").content.decode()
    response = client.post(f"/finance/projects/{poa.pk}/", {"month": last_month.isoformat(),
                                                           "organisation": org("UHL").pk, "amount": "1"})
    assert response.status_code == 403


