"""The finance RAG's tolerances changed outside the admin (``core.settings_pages``, shared with the plan's
tolerances and the reporting cycle): the PMO, with a reason kept in the history after the product defaults it
changed from; bad input is a form error or a 400 naming the field and changes nothing; anyone else is refused and
nothing is written (the defaults stay unsaved)."""

from decimal import Decimal

import pytest

from finance.models import FinanceSettings

pytestmark = pytest.mark.django_db
GOOD = {"amber_beyond_percent": "3", "red_beyond_percent": "7.5",
        "reason": "The Delivery Board asked for tighter control"}


def saved(llr):
    return FinanceSettings.all_tenants.filter(tenant=llr).first()


def test_the_pmo_changes_the_tolerances_with_a_reason(browser, llr, in_llr):
    client = browser("pmo.llr")
    assert 'href="/finance/settings/"' in client.get("/finance/").content.decode()
    assert client.get("/finance/settings/").status_code == 200
    assert client.post("/finance/settings/", GOOD).status_code == 302
    settings = saved(llr)
    assert (settings.amber_beyond_percent, settings.red_beyond_percent) == (Decimal("3"), Decimal("7.5"))
    reasons = list(FinanceSettings.history.filter(id=settings.pk).order_by("history_id")
                   .values_list("history_change_reason", "amber_beyond_percent"))
    assert reasons == [("The product defaults", Decimal("5")), (GOOD["reason"], Decimal("3"))]
    page = client.get("/finance/settings/").content.decode()
    assert GOOD["reason"] in page
    assert "green within 3%, amber beyond 3%, red beyond 7.50%" in client.get("/finance/").content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amber_beyond_percent", "-1", "A tolerance cannot be negative."),
    ("red_beyond_percent", "150", "A tolerance is at most 100 per cent."),
    ("red_beyond_percent", "2", "The red tolerance cannot be below the amber one."),
    ("amber_beyond_percent", "five", "Enter a number."),
    ("reason", "", "Give the reason for the change"),
])
def test_bad_input_names_the_field_and_saves_nothing(browser, llr, field, value, message):
    response = browser("pmo.llr").post("/finance/settings/", {**GOOD, field: value})
    assert response.status_code == 400
    assert f'<a href="#id_{field}">{message}' in response.content.decode()
    assert saved(llr) is None


def test_anyone_else_is_refused_and_nothing_is_written(browser, llr):
    client = browser("viewer.uhl.llr")
    assert 'href="/finance/settings/"' not in client.get("/finance/").content.decode()
    assert client.get("/finance/settings/").status_code == 403
    assert client.post("/finance/settings/", GOOD).status_code == 403
    assert saved(llr) is None


def test_the_api_reads_and_changes_them(api, llr):
    assert api("viewer.uhl.llr").get("/api/v1/finance-settings/").json() == {
        "amber_beyond_percent": "5.00", "red_beyond_percent": "10.00"}
    assert api("viewer.uhl.llr").patch("/api/v1/finance-settings/", GOOD, format="json").status_code == 403
    pmo = api("pmo.llr")
    refused = pmo.patch("/api/v1/finance-settings/", {"red_beyond_percent": "1", "reason": "x"}, format="json")
    assert refused.status_code == 400 and "red_beyond_percent" in refused.json()
    assert pmo.patch("/api/v1/finance-settings/", {"red_beyond_percent": "12"}, format="json").status_code == 400
    assert saved(llr) is None
    changed = pmo.patch("/api/v1/finance-settings/", {"red_beyond_percent": "12", "reason": "Board"}, format="json")
    assert changed.status_code == 200 and changed.json()["red_beyond_percent"] == "12.00"
    assert saved(llr).red_beyond_percent == Decimal("12")
