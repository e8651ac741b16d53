"""A benefit measured by quarter or month shows its profile summed by financial year (April to March), partial
years labelled, on its page and in the API detail."""

import datetime
from decimal import Decimal

import pytest

from benefits import realisation
from benefits.choices import PeriodKind

pytestmark = pytest.mark.django_db
D = Decimal
P = realisation.Point


def test_quarters_across_a_year_boundary():
    # Q3 and Q4 of 2016/17, Q1 and Q2 of 2017/18.
    points = [P(datetime.date(2016, 10, 1), D(100), D(90), None), P(datetime.date(2017, 1, 1), D(100), None, D(95)),
              P(datetime.date(2017, 4, 1), D(200), None, D(180)), P(datetime.date(2017, 7, 1), D(200), None, None)]
    years = realisation.financial_year_totals(points, PeriodKind.QUARTER, datetime.date(2016, 10, 1),
                                              datetime.date(2017, 7, 1))
    assert [(y.year, y.planned, y.actual, y.forecast, y.periods, y.of, y.partial) for y in years] == [
        ("2016/17", D(200), D(90), D(95), 2, 4, True), ("2017/18", D(400), None, D(180), 2, 4, True)]


def test_months_across_a_year_boundary_and_a_whole_year():
    first, last = datetime.date(2017, 1, 1), datetime.date(2018, 3, 1)
    periods = realisation.periods_between(first, last, PeriodKind.MONTH)
    points = [P(period, D(10), D(9) if period.year == 2017 else None, None) for period in periods]
    years = realisation.financial_year_totals(points, PeriodKind.MONTH, first, last)
    assert [(y.year, y.planned, y.actual, y.periods, y.partial) for y in years] == [
        ("2016/17", D(30), D(27), 3, True), ("2017/18", D(120), D(81), 12, False)]


def test_unrecorded_periods_of_the_profile_count_towards_the_year():
    """A year is whole when the profile covers all its periods, whether or not each has a value yet."""
    years = realisation.financial_year_totals([P(datetime.date(2017, 4, 1), D(5))], PeriodKind.QUARTER,
                                              datetime.date(2017, 4, 1), datetime.date(2018, 1, 1))
    assert [(y.year, y.planned, y.periods, y.partial) for y in years] == [("2017/18", D(5), 4, False)]


@pytest.fixture
def quarterly(make_benefit):
    return make_benefit(title="Quarterly", unit="£", period_kind=PeriodKind.QUARTER,
                        profile_start=datetime.date(2016, 10, 1), profile_end=datetime.date(2017, 4, 1),
                        points=[(datetime.date(2016, 10, 1), D(1000), D(900), None),
                                (datetime.date(2017, 1, 1), D(1000), D(1100), None),
                                (datetime.date(2017, 4, 1), D(1500), None, D(1400))])


def test_the_page_shows_the_financial_years(browser, quarterly):
    html = browser("pmo.llr").get(f"/benefits/{quarterly.pk}/").content.decode()
    assert "by financial year (April to March)" in html
    assert "2016/17 (partial: 2 of 4 financial quarters)" in html
    assert "2017/18 (partial: 1 of 4 financial quarters)" in html
    assert "£2,000" in html and "£1,500" in html and "£1,400" in html


def test_a_yearly_benefit_has_no_second_table(browser, in_llr):
    from benefits.models import Benefit

    benefit = Benefit.objects.get(title__startswith="Points of Access phase 2")
    html = browser("pmo.llr").get(f"/benefits/{benefit.pk}/").content.decode()
    assert 'id="financial-years"' not in html


def test_the_api_detail_gives_the_financial_years(api, quarterly):
    data = api("pmo.llr").get(f"/api/v1/benefits/{quarterly.pk}/").json()
    assert data["financial_years"] == [
        {"year": "2016/17", "planned": "2000.00", "actual": "2000.00", "forecast": None, "partial": True,
         "periods": 2, "periods_in_year": 4},
        {"year": "2017/18", "planned": "1500.00", "actual": None, "forecast": "1400.00", "partial": True,
         "periods": 1, "periods_in_year": 4},
    ]
    listed = api("pmo.llr").get("/api/v1/benefits/?page_size=10").json()["results"]
    assert all("financial_years" not in row for row in listed)  # the list stays one query per relation


def test_the_benefit_page_query_count_does_not_grow_with_periods(browser, make_benefit):
    from tests.queries import count

    few = make_benefit(title="Few months", period_kind=PeriodKind.MONTH,
                       points=[(datetime.date(2017, 3, 1), D(1), None, None)])
    many = make_benefit(title="Many months", period_kind=PeriodKind.MONTH, points=[
        (period, D(1), D(1), None) for period in realisation.periods_between(
            datetime.date(2016, 1, 1), datetime.date(2018, 12, 1), PeriodKind.MONTH)])
    client = browser("pmo.llr")
    client.get(f"/benefits/{few.pk}/")
    small, _ = count(client, f"/benefits/{few.pk}/")
    large, response = count(client, f"/benefits/{many.pk}/")
    assert "2018/19 (partial: 9 of 12 months)" in response.content.decode()
    assert small == large
