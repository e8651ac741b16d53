"""Tenant isolation (API.md "Tenancy"): another partnership's benefit is a 404, its ids in a body a 400."""

from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitAttribution
from core.models import Organisation
from core.tenancy import tenant_context
from programme.models import Objective, Project

from .conftest import fy

pytestmark = pytest.mark.django_db


@pytest.fixture
def llr_benefit(make_benefit, llr):
    with tenant_context(llr):
        poa = Project.objects.get(name="Integrating LLR Points of Access")
    return make_benefit(title="LLR only", projects=[poa], points=[(fy(2017), Decimal(1), None, None)])


def test_another_tenants_benefit_is_404(api, llr_benefit):
    client = api("pmo.north")
    base = f"/api/v1/benefits/{llr_benefit.pk}/"
    assert client.get(base).status_code == 404
    assert client.patch(base, {"title": "x"}, format="json").status_code == 404
    for suffix in ("measurements/", "measurements/2017-04-01/", "chart/", "history/"):
        assert client.get(base + suffix).status_code == 404, suffix
    response = client.post(base + "measurements/", {"period": "2018-04-01", "planned": "1"}, format="json")
    assert response.status_code == 404
    assert client.post(base + "archive/").status_code == 404


def test_lists_never_contain_another_tenants_benefits(api, llr_benefit, northshire):
    rows = api("pmo.north").get("/api/v1/benefits/?page_size=500").json()["results"]
    assert {r["title"] for r in rows} == set(
        Benefit.all_tenants.filter(tenant=northshire, archived=False).values_list("title", flat=True))
    assert "LLR only" not in {r["title"] for r in rows}
    flagged = api("pmo.north").get("/api/v1/benefits/double-counting/").json()
    assert flagged == {"several_cases": [], "same_savings": [], "organisations": []}


def test_foreign_ids_in_a_body_are_refused(api, llr, northshire):
    with tenant_context(llr):
        own_objective = Objective.objects.first()
        own_organisation = Organisation.objects.first()
        case = Benefit._meta.get_field("business_cases").related_model.objects.first()
    client = api("pmo.north")
    base = {"title": "Sneaky", "owner": "pmo.north"}
    with tenant_context(northshire):
        north_objective = Objective.objects.first()
    for field, value in [("objectives", [own_objective.pk]),
                         ("projects", [Project.all_tenants.filter(tenant=llr).first().pk]),
                         ("business_cases", [case.pk]),
                         ("attributions", [{"organisation": own_organisation.pk, "percent": "100"}]),
                         ("owner", "pmo.llr")]:
        data = {**base, "objectives": [north_objective.pk], field: value}
        response = client.post("/api/v1/benefits/", data, format="json")
        assert response.status_code == 400, field
        assert field in response.json(), (field, response.json())
    assert not Benefit.all_tenants.filter(title="Sneaky").exists()


def test_pages_are_404_in_another_tenant(browser, llr_benefit):
    client = browser("pmo.north")
    for url in (f"/benefits/{llr_benefit.pk}/", f"/benefits/{llr_benefit.pk}/edit/",
                f"/benefits/{llr_benefit.pk}/chart.svg"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/benefits/{llr_benefit.pk}/measurements/", {}).status_code == 404
    assert client.post(f"/benefits/{llr_benefit.pk}/archive/", {}).status_code == 404
    assert "LLR only" not in client.get("/benefits/").content.decode()


def test_attributions_stay_in_their_tenant(llr_benefit, northshire):
    with tenant_context(northshire):
        assert not BenefitAttribution.objects.filter(benefit_id=llr_benefit.pk).exists()
        assert not Benefit.objects.filter(pk=llr_benefit.pk).exists()
