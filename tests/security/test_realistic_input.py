"""Issue 15, item 4: realistic input that answered 500 now answers a 400 naming the field, and API errors are JSON.

(The long withdrawal reason and the long file name are tested beside their registers: tests/business_cases/
test_api_input.py, tests/benefits/test_import.py, tests/risks/test_transfer.py; malformed workbooks in
tests/security/test_upload_parsing.py.)
"""

import json

import pytest
from django.test import override_settings

from benefits.models import Benefit, BenefitMeasurement
from business_cases.models import BusinessCase
from core.tenancy import tenant_context
from lifecycle.api import views as lifecycle_views
from lifecycle.models import QualityCriterion
from programme.models import Workstream

pytestmark = pytest.mark.django_db
HUGE = "1e999999"


def is_json(response):
    return response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("url,field", [
    ("/api/v1/business-cases/?value_min=1e999999", "value_min"),
    ("/api/v1/business-cases/?value_max=-1e999999", "value_max"),
    ("/api/v1/business-cases/?value_min=1e-999999", "value_min"),
    ("/api/v1/change-requests/?business_case=1e999999", "business_case"),
    ("/api/v1/meeting-actions/?body=1e999999", "body"),
])
def test_a_number_beyond_any_amount_in_a_filter_is_a_400_naming_it(api, url, field):
    response = api("pmo.llr").get(url)
    assert response.status_code == 400 and is_json(response)
    assert field in response.json()


def test_the_register_page_refuses_the_same_filter_without_failing(client, persona):
    client.force_login(persona("pmo.llr"))
    response = client.get("/cases/?value_min=1e999999")
    assert response.status_code in (200, 400)
    assert "digits" in response.content.decode()


@pytest.mark.parametrize("value", [HUGE, "inf", "NaN", "-Infinity"])
def test_an_amount_beyond_any_number_is_a_400_naming_the_field(api, llr, value):
    with tenant_context(llr):
        benefit = Benefit.objects.filter(archived=False).order_by("pk").first()
        before = BenefitMeasurement.objects.count()
    response = api("pmo.llr").post(f"/api/v1/benefits/{benefit.pk}/measurements/",
                                   {"period": "2030-04-01", "planned": value}, format="json")
    assert response.status_code == 400 and "planned" in response.json()
    cases = BusinessCase.all_tenants.count()
    response = api("pmo.llr").post("/api/v1/business-cases/", {"title": "Huge", "value": value}, format="json")
    assert response.status_code == 400 and "value" in response.json()
    with tenant_context(llr):
        assert BenefitMeasurement.objects.count() == before
    assert BusinessCase.all_tenants.count() == cases


def test_a_raw_json_number_beyond_any_float_is_a_400(api):
    response = api("pmo.llr").post("/api/v1/business-cases/", '{"title": "Huge", "value": 1e999999}',
                                   content_type="application/json")
    assert response.status_code == 400 and "value" in response.json()


def test_json_nested_a_thousand_deep_is_a_400_in_json(api):
    body = "[" * 1000 + "]" * 1000
    response = api("pmo.llr").post("/api/v1/lifecycle/lessons/", body, content_type="application/json")
    assert response.status_code == 400 and is_json(response)
    assert "nested too deeply" in " ".join(response.json()["non_field_errors"])
    body = json.dumps({"title": "Deep", "what_was_learned": "[" * 100_000})  # deep-looking text is only text
    assert api("pmo.llr").post("/api/v1/lifecycle/lessons/", body,
                               content_type="application/json").status_code != 500


def test_a_quality_criterion_without_its_optional_reviewer(api, llr):
    with tenant_context(llr):
        workstream = Workstream.objects.get(name="Urgent Care")
    response = api("pmo.llr").post("/api/v1/lifecycle/quality-criteria/", {
        "workstream": workstream.pk, "product": "Urgent care workbook", "acceptance_criteria": "Signed off."},
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["reviewer"] == QualityCriterion._meta.get_field("reviewer").default


def test_an_unexpected_failure_under_the_api_is_a_json_500(api, monkeypatch):
    def fail(self):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(lifecycle_views.LessonViewSet, "get_queryset", fail)
    client = api("pmo.llr")
    client.raise_request_exception = False
    response = client.get("/api/v1/lifecycle/lessons/")
    assert response.status_code == 500 and is_json(response)
    assert "failed" in response.json()["detail"] and "nobody foresaw" not in response.content.decode()


def test_an_unexpected_failure_on_a_page_is_still_the_html_page(client, persona, monkeypatch):
    from lifecycle import assurance_views

    monkeypatch.setattr(assurance_views, "render", lambda *args, **kwargs: 1 / 0)
    client.force_login(persona("pmo.llr"))
    client.raise_request_exception = False
    response = client.get("/lifecycle/lessons/")
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_body_under_the_api_is_a_json_400(api):
    body = json.dumps({"title": "Big", "what_was_learned": "x" * 5000})
    response = api("pmo.llr").post("/api/v1/lifecycle/lessons/", body, content_type="application/json")
    assert response.status_code == 400 and is_json(response)
    assert response.json()["non_field_errors"]


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_form_fields_under_the_api_is_a_json_400(api):
    response = api("pmo.llr").post("/api/v1/lifecycle/lessons/", {f"f{n}": "x" for n in range(50)})
    assert response.status_code == 400 and is_json(response)


def test_an_unknown_api_path_is_a_json_404_and_a_page_is_html(api, client, persona):
    response = api("pmo.llr").get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and is_json(response) and response.json()["detail"]
    client.force_login(persona("pmo.llr"))
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
