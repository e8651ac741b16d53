"""Export to PID App. 7's layout (.xlsx, CSV) and import from it: bad rows named, nothing half-imported."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from risks.choices import Category, Level
from risks.exports import APPENDIX_7_COLUMNS, CATEGORY_HEADINGS
from risks.models import Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def read_back(response):
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_xlsx_export_has_the_appendix_7_layout(browser, poa):
    response = browser("viewer.uhl.llr").get(f"/risks/export.xlsx?level=project&project={poa.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [list(row) for row in read_back(response).worksheets[0].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "No")
    assert rows[header][:10] == APPENDIX_7_COLUMNS
    assert rows[header - 1][4] == "Assessment" and rows[header - 1][7] == "Residual assessment"
    headings = [row[0] for row in rows[header + 1:] if row[0] in CATEGORY_HEADINGS.values()]
    assert headings == list(CATEGORY_HEADINGS.values())  # grouped by category, App. 7's order
    data = [row for row in rows[header + 1:] if row[0] and str(row[0]).startswith("R-")]
    assert len(data) == Risk.objects.filter(project=poa, level="project", archived=False).count() >= 18
    first = Risk.objects.get(source_ref="FBC Table 10, risk 1")
    row = next(r for r in data if r[0] == first.ref)
    assert row[2].startswith(first.title) and first.description[:40] in row[2]
    assert (row[4], row[5], row[7], row[8]) == (4, 4, 4, 4)  # H/H
    assert isinstance(row[1], datetime.datetime) and row[1].date() == first.date_identified
    assert row[3] == "Aisha Patel"
    # Rows sit under their own category's heading.
    current = None
    for r in rows[header + 1:]:
        if r[0] in CATEGORY_HEADINGS.values():
            current = r[0]
        elif r[0] and str(r[0]).startswith("R-"):
            risk = Risk.objects.get(ref=r[0])
            assert CATEGORY_HEADINGS[risk.category] == current


def test_csv_export_follows_the_filters(browser, in_llr):
    response = browser("pmo.llr").get("/risks/export.csv?residual_rag=red")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Category", "No", "Date identified", "Risk description", "Risk owner"]
    refs = {row[1] for row in rows[1:]}
    assert refs == set(Risk.objects.live().filter(residual_score__gte=20).values_list("ref", flat=True))


def sheet(rows):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Imported register"])
    ws.append(APPENDIX_7_COLUMNS)
    for row in rows:
        ws.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("register.xlsx", stream.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


GOOD_ROWS = [
    ["Strategic Risks"],
    [1, datetime.date(2016, 5, 1), "Partners disagree\nOn the phasing of the work", "pm.poa.llr", "H", "M",
     "Design principles", "M", "M", datetime.date(2016, 9, 1)],
    ["Financial Risks"],
    [2, "01/06/2016", "Costs overrun", "Someone Else", 3, 4, "Contingency", 2, 4, None],
]


def test_import_creates_every_row(browser, poa):
    before = Risk.objects.count()
    response = browser("pm.poa.llr").post("/risks/import/", {"file": sheet(GOOD_ROWS), "level": "project",
                                                             "project": poa.pk})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "2 risks imported" in response.content.decode()
    assert Risk.objects.count() == before + 2
    first = Risk.objects.get(title="Partners disagree")
    assert (first.category, first.inherent_likelihood, first.inherent_impact, first.residual_score) == (
        Category.STRATEGIC, 4, 3, 9)
    assert first.owner.username == "pm.poa.llr" and first.project == poa and first.level == Level.PROJECT
    assert first.description == "On the phasing of the work"
    second = Risk.objects.get(title="Costs overrun")
    assert second.category == Category.FINANCIAL and second.owner_name == "Someone Else"
    assert second.date_identified == datetime.date(2016, 6, 1)
    assert second.history.first().history_user.username == "pm.poa.llr"


def test_a_bad_row_imports_nothing_and_is_named(browser, poa):
    rows = GOOD_ROWS + [
        [3, None, "Bad likelihood", "", "X", 3, "", 2, 2, None],
        [4, "not a date", "Bad date", "", 3, 3, "", 2, 2, None],
        [5, None, "", "", 3, 3, "", 2, 2, None],
    ]
    before = Risk.objects.count()
    response = browser("pm.poa.llr").post("/risks/import/", {"file": sheet(rows), "level": "project",
                                                             "project": poa.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html
    # Rows: 1 title, 2 header, 3–6 the good rows and headings, then 7, 8, 9 the bad ones.
    assert "Row 7:" in html and "Row 8:" in html and "Row 9:" in html and "Row 4:" not in html
    assert "not a rating" in html and "not a date" in html and "Risk description: required" in html
    assert Risk.objects.count() == before


def test_import_is_refused_without_rights_and_checks_the_file(browser, poa, in_llr):
    response = browser("viewer.uhl.llr").post("/risks/import/", {"file": sheet(GOOD_ROWS), "level": "project",
                                                                 "project": poa.pk})
    assert response.status_code == 400 and "may not add risks" in response.content.decode()
    text = SimpleUploadedFile("register.xlsx", b"just some text", content_type="text/plain")
    response = browser("pmo.llr").post("/risks/import/", {"file": text, "level": "programme"})
    assert response.status_code == 400 and "not an Excel workbook" in response.content.decode()
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 1))
    response = browser("pmo.llr").post("/risks/import/", {"file": big, "level": "programme"})
    assert response.status_code == 400 and "larger than 5 MB" in response.content.decode()


def test_export_then_import_round_trips(browser, poa, in_llr):
    client = browser("pmo.llr")
    exported = client.get(f"/risks/export.xlsx?level=project&project={poa.pk}")
    upload = SimpleUploadedFile("roundtrip.xlsx", exported.content)
    before = Risk.objects.count()
    response = client.post("/risks/import/", {"file": upload, "level": "programme"})
    assert response.status_code == 200, response.content.decode()[-3000:]
    count = Risk.objects.filter(project=poa, level="project", archived=False).count()
    assert Risk.objects.count() == before + count
    copy = Risk.objects.filter(level="programme", source_ref=Risk.objects.get(source_ref="FBC Table 10, risk 7").ref)
    assert copy.get().title == "Cost of systems integration and interoperability"
