"""A risk names the benefits it threatens (DOMAIN.md s4): in the API, the forms and the detail page, only ever
benefits of the same partnership that the user may read, and an edit never drops a link the editor cannot see."""

import pytest

from benefits.models import Benefit
from core.models import User
from core.tenancy import tenant_context
from programme.models import Project
from risks.models import Risk

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Savings slip", "category": "financial", "nature": "threat", "level": "programme",
    "inherent_likelihood": 4, "inherent_impact": 4, "residual_likelihood": 3, "residual_impact": 4,
    "response": "reduce",
}


def _benefits(tenant, count=2):
    with tenant_context(tenant):
        return list(Benefit.objects.filter(restricted=False).order_by("pk")[:count])


def test_a_risk_is_created_and_edited_with_the_benefits_it_threatens(api, llr):
    first, second = _benefits(llr)
    client = api("pmo.llr")
    response = client.post("/api/v1/risks/", {**BODY, "benefits": [first.pk]}, format="json")
    assert response.status_code == 201, response.content
    risk_id = response.json()["id"]
    assert response.json()["benefits"] == [first.pk]
    response = client.patch(f"/api/v1/risks/{risk_id}/", {"benefits": [first.pk, second.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert sorted(response.json()["benefits"]) == sorted([first.pk, second.pk])
    listed = {row["id"]: row for row in client.get("/api/v1/risks/?page_size=100").json()["results"]}
    assert sorted(listed[risk_id]["benefits"]) == sorted([first.pk, second.pk])
    history = client.get(f"/api/v1/risks/{risk_id}/history/")
    assert history.status_code == 200
    with tenant_context(llr):
        assert set(Risk.objects.get(pk=risk_id).benefits.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_another_partnerships_benefit_is_refused_and_nothing_is_saved(api, llr, northshire):
    (foreign,) = _benefits(northshire, 1)
    with tenant_context(llr):
        before = Risk.objects.count()
    response = api("pmo.llr").post("/api/v1/risks/", {**BODY, "benefits": [foreign.pk]}, format="json")
    assert response.status_code == 400
    assert "benefits" in response.json()
    with tenant_context(llr):
        assert Risk.objects.count() == before


def test_a_benefit_the_user_cannot_read_is_neither_linkable_nor_shown_nor_dropped(api, llr):
    with tenant_context(llr):
        poa = Project.objects.get(name="Integrating LLR Points of Access")
        visible = Benefit.objects.filter(projects=poa, restricted=False).order_by("pk").first()
        hidden = Benefit.objects.exclude(projects=poa).filter(level="project").order_by("pk").first()
        Benefit.all_tenants.filter(pk=hidden.pk).update(restricted=True, owner=User.objects.get(username="ig.llr"))
        risk = Risk.objects.create(**{**BODY, "title": "Linked", "level": "project", "project": poa},
                                   created_by=User.objects.get(username="pmo.llr"))
        risk.benefits.add(visible, hidden)
        reader = User.objects.get(username="pm.poa.llr")
        assert not Benefit.objects.visible_to(reader).filter(pk=hidden.pk).exists()
        assert Benefit.objects.visible_to(reader).filter(pk=visible.pk).exists()
    client = api("pm.poa.llr")
    assert client.get(f"/api/v1/risks/{risk.pk}/").json()["benefits"] == [visible.pk]
    response = client.post("/api/v1/risks/", {**BODY, "level": "project", "project": poa.pk, "title": "Refused",
                                              "benefits": [hidden.pk]}, format="json")
    assert response.status_code == 400 and "benefits" in response.json(), response.content
    # The project manager edits the links they can see; the restricted link stays.
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"benefits": []}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["benefits"] == []
    with tenant_context(llr):
        assert not Risk.objects.filter(title="Refused").exists()
        assert list(risk.benefits.values_list("pk", flat=True)) == [hidden.pk]


def test_the_form_links_benefits_and_the_detail_page_lists_them(client, persona, llr):
    first, _ = _benefits(llr)
    client.force_login(persona("pmo.llr"))
    with tenant_context(llr):
        page = client.get("/risks/new/")
        assert page.status_code == 200 and first.ref in page.content.decode()
        response = client.post("/risks/new/", {
            "title": "Form linked", "category": "financial", "nature": "threat", "level": "programme",
            "inherent_likelihood": "4", "inherent_impact": "4", "residual_likelihood": "3", "residual_impact": "4",
            "date_identified": "2026-01-01", "response": "reduce", "benefits": [str(first.pk)],
        })
        assert response.status_code == 302, response.content.decode()[:2000]
        risk = Risk.objects.get(title="Form linked")
        assert list(risk.benefits.values_list("pk", flat=True)) == [first.pk]
        detail = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Benefits threatened" in detail and first.ref in detail


def test_the_demo_links_points_of_access_risks_to_its_benefits(llr):
    with tenant_context(llr):
        linked = Risk.objects.filter(source_ref="FBC Table 10, risk 1").get()
        assert linked.benefits.filter(projects__name="Integrating LLR Points of Access").exists()
        assert not Risk.objects.get(source_ref="FBC Table 10, risk 2").benefits.exists()


def test_the_benefit_page_lists_the_risks_that_threaten_it(client, persona, llr):
    with tenant_context(llr):
        risk = Risk.objects.get(source_ref="FBC Table 10, risk 1")
        benefit = risk.benefits.order_by("pk").first()
        client.force_login(persona("viewer.uhl.llr"))
        page = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert "Risks that threaten it" in page and risk.ref in page
