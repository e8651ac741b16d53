"""The plan's tolerances outside the admin (plan.settings_views, plan.tolerances, ``plan-settings/``): the PMO and
the Programme Director change them with a reason kept in the history; bad input is a form error or a 400 naming
the field, with nothing saved; everyone else gets the 403 page (or a 403 from the API) and no link."""

import pytest

from plan.models import PlanSettings

pytestmark = pytest.mark.django_db

GOOD = {"milestone_tolerance_days": "14", "deliverable_tolerance_days": "21", "step_change_tolerance_days": "3",
        "reason": "Board asked for earlier warning"}


@pytest.fixture
def tolerances_now(llr):
    def read():
        row = PlanSettings.for_tenant(llr)
        return row.milestone_tolerance_days, row.deliverable_tolerance_days, row.step_change_tolerance_days
    return read


@pytest.mark.parametrize("username", ["pmo.llr", "director.llr"])
def test_the_pmo_and_the_director_change_the_tolerances_with_a_reason_in_the_history(
        browser, username, in_llr, tolerances_now):
    client = browser(username)
    form = client.get("/plan/settings/")
    assert form.status_code == 200 and 'name="milestone_tolerance_days" value="28"' in form.content.decode()
    response = client.post("/plan/settings/", GOOD)
    assert response.status_code == 302 and response["Location"] == "/plan/settings/"
    assert tolerances_now() == (14, 21, 3)
    record = PlanSettings.history.order_by("-history_id").first()
    assert record.history_change_reason == GOOD["reason"] and record.history_user.username == username
    page = client.get("/plan/settings/").content.decode()
    assert GOOD["reason"] in page and "Milestone tolerance (days): 28 → 14" in page


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "The milestone tolerance cannot be negative"),
    ("366", "The milestone tolerance is at most 365 days"),
    ("four weeks", "Enter the milestone tolerance as a whole number of days"),
    ("", "Enter the milestone tolerance, a whole number of days"),
])
def test_bad_input_is_a_form_error_naming_the_field_and_nothing_is_saved(browser, tolerances_now, value, message):
    before = tolerances_now()
    response = browser("pmo.llr").post("/plan/settings/", {**GOOD, "milestone_tolerance_days": value})
    text = response.content.decode()
    assert response.status_code == 400
    assert "nhsuk-error-summary" in text and f'<a href="#id_milestone_tolerance_days">{message}' in text
    assert tolerances_now() == before


def test_a_change_without_a_reason_is_refused(browser, tolerances_now):
    before = tolerances_now()
    response = browser("pmo.llr").post("/plan/settings/", {**GOOD, "reason": "  "})
    assert response.status_code == 400 and "Give the reason for the change" in response.content.decode()
    assert tolerances_now() == before


@pytest.mark.parametrize("username", ["lead.urgentcare.llr", "pm.poa.llr", "sro.llr", "viewer.uhl.llr"])
def test_others_get_the_403_page_and_no_link(browser, username, tolerances_now):
    client = browser(username)
    before = tolerances_now()
    assert client.get("/plan/settings/").status_code == 403
    refused = client.post("/plan/settings/", GOOD)
    assert refused.status_code == 403 and "Programme Director" in refused.content.decode()
    assert tolerances_now() == before
    assert 'href="/plan/settings/"' not in client.get("/plan/").content.decode()


def test_the_register_links_to_the_tolerances_for_those_who_may(browser):
    assert 'href="/plan/settings/"' in browser("pmo.llr").get("/plan/").content.decode()


def test_the_api_reads_for_members_and_changes_for_the_plan_office(api, tolerances_now, in_llr):
    assert api("viewer.uhl.llr").get("/api/v1/plan-settings/").json() == {
        "milestone_tolerance_days": 28, "deliverable_tolerance_days": 28, "step_change_tolerance_days": 0}
    refused = api("lead.urgentcare.llr").patch("/api/v1/plan-settings/", {"milestone_tolerance_days": 7,
                                                                          "reason": "x"}, format="json")
    assert refused.status_code == 403 and "pmo" in refused.json()["allowed_roles"]
    changed = api("director.llr").patch("/api/v1/plan-settings/", {"step_change_tolerance_days": 7,
                                                                   "reason": "A week's grace"}, format="json")
    assert changed.status_code == 200 and changed.json()["step_change_tolerance_days"] == 7
    assert tolerances_now() == (28, 28, 7)
    record = PlanSettings.history.order_by("-history_id").first()
    assert record.history_change_reason == "A week's grace"


@pytest.mark.parametrize(("body", "field"), [
    ({"milestone_tolerance_days": -3, "reason": "r"}, "milestone_tolerance_days"),
    ({"deliverable_tolerance_days": 400, "reason": "r"}, "deliverable_tolerance_days"),
    ({"step_change_tolerance_days": "soon", "reason": "r"}, "step_change_tolerance_days"),
    ({"step_change_tolerance_days": 3}, "reason"),
    ({"step_change_tolerance_days": 3, "reason": "   "}, "reason"),
])
def test_bad_input_to_the_api_is_a_400_naming_the_field(api, tolerances_now, body, field):
    before = tolerances_now()
    response = api("pmo.llr").patch("/api/v1/plan-settings/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert tolerances_now() == before


def test_the_api_put_needs_every_tolerance(api, tolerances_now):
    response = api("pmo.llr").put("/api/v1/plan-settings/", {"milestone_tolerance_days": 7, "reason": "r"},
                                  format="json")
    assert response.status_code == 400 and "deliverable_tolerance_days" in response.json()
    whole = {"milestone_tolerance_days": 7, "deliverable_tolerance_days": 14, "step_change_tolerance_days": 1,
             "reason": "New policy"}
    assert api("pmo.llr").put("/api/v1/plan-settings/", whole, format="json").status_code == 200
    assert tolerances_now() == (7, 14, 1)


def test_another_partnerships_tolerances_are_its_own(api, northshire, tolerances_now):
    api("pmo.north").patch("/api/v1/plan-settings/", {"milestone_tolerance_days": 1, "reason": "r"}, format="json")
    assert PlanSettings.for_tenant(northshire).milestone_tolerance_days == 1
    assert tolerances_now()[0] == 28
