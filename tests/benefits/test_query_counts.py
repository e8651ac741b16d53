"""Lists and pages cost the same number of queries at any page size."""

from decimal import Decimal

import pytest

from benefits.models import Benefit
from core.models import Organisation
from tests.queries import count

from .conftest import fy

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_benefit, poa, in_llr):
    organisations = list(Organisation.objects.all()[:2])
    cases = list(Benefit._meta.get_field("business_cases").related_model.objects.all()[:1])
    for n in range(110):
        make_benefit(title=f"Bulk {n}", projects=[poa] if n % 2 else [], objectives=("SO1", "SO5"),
                     shares={organisations[0]: 50, organisations[1]: 50}, cases=cases if n % 3 == 0 else [],
                     points=[(fy(2017), Decimal(100), Decimal(n), None), (fy(2018), Decimal(100), None, None)])



def test_api_list_query_count_is_constant(api, many):
    client = api("pmo.llr")
    client.get("/api/v1/benefits/?page_size=1")  # warm the token's last-used write
    small, _ = count(client, "/api/v1/benefits/?page_size=10")
    large, response = count(client, "/api/v1/benefits/?page_size=100")
    assert len(response.json()["results"]) == 100
    assert small == large
    assert large <= 19, large


def test_api_measurements_query_count_is_constant(api, many):
    benefit = Benefit.objects.filter(title="Bulk 1").get()
    client = api("pmo.llr")
    client.get(f"/api/v1/benefits/{benefit.pk}/measurements/?page_size=1")
    small, _ = count(client, f"/api/v1/benefits/{benefit.pk}/measurements/?page_size=1")
    large, _ = count(client, f"/api/v1/benefits/{benefit.pk}/measurements/?page_size=100")
    assert small == large


def test_register_page_query_count_is_constant(browser, many):
    client = browser("pmo.llr")
    client.get("/benefits/?page_size=25")
    small, _ = count(client, "/benefits/?page_size=25")
    large, response = count(client, "/benefits/?page_size=100")
    assert small == large
    assert response.content.decode().count("Bulk ") >= 90  # 100 rows, the demo benefits first


def test_dashboard_query_count_does_not_grow_with_benefits(browser, make_benefit, poa, in_llr):
    client = browser("pmo.llr")
    client.get("/benefits/dashboard/")
    before, _ = count(client, "/benefits/dashboard/")
    for n in range(30):
        make_benefit(title=f"More {n}", projects=[poa], points=[(fy(2017), Decimal(100), Decimal(90), None)])
    client.get("/benefits/dashboard/")  # the double-counting check, recomputed once after the writes, then cached
    after, _ = count(client, "/benefits/dashboard/")
    assert before == after
