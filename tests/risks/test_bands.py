"""A partnership's own risk bands (``risks.bands``): stored RAGs recomputed in one transaction with history, bad
sets refused by name with nothing saved, and every page, filter and export following the partnership's bands."""

import datetime
import importlib
import io
from unittest import mock

import pytest
from openpyxl import load_workbook

from core.tenancy import tenant_context
from risks import bands as risk_bands
from risks.bands import bands_for, change_bands
from risks.choices import Rag
from risks.exports import APPENDIX_7_COLUMNS
from risks.imports import parse_rows
from risks.models import Risk, RiskSettings
from risks.scoring import DEFAULT_BANDS
from tests.queries import count

pytestmark = pytest.mark.django_db

# A trust's four colours: 15–25 red, 8–12 amber, 4–6 yellow, 1–3 green.
TRUST = [("red", 15, 25), ("amber", 8, 12), ("yellow", 4, 6), ("green", 1, 3)]
TRUST_FORM = {"red_low": "15", "red_high": "25", "amber_low": "8", "amber_high": "12", "yellow_low": "4",
              "yellow_high": "6", "green_low": "1", "green_high": "3", "h_rating": "4", "m_rating": "3",
              "l_rating": "2"}
HML = {"H": 4, "M": 3, "L": 2}
REASON = "Reporting in the acute trust bands"


def saved(llr):
    """The settings' rows in history, and whether the bands are still App. 7's (the demo saved the defaults)."""
    settings = RiskSettings.all_tenants.filter(tenant=llr).first()
    history = RiskSettings.history.model.all_tenants.filter(tenant_id=llr.pk).count()
    return history, settings is None or settings.bands == DEFAULT_BANDS


@pytest.fixture
def as_before(llr):
    """``saved(llr)`` as the test starts, for "nothing was saved"."""
    return saved(llr)


def stored(risk):
    return tuple(Risk.all_tenants.filter(pk=risk.pk).values_list("inherent_rag", "residual_rag", "target_rag")[0])


def rags_of(llr):
    return dict(Risk.all_tenants.filter(tenant=llr).values_list("pk", "residual_rag"))


@pytest.fixture
def pmo(persona):
    return persona("pmo.llr")


def test_a_risk_stores_its_colours_in_app_7_bands_until_the_partnership_changes_them(make_risk, llr):
    risk = make_risk(inherent_likelihood=5, inherent_impact=4, residual_likelihood=3, residual_impact=5,
                     target_likelihood=2, target_impact=2)
    assert bands_for(llr) == DEFAULT_BANDS
    assert stored(risk) == ("red", "amber", "green")
    assert (risk.inherent_rag, risk.residual_rag, risk.target_rag) == ("red", "amber", "green")
    assert stored(make_risk()) == ("yellow", "green", None)


def test_changing_the_bands_recolours_every_risk_in_one_transaction_with_history(make_risk, llr, pmo, in_llr):
    fifteen = make_risk(inherent_likelihood=5, inherent_impact=3, residual_likelihood=3, residual_impact=5)
    four = make_risk(inherent_likelihood=2, inherent_impact=2, residual_likelihood=1, residual_impact=4)
    unchanged = make_risk(inherent_likelihood=5, inherent_impact=5, residual_likelihood=4, residual_impact=5)
    before = rags_of(llr)
    expected = sum(1 for risk in Risk.all_tenants.filter(tenant=llr)
                   if risk.sync_scores(risk_bands.check(TRUST, HML)))
    history_before = Risk.history.filter(history_change_reason=REASON).count()

    with tenant_context(llr):
        changed = change_bands(llr, pmo, TRUST, HML, f"  {REASON} ")

    assert changed == expected and changed >= 2
    assert stored(fifteen) == ("red", "red", None)
    assert stored(four) == ("yellow", "yellow", None)
    assert stored(unchanged) == ("red", "red", None)
    after = rags_of(llr)
    moved = {pk for pk in after if after[pk] != before[pk]}
    assert fifteen.pk in moved and unchanged.pk not in moved
    records = Risk.history.filter(history_change_reason=REASON)
    assert records.count() - history_before == changed
    assert set(records.filter(id=fifteen.pk).values_list("history_user__username", "residual_rag")) == {
        ("pmo.llr", "red")}
    assert not records.filter(id=unchanged.pk).exists()
    settings = RiskSettings.all_tenants.get(tenant=llr)
    assert bands_for(llr).bands == ((Rag.RED, 15, 25), (Rag.AMBER, 8, 12), (Rag.YELLOW, 4, 6), (Rag.GREEN, 1, 3))
    assert list(RiskSettings.history.filter(id=settings.pk).order_by("history_id")
                .values_list("history_change_reason", "red_low"))[-2:] == [(None, 20), (REASON, 15)]
    # A risk saved from now on is coloured in the partnership's bands.
    assert stored(make_risk(residual_likelihood=2, residual_impact=2)) == ("amber", "yellow", None)


