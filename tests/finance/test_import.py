"""The ledger-extract import: a preview first (months to add, months whose amount or reference would change old →
new, unchanged, refused by row and column), written only when confirmed, all or nothing; a used or tampered preview
refused; the API applying directly or, with ``?dry_run=true``, answering the preview without writing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance import services
from finance.models import Actual

pytestmark = pytest.mark.django_db
IMPORT, CONFIRM, API = "/finance/import/", "/finance/import/confirm/", "/api/v1/actuals/import/"


@pytest.fixture
def pmo_browser(client, django_user_model, in_llr):
    client.force_login(django_user_model.objects.get(username="pmo.llr"))
    session = client.session
    session["bct_tenant_id"] = in_llr.pk
    session.save()
    return client


@pytest.fixture
def recorded(poa, org, last_month, django_user_model):
    """EMAS's revenue spend on Points of Access last month: £100, J1."""
    user = django_user_model.objects.get(username="pmo.llr")
    return services.record_actuals(user, [{"project": poa, "organisation": org("EMAS"), "month": last_month,
                                           "spend_kind": "revenue", "amount": Decimal("100"), "reference": "J1"}])[0]


def ledger(*rows):
    text = "Month,Project,Organisation,Amount,Capital/Revenue,Reference\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("ledger.csv", text.encode(), content_type="text/csv")


def state():
    return sorted(Actual.objects.values_list("project_id", "organisation_id", "month", "spend_kind", "amount",
                                             "reference"))


def history():
    return Actual.history.count()


def test_the_preview_writes_nothing_and_confirming_writes_exactly_it(pmo_browser, poa, recorded, last_month):
    month = last_month.strftime("%d/%m/%Y")
    before, logged = state(), history()
    response = pmo_browser.post(IMPORT, {"file": ledger(f"{month},{poa.name},EMAS,\"£1,250.50\",Revenue,J1",
                                                    f"{month},{poa.pk},WLCCG,40,,J2")})
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "1 to add, 1 to change, 0 unchanged, 0 refused" in html
    assert "£100.00" in html and "£1,250.50" in html and "Confirm and import" in html
    assert state() == before and history() == logged
    token = response.context["plan"].token
    response = pmo_browser.post(CONFIRM, {"token": token})
    assert response.status_code == 200 and "Import applied: 1 month of spend added, 1 corrected" in \
        response.content.decode()
    recorded.refresh_from_db()
    assert recorded.amount == Decimal("1250.50") and recorded.reference == "J1"
    assert len(state()) == len(before) + 1 and history() == logged + 2
    assert Actual.objects.get(organisation__code="WLCCG", project=poa).amount == Decimal("40")
    again = pmo_browser.post(CONFIRM, {"token": token})  # the preview was used up
    assert again.status_code == 400 and "upload the file again" in again.content.decode()
    assert history() == logged + 2


def test_an_unchanged_reimport_changes_nothing(pmo_browser, poa, recorded, last_month):
    before, logged = state(), history()
    response = pmo_browser.post(IMPORT, {"file": ledger(f"{last_month:%Y-%m-%d},{poa.name},EMAS,100.00,Revenue,J1")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 to add, 0 to change, 1 unchanged, 0 refused" in html and "Confirm and import" not in html
    assert state() == before and history() == logged


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_saved(pmo_browser, poa, last_month):
    month = last_month.strftime("%d/%m/%Y")
    before, logged = state(), history()
    response = pmo_browser.post(IMPORT, {"file": ledger(f"{month},{poa.name},EMAS,100,Revenue,J1",
                                                    f"{month},{poa.pk},NOPE,£1x,Sideways,J2",
                                                    f"{month},No such project,UHL,5,,J3",
                                                    f"{month},{poa.name},EMAS,7,Revenue,J4")})
    html = response.content.decode()
    assert response.status_code == 400 and "Confirm and import" not in html
    assert "Row 3: Project" not in html
    for error in ("Row 3: Organisation:", "Amount: &quot;£1x&quot;", "Capital/Revenue:", "Row 4: Project:",
                  "Row 5: Month: row 2 already gives"):
        assert error in html, error
    assert "Row 2:" not in html
    assert state() == before and history() == logged


def test_a_stale_or_tampered_preview_is_refused(pmo_browser, poa, recorded, last_month):
    response = pmo_browser.post(IMPORT, {"file": ledger(f"{last_month:%Y-%m-%d},{poa.name},EMAS,300,Revenue,J1")})
    token = response.context["plan"].token
    assert pmo_browser.post(CONFIRM, {"token": "../../etc/passwd"}).status_code == 400
    services.record_actuals(recorded.history.first().history_user, [{
        "project": poa, "organisation": recorded.organisation, "month": last_month, "spend_kind": "revenue",
        "amount": Decimal("150"), "reference": "J1"}])
    before, logged = state(), history()
    response = pmo_browser.post(CONFIRM, {"token": token})
    assert response.status_code == 409 and "changed by someone else" in response.content.decode()
    assert state() == before and history() == logged


def test_the_api_applies_directly_or_with_dry_run_answers_the_preview(api, poa, recorded, last_month):
    rows = (f"{last_month:%Y-%m-%d},{poa.name},EMAS,120,Revenue,J1", f"{last_month:%Y-%m-%d},{poa.name},LPT,9,Capital,")
    before, logged = state(), history()
    response = api("pmo.llr").post(f"{API}?dry_run=true", {"file": ledger(*rows)}, format="multipart")
    body = response.json()
    assert response.status_code == 200, body
    assert (body["added"], body["changed"], body["unchanged"], body["dry_run"], body["recorded"]) == (1, 1, 0, True, 0)
    assert body["changes"][0]["fields"] == {"Amount": ["£100.00", "£120.00"]}
    assert state() == before and history() == logged
    response = api("pmo.llr").post(API, {"file": ledger(*rows)}, format="multipart")
    assert response.status_code == 200 and response.json()["recorded"] == 2
    assert len(state()) == len(before) + 1 and history() == logged + 2
    bad = api("pmo.llr").post(API, {"file": ledger(f"{last_month:%Y-%m-%d},{poa.name},EMAS,-1,Revenue,J1")},
                              format="multipart")
    assert bad.status_code == 400 and "Row 2: Amount:" in bad.json()["file"][0]
