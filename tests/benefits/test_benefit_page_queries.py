"""A benefit's page makes the same queries however much it shows (issue 20): a benefit with nothing linked or recorded
and one with several objectives, projects, business cases, partner shares, a year of measurements and their
changes."""

import datetime
from decimal import Decimal

import pytest

from business_cases.models import BusinessCase
from programme.models import Project
from tests.queries import count

pytestmark = pytest.mark.django_db

MONTHS = [datetime.date(2024, month, 1) for month in range(1, 13)]


def test_a_benefits_page_costs_the_same_whatever_it_shows(browser, make_benefit, organisations, poa):
    bare = make_benefit(title="Bare", objectives=(), period_kind="month")
    full = make_benefit(
        title="Full", objectives=("SO1", "SO3", "SO5"), period_kind="month", profile_start=MONTHS[0],
        profile_end=MONTHS[-1], projects=list(Project.objects.order_by("name")[:4]),
        cases=list(BusinessCase.objects.order_by("number")[:3]),
        shares={organisations["UHL"]: 40, organisations["LPT"]: 30, organisations["LCC"]: 30},
        points=[(month, Decimal(100), Decimal(90 + n), None) for n, month in enumerate(MONTHS)])
    for measurement in full.measurements.all()[:3]:
        measurement.forecast = Decimal(95)
        measurement.save()
    client = browser("pmo.llr")
    client.get(f"/benefits/{bare.pk}/")
    few, _ = count(client, f"/benefits/{bare.pk}/")
    many, response = count(client, f"/benefits/{full.pk}/")
    html = response.content.decode()
    assert html.count('type="number"') == 36 and "Measurement" in html and "forecast" in html.lower()
    assert few == many, f"{few} queries for a bare benefit, {many} for a full one"
    assert many <= 17, many
