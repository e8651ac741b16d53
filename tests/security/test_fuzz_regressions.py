"""What fuzzing the API found, pinned as plain tests (fast, both engines): each was a 500 or an answer the
schema denied. tests/security/test_fuzz_api.py looks for more."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_malformed_notification_id_is_404_not_500(api):
    assert api("pmo.llr").post("/api/v1/notifications/null,null/read/").status_code == 404


@pytest.mark.parametrize("value", ["-36893488147419103232", "99999999999999999999999"])
def test_an_id_filter_beyond_any_integer_is_400_or_empty_not_500(api, value):
    client = api("pmo.llr")
    for query in ({"objectives": value}, {"workstream": value}, {"manager": value}):
        response = client.get("/api/v1/projects/", query)
        assert response.status_code in (200, 400), (query, response.status_code)


@pytest.fixture(scope="module")
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_says_what_the_api_answers(openapi):
    components, paths = openapi["components"]["schemas"], openapi["paths"]
    for component, field in [("ChangeRequest", "decided_by"), ("ChangeRequest", "successor"),
                             ("ChangeRequest", "decision"), ("Brief", "decided_by"),
                             ("BusinessCase", "obc_approved_by"), ("RiskMove", "proposed_by"),
                             ("Measurement", "recorded_by")]:
        assert components[component]["properties"][field].get("nullable"), f"{component}.{field} may be null"
    assert {"$ref": "#/components/schemas/BlankEnum"} in components["Benefit"]["properties"]["trend"]["oneOf"]
    assert "format" not in components["Meeting"]["properties"]["time"]  # "14:00:00" has no offset
    assert components["MitigationAction"]["properties"]["status"] == {"$ref": "#/components/schemas/ActionStatusEnum"}
    assert "in_progress" in components["ActionStatusEnum"]["enum"]
    for path in ["/api/v1/risks/heatmap/", "/api/v1/business-cases/{id}/versions/",
                 "/api/v1/business-cases/{id}/scores/"]:
        body = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["type"] == "array", path
