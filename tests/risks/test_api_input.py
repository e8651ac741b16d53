"""Bad input answers 400 with field messages and saves nothing (API.md "Errors", DOMAIN.md s4)."""

import pytest

from risks.models import Risk

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Estates surveys late", "category": "financial", "nature": "threat", "level": "programme",
    "inherent_likelihood": 4, "inherent_impact": 5, "residual_likelihood": 3, "residual_impact": 4,
    "response": "reduce", "controls": "Survey contract let.",
}


def create(api, username="pmo.llr", **changes):
    body = {**VALID, **changes}
    body = {k: v for k, v in body.items() if v is not ...}
    return api(username).post("/api/v1/risks/", body, format="json")


def test_a_valid_risk_is_created_with_derived_scores(api, llr):
    response = create(api)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["ref"].startswith("R-") and len(data["ref"]) == 6
    assert (data["inherent_score"], data["inherent_rag"]) == (20, "red")
    assert (data["residual_score"], data["residual_rag"]) == (12, "yellow")
    assert data["overdue"] is False and data["status"] == "open"
    assert data["review_date"]  # defaulted from the programme's review cycle
    for key in ("id", "ref", "title", "description", "category", "nature", "owner", "level", "project", "workstream",
                "inherent_likelihood", "inherent_impact", "inherent_score", "inherent_rag", "controls",
                "residual_likelihood", "residual_impact", "residual_score", "residual_rag", "response", "proximity",
                "date_identified", "review_date", "overdue", "status"):
        assert key in data


def test_refs_are_allocated_per_tenant_in_sequence(api, llr):
    first = create(api, title="One").json()["ref"]
    second = create(api, title="Two").json()["ref"]
    assert int(second[2:]) == int(first[2:]) + 1
    north = create(api, "pmo.north", title="North one").json()["ref"]
    assert north == "R-0005"  # Northshire's demo has four risks; its numbering is its own


@pytest.mark.parametrize(("field", "value", "message"), [
    ("inherent_likelihood", 0, "1 (lowest) to 5"),
    ("inherent_likelihood", 6, "1 (lowest) to 5"),
    ("inherent_impact", "abc", "whole number"),
    ("residual_likelihood", 0, "1 (lowest) to 5"),
    ("residual_impact", 6, "1 (lowest) to 5"),
    ("target_likelihood", 9, "1 (lowest) to 5"),
    ("category", "weather", "not a valid choice"),
    ("response", "ignore", "not a valid choice"),
    ("level", "cabinet", "not a valid choice"),
    ("response", "exploit", "not a response to a threat"),
    ("title", "", "may not be blank"),
    ("owner", "nobody.at.all", "does not exist"),
    ("owner", "pmo.north", "does not exist"),
])
def test_bad_fields_are_refused_with_a_message_and_nothing_saved(api, llr, field, value, message):
    before = Risk.all_tenants.count()
    response = create(api, **{field: value})
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field])
    assert Risk.all_tenants.count() == before


def test_an_opportunity_takes_opportunity_responses(api, llr):
    assert create(api, nature="opportunity", response="reduce").status_code == 400
    assert create(api, nature="opportunity", response="exploit").status_code == 201


def test_residual_above_inherent_needs_a_reason_for_a_threat(api, llr):
    before = Risk.all_tenants.count()
    response = create(api, inherent_likelihood=2, inherent_impact=2, residual_likelihood=3, residual_impact=3)
    assert response.status_code == 400
    assert "residual_above_inherent_reason" in response.json()
    assert Risk.all_tenants.count() == before
    response = create(api, inherent_likelihood=2, inherent_impact=2, residual_likelihood=3, residual_impact=3,
                      residual_above_inherent_reason="The control failed in the last audit.")
    assert response.status_code == 201
    # An opportunity may grow: no reason needed.
    assert create(api, nature="opportunity", response="enhance", inherent_likelihood=2, inherent_impact=2,
                  residual_likelihood=3, residual_impact=3).status_code == 201


def test_target_needs_both_ratings(api, llr):
    response = create(api, target_likelihood=2)
    assert response.status_code == 400
    assert "target_impact" in response.json()


def test_a_project_risk_needs_its_project_and_takes_its_workstream(api, poa):
    response = create(api, level="project")
    assert response.status_code == 400 and "project" in response.json()
    response = create(api, level="project", project=poa.pk)
    assert response.status_code == 201
    assert response.json()["workstream"] == poa.workstream_id


def test_a_project_risk_with_another_workstream_is_refused(api, poa, in_llr):
    from programme.models import Workstream

    other = Workstream.objects.exclude(pk=poa.workstream_id).first()
    response = create(api, level="project", project=poa.pk, workstream=other.pk)
    assert response.status_code == 400 and "workstream" in response.json()


def test_level_cannot_be_changed_by_editing(api, make_risk):
    risk = make_risk(title="Stay put")
    response = api("pmo.llr").patch(f"/api/v1/risks/{risk.pk}/", {"level": "delivery_board"}, format="json")
    assert response.status_code == 400 and "level" in response.json()


def test_editing_rescores(api, make_risk):
    risk = make_risk(title="Rescore me")
    response = api("pmo.llr").patch(f"/api/v1/risks/{risk.pk}/", {"residual_likelihood": 1}, format="json")
    assert response.status_code == 200
    assert (response.json()["residual_score"], response.json()["residual_rag"]) == (3, "green")


@pytest.mark.parametrize(("username", "level", "expected"), [
    ("pm.poa.llr", "project", 201), ("pm.poa.llr", "programme", 403), ("viewer.uhl.llr", "project", 403),
    ("pmo.llr", "delivery_board", 201), ("pmo.llr", "partnership_board", 403),
    ("delivery.llr", "partnership_board", 201),
    ("sro.urgentcare.llr", "project", 403),
])
def test_who_may_create_at_each_level(api, poa, username, level, expected):
    before = Risk.all_tenants.count()
    response = create(api, username, level=level, project=poa.pk if level == "project" else None)
    assert response.status_code == expected, response.content
    assert Risk.all_tenants.count() == before + (1 if expected == 201 else 0)


def test_malformed_json_is_a_400(api, llr):
    response = api("pmo.llr").post("/api/v1/risks/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("query", [
    "category=weather", "residual_rag=purple", "level=x", "overdue=maybe", "workstream=abc", "ordering=nonsense",
    "residual_likelihood=9",
])
def test_bad_filters_are_a_400_not_a_500(api, llr, query):
    assert api("pmo.llr").get(f"/api/v1/risks/?{query}").status_code == 400
