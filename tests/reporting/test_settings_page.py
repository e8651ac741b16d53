"""The reporting cycle changed outside the admin: the PMO, with a reason kept in the
history; bad input is a form error naming the field and changes nothing; anyone else is refused and nothing is
written (the defaults stay unsaved)."""

import pytest

from reporting.models import ReportingSettings

pytestmark = pytest.mark.django_db
GOOD = {"cycle_months": "3", "due_working_days": "7", "bank_holidays": "WLS",
        "reason": "The Implementation Group now meets quarterly"}


@pytest.mark.parametrize("username", ["pmo.llr"])
def test_the_pmo_changes_the_cycle_with_a_reason(browser, username, llr, in_llr):
    client = browser(username)
    assert 'href="/reports/settings/"' in client.get("/reports/").content.decode()
    assert client.get("/reports/settings/").status_code == 200
    response = client.post("/reports/settings/", GOOD)
    assert response.status_code == 302
    saved = ReportingSettings.all_tenants.get(tenant=llr)
    assert (saved.cycle_months, saved.due_working_days, saved.bank_holidays) == (3, 7, "WLS")
    record = ReportingSettings.history.filter(id=saved.pk).order_by("-history_id").first()
    assert record.history_change_reason == GOOD["reason"] and record.history_user.username == username
    assert GOOD["reason"] in client.get("/reports/settings/").content.decode()
    assert "a report every 3 months, due 7 working days" in client.get("/reports/").content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("cycle_months", "0", "A reporting period is at least one month."),
    ("cycle_months", "13", "A reporting period is at most twelve months."),
    ("due_working_days", "monthly", "Enter a whole number."),
    ("bank_holidays", "XX", "Select a valid choice. XX is not one of the available choices."),
    ("reason", "", "Give the reason for the change"),
])
def test_bad_input_names_the_field_and_saves_nothing(browser, llr, field, value, message):
    response = browser("pmo.llr").post("/reports/settings/", {**GOOD, field: value})
    assert response.status_code == 400
    assert f'<a href="#id_{field}">{message}' in response.content.decode()
    assert not ReportingSettings.all_tenants.filter(tenant=llr).exists()


@pytest.mark.parametrize("username", ["lead.urgentcare.llr", "viewer.uhl.llr"])
def test_anyone_else_is_refused_and_nothing_is_written(browser, llr, username):
    client = browser(username)
    assert 'href="/reports/settings/"' not in client.get("/reports/").content.decode()
    assert client.post("/reports/settings/", GOOD).status_code == 403
    assert not ReportingSettings.all_tenants.filter(tenant=llr).exists()
