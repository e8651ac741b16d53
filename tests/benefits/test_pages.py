"""The browser pages: render, accessibility basics, forms that save all or nothing, who sees which buttons."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from benefits import realisation
from benefits.models import Benefit, BenefitMeasurement
from core.models import Organisation
from programme.models import Objective

from .conftest import fy

pytestmark = pytest.mark.django_db


def clean_html(html):
    assert "style=" not in html and "<script>" not in html


def test_register_dashboard_and_import_render(browser, in_llr):
    client = browser("pmo.llr")
    page = client.get("/benefits/")
    assert page.status_code == 200
    html = page.content.decode()
    clean_html(html)
    assert "Benefits register" in html and "<caption" in html and "Add a benefit" in html
    assert "Red" in html and "Amber" in html and "Green" in html  # the band is written, not only coloured
    assert "Double counting" in html
    dashboard = client.get("/benefits/dashboard/").content.decode()
    clean_html(dashboard)
    assert dashboard.count('role="img"') >= 2 and "Realisation by strategic objective" in dashboard
    assert "Leicestershire Partnership NHS Trust" in dashboard and "Possible double counting" in dashboard
    assert client.get("/benefits/import/").status_code == 200
    assert client.get("/benefits/new/").status_code == 200
    assert client.get("/benefits/?realisation_rag=red&type=cashable&page_size=100").status_code == 200


def test_register_filters(browser, in_llr):
    html = browser("pmo.llr").get("/benefits/?realisation_rag=red&page_size=100").content.decode()
    assert "Points of Access phase 3" in html and "Points of Access phase 1" not in html


def test_benefit_page_has_its_chart_table_and_form(browser, in_llr):
    benefit = Benefit.objects.get(title__startswith="Points of Access phase 1")
    response = browser("pmo.llr").get(f"/benefits/{benefit.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    clean_html(html)
    start = html.index("<svg xmlns=")
    svg = ET.fromstring(html[start:html.index("</svg>", start) + 6])
    assert svg.get("role") == "img"
    # Table 4's 2017/18 saving, in the financial year the demo's calendar moved it to.
    year = benefit.measurements.get(planned=487323).period
    assert realisation.period_label(year, benefit.period_kind) in html
    assert "£487,323" in html and "Record measurements" in html
    assert "Leicestershire County Council" in html and "30%" in html
    assert "Possible double counting" in html


def test_readers_get_no_form(browser, in_llr):
    benefit = Benefit.objects.get(title__startswith="Points of Access phase 1")
    html = browser("viewer.uhl.llr").get(f"/benefits/{benefit.pk}/").content.decode()
    assert "Record measurements" not in html and "Add a benefit" not in browser("viewer.uhl.llr").get(
        "/benefits/").content.decode()
    assert browser("viewer.uhl.llr").get(f"/benefits/{benefit.pk}/edit/").status_code == 403
    response = browser("viewer.uhl.llr").post(f"/benefits/{benefit.pk}/measurements/", {})
    assert response.status_code == 403


def test_pmo_north_gets_404_on_an_llr_benefit(browser, in_llr):
    benefit = Benefit.objects.first()
    assert browser("pmo.north").get(f"/benefits/{benefit.pk}/").status_code == 404


def formset_data(benefit, rows):
    data = {"m-TOTAL_FORMS": str(len(rows)), "m-INITIAL_FORMS": str(len(rows)), "m-MIN_NUM_FORMS": "0",
            "m-MAX_NUM_FORMS": "1000"}
    for index, (period, planned, actual, forecast) in enumerate(rows):
        data.update({f"m-{index}-period": period, f"m-{index}-planned": planned, f"m-{index}-actual": actual,
                     f"m-{index}-forecast": forecast})
    return data


def test_measurement_form_saves_changed_rows(browser, make_benefit, poa):
    benefit = make_benefit(title="Form", projects=[poa], profile_start=fy(2016), profile_end=fy(2018),
                           points=[(fy(2016), Decimal(100), None, None)])
    client = browser("pm.poa.llr")
    assert "Record measurements" in client.get(f"/benefits/{benefit.pk}/").content.decode()
    response = client.post(f"/benefits/{benefit.pk}/measurements/", formset_data(benefit, [
        ("2016-04-01", "100", "97", ""), ("2017-04-01", "200", "", "180"), ("2018-04-01", "", "", "")]))
    assert response.status_code == 302
    rows = {m.period: m for m in BenefitMeasurement.objects.filter(benefit=benefit)}
    assert rows[fy(2016)].actual == Decimal(97) and rows[fy(2017)].forecast == Decimal(180) and fy(2018) not in rows
    assert rows[fy(2016)].recorded_by.username == "pm.poa.llr"
    benefit.refresh_from_db()
    assert benefit.realisation_percent == Decimal(97)


def test_measurement_form_with_a_bad_row_saves_nothing(browser, make_benefit, poa):
    benefit = make_benefit(title="Bad form", projects=[poa], points=[(fy(2016), Decimal(100), None, None)])
    client = browser("pmo.llr")
    response = client.post(f"/benefits/{benefit.pk}/measurements/", {
        "m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "1", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "1000",
        "m-0-period": "2016-04-01", "m-0-planned": "100", "m-0-actual": "90",
        "m-1-period": "2017-06-01", "m-1-planned": "5",
        "m-2-period": "2018-04-01", "m-2-planned": "lots"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing was saved" in html and "1 April" in html
    assert BenefitMeasurement.objects.get(benefit=benefit, period=fy(2016)).actual is None
    assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1


def test_create_and_edit_form(browser, in_llr, poa):
    client = browser("pm.poa.llr")
    so1 = Objective.objects.get(code="SO1")
    organisations = {o.code: o for o in Organisation.objects.all()}
    data = {"title": "From the form", "objectives": [so1.pk], "owner": client.session["_auth_user_id"],
            "type": "cashable", "unit": "£", "period_kind": "financial_year", "stage": "planning",
            "projects": [poa.pk], f"share_{organisations['UHL'].pk}": "50", f"share_{organisations['LPT'].pk}": "40"}
    response = client.post("/benefits/new/", data)
    assert response.status_code == 400 and "add up to 100%" in response.content.decode()
    data[f"share_{organisations['LPT'].pk}"] = "50"
    response = client.post("/benefits/new/", {**data, "projects": []})
    assert response.status_code == 400 and "may not keep benefits there" in response.content.decode()
    response = client.post("/benefits/new/", data)
    assert response.status_code == 302
    benefit = Benefit.objects.get(title="From the form")
    assert benefit.level == "project" and benefit.attributions.count() == 2
    assert client.get(f"/benefits/{benefit.pk}/edit/").status_code == 200
    response = client.post(f"/benefits/{benefit.pk}/edit/", {**data, "title": "Renamed", "objectives": []})
    assert response.status_code == 400 and "at least one strategic objective" in response.content.decode()


def test_chart_svg_download(browser, in_llr):
    benefit = Benefit.objects.get(title__startswith="Points of Access phase 2")
    response = browser("viewer.uhl.llr").get(f"/benefits/{benefit.pk}/chart.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    ET.fromstring(response.content)


def test_archive_from_the_page(browser, make_benefit, in_llr):
    benefit = make_benefit(title="Archive me")
    assert browser("viewer.uhl.llr").post(f"/benefits/{benefit.pk}/archive/").status_code == 403
    assert browser("pmo.llr").post(f"/benefits/{benefit.pk}/archive/").status_code == 302
    benefit.refresh_from_db()
    assert benefit.archived
