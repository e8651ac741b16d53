"""The plan's API: who may write where (403 naming the roles), bad input a 400 naming the field with nothing saved,
another partnership's ids refused, filters, the actions, and baselines compared."""

import datetime

import pytest

from core.tenancy import tenant_context
from plan.models import PlanDependency, PlanItem

pytestmark = pytest.mark.django_db


def body(today, **values):
    data = {"kind": "milestone", "title": "From the API", "level": "programme",
            "forecast_date": (today + datetime.timedelta(weeks=6)).isoformat()}
    data.update(values)
    return data


@pytest.mark.parametrize("username,level,code", [
    ("pmo.llr", "programme", 201), ("director.llr", "programme", 201), ("lead.urgentcare.llr", "programme", 403),
    ("pm.poa.llr", "project", 201), ("pm.poa.llr", "workstream", 403), ("lead.urgentcare.llr", "workstream", 201),
    ("viewer.uhl.llr", "project", 403), ("delivery.llr", "programme", 403),
])
def test_who_may_add_an_item_where(api, today, poa, urgent_care, username, level, code):
    place = {"project": {"project": poa.pk}, "workstream": {"workstream": urgent_care.pk}}.get(level, {})
    response = api(username).post("/api/v1/plan-items/", body(today, level=level, **place), format="json")
    assert response.status_code == code, response.content
    if code == 403:
        assert "allowed_roles" in response.json()


def test_a_forecast_before_the_start_is_a_400_naming_the_field(api, today, in_llr):
    count = PlanItem.objects.count()
    response = api("pmo.llr").post("/api/v1/plan-items/", body(
        today, kind="deliverable", start_date=(today + datetime.timedelta(weeks=8)).isoformat()), format="json")
    assert response.status_code == 400
    assert "forecast_date" in response.json()
    assert PlanItem.objects.count() == count


def test_an_actual_date_in_the_future_is_a_400(api, today, make_item):
    item = make_item()
    response = api("pmo.llr").post(f"/api/v1/plan-items/{item.pk}/complete/",
                                   {"actual_date": (today + datetime.timedelta(days=2)).isoformat()}, format="json")
    assert response.status_code == 400 and "actual_date" in response.json()
    item.refresh_from_db()
    assert item.actual_date is None


def test_complete_and_rebaseline_actions(api, today, make_item):
    item = make_item()
    client = api("pmo.llr")
    done = client.post(f"/api/v1/plan-items/{item.pk}/complete/", {"actual_date": today.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "complete"
    rebased = client.post(f"/api/v1/plan-items/{item.pk}/baseline/", {}, format="json")
    assert rebased.json()["baseline_date"] == today.isoformat() and rebased.json()["variance_days"] == 0
    assert api("pm.poa.llr").post(f"/api/v1/plan-items/{item.pk}/baseline/", {}, format="json").status_code == 403


def test_a_cycle_is_a_400_naming_it(api, make_item):
    a, b = make_item("A"), make_item("B")
    client = api("pmo.llr")
    assert client.post("/api/v1/plan-dependencies/", {"predecessor": a.pk, "successor": b.pk},
                       format="json").status_code == 201
    response = client.post("/api/v1/plan-dependencies/", {"predecessor": b.pk, "successor": a.pk,
                                                          "type": "finish_to_finish", "lag_days": 3}, format="json")
    assert response.status_code == 400
    assert f"{b.ref} → {a.ref} → {b.ref}" in response.json()["predecessor"][0]
    assert not PlanDependency.objects.filter(predecessor=b).exists()


def test_a_dependency_on_itself_or_another_partnerships_item_is_refused(api, make_item, northshire, persona):
    item = make_item()
    client = api("pmo.llr")
    assert client.post("/api/v1/plan-dependencies/", {"predecessor": item.pk, "successor": item.pk},
                       format="json").status_code == 400
    with tenant_context(northshire):
        from plan import services

        foreign = services.create_item(persona("pmo.north"), title="Theirs", kind="milestone", level="programme",
                                       forecast_date=item.forecast_date)
    response = client.post("/api/v1/plan-dependencies/", {"predecessor": foreign.pk, "successor": item.pk},
                           format="json")
    assert response.status_code == 400 and "predecessor" in response.json()
    assert api("pmo.llr").get(f"/api/v1/plan-items/{foreign.pk}/").status_code == 404


def test_the_list_filters_on_level_status_dates_and_late(api, today, make_item, poa):
    past = make_item("Was due", weeks=-1)
    soon = make_item("Soon", weeks=2, level="project", project=poa)
    client = api("viewer.uhl.llr")
    late = {row["id"] for row in client.get("/api/v1/plan-items/?late=true&page_size=500").json()["results"]}
    assert past.pk in late and soon.pk not in late
    project = {row["id"] for row in client.get(f"/api/v1/plan-items/?level=project&project={poa.pk}&page_size=500")
               .json()["results"]}
    assert soon.pk in project and past.pk not in project
    window = client.get(f"/api/v1/plan-items/?due_from={today.isoformat()}&due_to="
                        f"{(today + datetime.timedelta(weeks=3)).isoformat()}&page_size=500").json()["results"]
    assert soon.pk in {row["id"] for row in window} and past.pk not in {row["id"] for row in window}
    assert client.get("/api/v1/plan-items/?late=perhaps").status_code == 400


def test_a_pushed_item_shows_its_chain(api, today, make_item, persona):
    from plan import services

    first, second = make_item("First", weeks=5), make_item("Second", weeks=3)
    services.add_dependency(persona("pmo.llr"), first, second)
    data = api("pmo.llr").get(f"/api/v1/plan-items/{second.pk}/").json()
    assert data["pushed"]["chain"] == [first.ref, second.ref] and data["pushed"]["days"] == 14


def test_baselines_are_taken_by_the_pmo_and_compared(api, today, make_item):
    item = make_item("Moves", weeks=5)
    client = api("pmo.llr")
    first = client.post("/api/v1/plan-baselines/", {"label": "Before"}, format="json")
    assert first.status_code == 201
    client.patch(f"/api/v1/plan-items/{item.pk}/",
                 {"forecast_date": (today + datetime.timedelta(weeks=6)).isoformat()}, format="json")
    second = client.post("/api/v1/plan-baselines/", {"label": "After"}, format="json").json()
    rows = client.get(f"/api/v1/plan-baselines/compare/?from={first.json()['id']}&to={second['id']}").json()
    row = next(row for row in rows if row["ref"] == item.ref)
    assert row["moved_days"] == 7 and row["change"] == "moved"
    assert client.get("/api/v1/plan-baselines/compare/?from=x&to=99999999").json().keys() == {"from", "to"}
    assert api("lead.urgentcare.llr").post("/api/v1/plan-baselines/", {"label": "Mine"},
                                           format="json").status_code == 403
    assert client.post("/api/v1/plan-baselines/", {"label": ""}, format="json").status_code == 400
