"""The plan's pages: the register (filters, exports), an item with its chain and variance, the forms refusing bad
input with the field named (400, nothing saved), and the baselines with their comparison."""

import datetime

import pytest

from plan import services
from plan.models import PlanDependency, PlanItem

pytestmark = pytest.mark.django_db
DEMO_PASSWORD = "demo-pass-2026"


def test_the_register_lists_the_demo_plan_with_variance_and_a_late_item(browser):
    page = browser("viewer.uhl.llr").get("/plan/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phase 1 – Standardisation" in text and "later than baseline" in text
    assert "Pushed" in text  # the late capacity assessment pushes the PMO's set-up


def test_the_register_exports_xlsx_and_csv(browser):
    client = browser("pmo.llr")
    xlsx = client.get("/plan/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get("/plan/?format=csv&level=project").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Ref,Kind,Title")
    assert "Skills and capacity assessment" in csv and "End of Delivery stage 1" not in csv


def test_the_detail_shows_the_chain_and_the_external_dependency(browser, in_llr):
    item = PlanItem.objects.get(title="Programme Management Office set up")
    text = browser("viewer.uhl.llr").get(f"/plan/{item.pk}/").content.decode()
    assert "Pushed by its dependencies" in text
    ict = PlanItem.objects.get(title="ICT configuration and integration")
    assert "Mobile Working within LPT Community Health" in browser("pmo.llr").get(f"/plan/{ict.pk}/").content.decode()


def test_the_add_form_refuses_a_forecast_before_the_start(browser, in_llr, today):
    count = PlanItem.objects.count()
    response = browser("pmo.llr").post("/plan/new/", {
        "kind": "deliverable", "title": "Bad dates", "level": "programme",
        "start_date": (today + datetime.timedelta(days=10)).isoformat(),
        "forecast_date": (today + datetime.timedelta(days=5)).isoformat(), "status": "not_started"})
    assert response.status_code == 400
    assert "before the item&#x27;s start" in response.content.decode()
    assert PlanItem.objects.count() == count


def test_the_add_form_saves_and_the_viewer_may_not_edit(browser, in_llr, today):
    response = browser("pmo.llr").post("/plan/new/", {
        "kind": "milestone", "title": "Good", "level": "programme",
        "forecast_date": (today + datetime.timedelta(days=5)).isoformat(), "status": "on_track"})
    assert response.status_code == 302
    item = PlanItem.objects.get(title="Good")
    assert browser("viewer.uhl.llr").get(f"/plan/{item.pk}/edit/").status_code == 403


def test_the_dependency_form_names_a_cycle(browser, in_llr, make_item, persona):
    a, b = make_item("A"), make_item("B")
    services.add_dependency(persona("pmo.llr"), a, b)
    response = browser("pmo.llr").post(f"/plan/{a.pk}/dependencies/", {"predecessor": b.pk, "type": "finish_to_start",
                                                                       "lag_days": 0})
    assert response.status_code == 400
    assert f"{b.ref} → {a.ref} → {b.ref}" in response.content.decode()
    assert not PlanDependency.objects.filter(predecessor=b, successor=a).exists()


def test_baselines_and_compare(browser, in_llr):
    client = browser("pmo.llr")
    page = client.get("/plan/baselines/")
    assert "End of Delivery stage 1" in page.content.decode() and "Baseline the plan now" in page.content.decode()
    assert client.post("/plan/baselines/", {"label": "Now"}).status_code == 302
    compare = client.get("/plan/baselines/compare/")
    assert compare.status_code == 200 and "No change" in compare.content.decode()
    assert client.get("/plan/baselines/compare/?from=nonsense").status_code == 400
    assert "Baseline the plan now" not in browser("pm.poa.llr").get("/plan/baselines/").content.decode()