def test_a_failure_half_way_through_the_recolouring_changes_nothing(make_risk, llr, pmo, in_llr, as_before):
    make_risk(inherent_likelihood=5, inherent_impact=3, residual_likelihood=3, residual_impact=5)
    make_risk(inherent_likelihood=2, inherent_impact=2, residual_likelihood=1, residual_impact=4)
    before = rags_of(llr)
    history_before = Risk.history.count()
    real = risk_bands.bulk_update_with_history

    def half_then_fail(objs, *args, **kwargs):
        real(objs[: len(objs) // 2], *args, **kwargs)
        raise RuntimeError("the database went away")

    with tenant_context(llr), mock.patch.object(risk_bands, "bulk_update_with_history", half_then_fail):
        with pytest.raises(RuntimeError):
            change_bands(llr, pmo, TRUST, HML, REASON)
    assert rags_of(llr) == before
    assert Risk.history.count() == history_before
    assert saved(llr) == as_before
    assert bands_for(llr) == DEFAULT_BANDS


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"amber_low": "6"}, "amber_low", "Amber and Yellow overlap: a score of 6 would be both."),
    ({"green_high": "2"}, "__all__", "No colour covers the score 3."),
    ({"m_rating": "5"}, "h_rating", "H must map to at least M, and M to at least L."),
    ({"red_high": ""}, "red_high", "Red: give both the lowest and the highest score, or neither"),
    ({"red_low": "26"}, "red_low", "Red: 26–25 is not a range of scores from 1 to 25, lowest first."),
])
def test_a_bad_set_is_refused_by_name_in_the_form_and_nothing_is_saved(browser, make_risk, llr, as_before, changes,
                                                                        field, message):
    risk = make_risk(inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=5)
    response = browser("pmo.llr").post("/risks/bands/", {**TRUST_FORM, **changes, "reason": REASON})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "nhsuk-error-summary" in body
    if field != "__all__":
        assert f'href="#id_{field}"' in body
    assert saved(llr) == as_before
    assert stored(risk)[1] == "amber"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"amber_low": 6}, "amber_low", "Amber and Yellow overlap"),
    ({"green_high": 2}, "__all__", "No colour covers the score 3."),
    ({"m_rating": 5}, "h_rating", "H must map to at least M"),
])
def test_a_bad_set_is_a_400_naming_it_in_the_api(api, make_risk, llr, as_before, changes, field, message):
    risk = make_risk(inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=5)
    body = {**{name: int(value) for name, value in TRUST_FORM.items()}, **changes, "reason": REASON}
    response = api("pmo.llr").put("/api/v1/risk-bands/", body, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert saved(llr) == as_before
    assert stored(risk)[1] == "amber"


def test_the_api_reads_and_changes_the_bands(api, make_risk, llr, as_before):
    risk = make_risk(inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=5)
    viewer = api("viewer.uhl.llr")
    read = viewer.get("/api/v1/risk-bands/").json()
    assert read["red_low"] == 20 and read["default"] is True
    assert read["description"] == DEFAULT_BANDS.describe()
    assert viewer.patch("/api/v1/risk-bands/", {"red_low": 15, "reason": "x"}, format="json").status_code == 403
    pmo = api("pmo.llr")
    assert pmo.patch("/api/v1/risk-bands/", {"red_low": 15}, format="json").status_code == 400  # no reason
    assert saved(llr) == as_before
    changed = pmo.patch("/api/v1/risk-bands/", {"red_low": 15, "amber_high": 14, "reason": REASON}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["red_low"] == 15 and changed.json()["default"] is False and changed.json()["changed"] >= 1
    assert stored(risk)[1] == "red"
    assert pmo.get(f"/api/v1/risks/{risk.pk}/").json()["residual_rag"] == "red"


def test_anyone_else_is_refused_and_nothing_is_written(browser, llr, as_before):
    client = browser("viewer.uhl.llr")
    assert "/risks/bands/" not in client.get("/risks/heat-map/").content.decode()
    assert client.get("/risks/bands/").status_code == 403
    assert client.post("/risks/bands/", {**TRUST_FORM, "reason": REASON}).status_code == 403
    assert saved(llr) == as_before


def test_the_page_previews_then_saves_with_the_reason(browser, make_risk, llr, as_before):
    risk = make_risk(inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=5)
    client = browser("pmo.llr")
    assert 'href="/risks/bands/"' in client.get("/risks/heat-map/").content.decode()
    assert client.get("/risks/bands/").status_code == 200
    preview = client.post("/risks/bands/", {**TRUST_FORM, "preview": "1"})
    assert preview.status_code == 200
    assert "would change colour. Nothing has been saved." in preview.content.decode()
    assert saved(llr) == as_before and stored(risk)[1] == "amber"
    response = client.post("/risks/bands/", {**TRUST_FORM, "reason": REASON}, follow=True)
    assert "changed colour" in response.content.decode()
    assert REASON in response.content.decode()
    assert stored(risk)[1] == "red"


def test_h_at_5_makes_high_high_red(make_risk, llr, pmo):
    default = bands_for(llr)
    assert default.rag(default.parse_rating("H") * default.parse_rating("high")) == Rag.AMBER
    with tenant_context(llr):
        change_bands(llr, pmo, DEFAULT_BANDS.bands, {"H": 5, "M": 3, "L": 2}, "H/H must reach red")
    mapped = bands_for(llr)
    likelihood, impact = mapped.parse_rating("H"), mapped.parse_rating("High")
    assert (likelihood, impact) == (5, 5)
    risk = make_risk(inherent_likelihood=likelihood, inherent_impact=impact, residual_likelihood=likelihood,
                     residual_impact=impact)
    assert stored(risk)[:2] == ("red", "red")
    # An imported High/Medium/Low register reads H in the partnership's mapping.
    rows = [(1, ["Imported register"]), (2, APPENDIX_7_COLUMNS), (3, ["Strategic Risks"]),
            (4, [1, datetime.date(2026, 1, 5), "Partners disagree", "", "H", "H", "", "H", "M", None])]
    parsed, errors = parse_rows(rows, llr)
    assert not errors
    values = parsed[0].values
    assert (values["inherent_likelihood"], values["inherent_impact"], values["residual_impact"]) == (5, 5, 3)


def test_the_rag_filter_follows_the_partnership_bands(api, make_risk, llr, pmo):
    risk = make_risk(title="Fifteen", inherent_likelihood=4, inherent_impact=5, residual_likelihood=3,
                     residual_impact=5)
    client = api("pmo.llr")
    assert risk.pk not in {row["id"] for row in client.get("/api/v1/risks/?residual_rag=red&page_size=100")
                           .json()["results"]}
    with tenant_context(llr):
        change_bands(llr, pmo, TRUST, HML, REASON)
    reds = client.get("/api/v1/risks/?residual_rag=red&page_size=100").json()["results"]
    assert risk.pk in {row["id"] for row in reds}
    assert all(row["residual_rag"] == "red" for row in reds)


def test_the_heat_maps_colour_and_state_the_partnership_bands(browser, api, llr, pmo):
    client = browser("pmo.llr")
    page = client.get("/risks/heat-map/").content.decode()
    assert 'risks-heatmap__cell--amber" data-likelihood="3" data-impact="5"' in page
    assert "RAG bands (PID Appendix 7)" in page
    with tenant_context(llr):
        change_bands(llr, pmo, TRUST, HML, REASON)
    page = client.get("/risks/heat-map/").content.decode()
    assert 'risks-heatmap__cell--red" data-likelihood="3" data-impact="5"' in page
    assert "RAG bands (this partnership's)" in page and "</strong> 15 to 25</li>" in page
    cells = {(cell["likelihood"], cell["impact"]): cell["rag"]
             for cell in api("pmo.llr").get("/api/v1/risks/heatmap/").json()}
    assert cells[(3, 5)] == "red" and cells[(2, 2)] == "yellow"


def test_the_export_states_the_bands_and_fills_by_them(browser, make_risk, llr, pmo):
    risk = make_risk(title="Fifteen in the export", inherent_likelihood=4, inherent_impact=5,
                     residual_likelihood=3, residual_impact=5)
    with tenant_context(llr):
        change_bands(llr, pmo, TRUST, HML, REASON)
    response = browser("pmo.llr").get("/risks/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C1"].value == f"RAG bands (scores): {bands_for(llr).describe()}"
    assert "Red 15–25, Amber 8–12, Yellow 4–6, Green 1–3" in sheet["C1"].value
    row = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == risk.ref)
    assert row[13].value == "Red"
    assert row[13].fill.fgColor.rgb.endswith("F4B6B6")


def test_the_register_page_keeps_a_constant_number_of_queries(browser, make_risk, llr, pmo):
    client = browser("pmo.llr")
    make_risk()
    client.get("/risks/?page_size=100")  # caches warm, as they are for a later page
    few, _ = count(client, "/risks/?page_size=100")
    risks = [make_risk(inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=5)
             for _ in range(5)]
    with tenant_context(llr):
        change_bands(llr, pmo, TRUST, HML, REASON)  # a change of roles' caches, as any settings change
    client.get("/risks/?page_size=100")
    many, response = count(client, "/risks/?residual_rag=red&page_size=100")
    assert many == few
    page = response.content.decode()
    assert all(risk.ref in page for risk in risks)


def test_the_dashboard_colours_the_worst_open_risk_in_the_partnership_bands(make_risk, llr, pmo, in_llr):
    from reporting import dashboard

    before = {(row.kind, row.place.pk): row.risk_band for row in dashboard.build()[0]}
    change_bands(llr, pmo, TRUST, HML, REASON)
    trust = risk_bands.check(TRUST, HML)
    rows = [row for row in dashboard.build()[0] if row.worst_risk]
    assert rows and all(row.risk_band == trust.rag(row.worst_risk) for row in rows)
    assert any(row.risk_band != before[(row.kind, row.place.pk)] for row in rows)


def test_the_data_migration_fills_the_stored_colours_in_app_7_bands(make_risk, llr, in_llr):
    from django.apps import apps

    fill = importlib.import_module("risks.migrations.0008_fill_stored_rags").fill
    risk = make_risk(inherent_likelihood=5, inherent_impact=4, residual_likelihood=3, residual_impact=5,
                     target_likelihood=2, target_impact=2)
    Risk.all_tenants.filter(pk=risk.pk).update(inherent_rag="", residual_rag="", target_rag=None)
    Risk.history.model.all_tenants.filter(id=risk.pk).update(residual_rag="")
    fill(apps, None)
    assert stored(risk) == ("red", "amber", "green")
    assert set(Risk.history.model.all_tenants.filter(id=risk.pk).values_list("residual_rag", flat=True)) == {"amber"}
