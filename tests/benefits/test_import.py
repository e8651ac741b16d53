"""Importing measurements from .xlsx and .csv: all or nothing, bad rows reported by row number."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from benefits import imports
from benefits.models import BenefitMeasurement
from core.models import User

from .conftest import fy

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_file(text, name="measurements.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="measurements.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


@pytest.fixture
def pair(make_benefit, poa, in_llr):
    yearly = make_benefit(title="Import yearly", projects=[poa], profile_start=fy(2016), profile_end=fy(2019),
                          points=[(fy(2016), Decimal(100), None, None)])
    quarterly = make_benefit(title="Import quarterly", projects=[poa], period_kind="quarter", unit="contacts")
    return yearly, quarterly


def test_csv_creates_and_updates(pair, llr):
    yearly, quarterly = pair
    text = ("benefit,period,planned,actual,forecast,note\n"
            f"{yearly.ref},2016/17,,95,,first year\n"
            f"{yearly.ref},2017-04-01,\"£1,200.50\",1100,,\n"
            f"{quarterly.ref.lower()},Q2 2017/18,300,280,,\n")
    report = imports.import_measurements(csv_file(text), User.objects.get(username="pm.poa.llr"), llr)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 1)
    first = BenefitMeasurement.objects.get(benefit=yearly, period=fy(2016))
    assert (first.planned, first.actual, first.note) == (Decimal(100), Decimal(95), "first year")
    assert BenefitMeasurement.objects.get(benefit=yearly, period=fy(2017)).planned == Decimal("1200.50")
    assert BenefitMeasurement.objects.get(benefit=quarterly).period.isoformat() == "2017-07-01"
    yearly.refresh_from_db()
    assert yearly.actual_to_date == Decimal(1195)


def test_a_bad_row_imports_nothing_and_is_reported_by_row(pair, llr):
    yearly, quarterly = pair
    rows = [["Benefit", "Period", "Planned", "Actual"],
            [yearly.ref, "2017/18", 200, 190],
            [yearly.ref, "2017-06-01", 200, 190],
            ["B-9999", "2017/18", 1, 1],
            [quarterly.ref, "Q1 2017/18", "lots", None],
            [yearly.ref, "2021/22", 5, None],
            [yearly.ref, "2017/18", 1, None]]
    report = imports.import_measurements(xlsx_file(rows), User.objects.get(username="pmo.llr"), llr)
    assert not report.ok
    errors = dict(report.errors)
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "1 April" in " ".join(errors[3])
    assert "B-9999" in " ".join(errors[4])
    assert "not a number" in " ".join(errors[5])
    assert "outside the profile" in " ".join(errors[6])
    assert "also on row 2" in " ".join(errors[7])
    assert BenefitMeasurement.objects.filter(benefit__in=pair).count() == 1
    assert report.created == report.updated == 0


def test_rows_for_benefits_the_user_may_not_edit_are_refused(pair, llr, make_benefit):
    programme_level = make_benefit(title="Programme level import")
    text = f"benefit,period,planned\n{pair[0].ref},2017/18,1\n{programme_level.ref},2017/18,1\n"
    report = imports.import_measurements(csv_file(text), User.objects.get(username="pm.poa.llr"), llr)
    assert [row for row, _ in report.errors] == [3]
    assert "may not record" in report.errors[0][1][0]
    assert not BenefitMeasurement.objects.filter(benefit=pair[0], period=fy(2017)).exists()


def test_no_header_is_reported(llr, in_llr):
    report = imports.import_measurements(csv_file("a,b\n1,2\n"), User.objects.get(username="pmo.llr"), llr)
    assert report.errors and "header" in report.errors[0][1][0]


def test_import_page(browser, pair):
    client = browser("pmo.llr")
    text = f"benefit,period,planned\n{pair[0].ref},2017/18,10\n{pair[0].ref},2017-05-01,10\n"
    response = client.post("/benefits/import/", {"file": csv_file(text)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html and "Row 3" in html
    good = csv_file(f"benefit,period,planned\n{pair[0].ref},2017/18,10\n")
    response = client.post("/benefits/import/", {"file": good})
    assert response.status_code == 200 and "1 period added" in response.content.decode()


@pytest.mark.parametrize("upload,message", [
    (SimpleUploadedFile("m.pdf", b"%PDF-1.4", content_type="application/pdf"), "Choose an Excel workbook"),
    (SimpleUploadedFile("m.xlsx", b"not a zip", content_type=XLSX), "not an Excel workbook"),
    (SimpleUploadedFile("m.csv", b"PK\x03\x04rest", content_type="text/csv"), "not a CSV"),
    (SimpleUploadedFile("m.csv", b"a" * (5 * 1024 * 1024 + 1), content_type="text/csv"), "larger than 5 MB"),
])
def test_upload_type_and_size_are_checked(browser, in_llr, upload, message):
    response = browser("pmo.llr").post("/benefits/import/", {"file": upload})
    assert response.status_code == 400 and message in response.content.decode()


def test_amount_parsing():
    assert imports.parse_amount("£1,234.50", "planned") == Decimal("1234.50")
    assert imports.parse_amount(1234.5, "planned") == Decimal("1234.50")
    assert imports.parse_amount("", "planned") is None
    for bad in ("1.234", "abc", "NaN", "1e20"):
        with pytest.raises(ValueError):
            imports.parse_amount(bad, "planned")


def test_a_formula_cell_is_read_as_its_text_never_a_cached_value(pair, llr):
    yearly, _ = pair
    upload = xlsx_file([["benefit", "period", "planned", "actual", "forecast", "note"],
                        [yearly.ref, "2017/18", 100, 90, None, '=HYPERLINK("http://x","y")']])
    report = imports.import_measurements(upload, User.objects.get(username="pm.poa.llr"), llr)
    assert report.ok, report.errors
    assert BenefitMeasurement.objects.get(benefit=yearly, period=fy(2017)).note == '=HYPERLINK("http://x","y")'


def test_a_long_file_name_is_recorded_shortened(browser, pair):
    """Issue 15: a file name over ~86 characters overflowed the history's 100-character reason (a 500 on
    PostgreSQL). The name is recorded through core.uploads.display_name: at most 60 characters."""
    yearly, _ = pair
    name = "Urgent care benefits measurements for the Delivery Board, quarter two, final agreed version.csv"
    assert len(name) > 86
    upload = csv_file(f"benefit,period,planned\n{yearly.ref},2017/18,10\n", name=name)
    response = browser("pmo.llr").post("/benefits/import/", {"file": upload})
    assert response.status_code == 200, response.content.decode()[:2000]
    recorded = BenefitMeasurement.history.filter(benefit_id=yearly.pk).latest("history_date").history_change_reason
    assert recorded.startswith("Imported from Urgent care benefits") and recorded.endswith("….csv")
    assert len(recorded) <= len("Imported from ") + 60
