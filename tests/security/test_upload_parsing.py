"""Issue 15, items 2 and 4: uploads are parsed within bounds, bad workbooks answer a 400 naming the row or column,
and whoever may not import is refused before the file is read (core.tabular, SECURITY.md).

The attack files are built here, small on the wire: one row of 200,000 cells, a forged ``<dimension>``, five
megabytes of newlines, too many rows, malformed cells and a DOCTYPE. Each parse is timed (loosely: the machine is
shared) and its memory measured twice: Python's allocations (tracemalloc) and the process's peak resident size
(VmHWM, reset before the parse), which also sees what C libraries such as lxml allocate.
"""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from benefits.models import BenefitMeasurement
from core import tabular
from core.uploads import check_upload
from risks.models import Risk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS = 10  # the attack asked for 5 s; 2 shared cores under load get twice that
MEGABYTES = 256
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>benefit</t></si></sst>',
}


def text_cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row():
    """benefit (a shared string), period, planned: the measurements import's header."""
    return f'<row r="1"><c r="A1" t="s"><v>0</v></c>{text_cell("B1", "period")}{text_cell("C1", "planned")}</row>'


def workbook(sheet_data, dimension="", prolog=""):
    """A minimal .xlsx whose only sheet holds ``sheet_data`` (raw ``<row>`` XML), written straight into the zip."""
    sheet = (f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{MAIN}">{dimension}<sheetData>'
             f'{sheet_data}</sheetData></worksheet>')
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return stream.getvalue()


def xlsx(content, name="attack.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def csv_upload(content, name="attack.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def one_row_of_cells(count):
    return workbook(header_row() + '<row r="2">' + "<c/>" * count + "</row>")


def measurement_rows(count, start=2):
    return "".join(f'<row r="{n}">{text_cell(f"A{n}", "B-9999")}{text_cell(f"B{n}", "2017/18")}'
                   f'<c r="C{n}"><v>{n}</v></c></row>' for n in range(start, start + count))


def _resident_peak_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def measured(parse):
    """(result or the ValidationError raised, seconds, Python peak in MB, resident growth in MB or None)."""

    def run():
        try:
            return parse()
        except ValidationError as exc:
            return exc

    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident size to the current one
        before = _resident_peak_kb()
    except OSError:
        before = None
    tracemalloc.start()
    try:
        outcome = run()
        python_peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()
    resident = (_resident_peak_kb() - before) / 1024 if before is not None else None
    return outcome, seconds, python_peak, resident


def assert_bounded(seconds, python_peak, resident):
    assert seconds < SECONDS, f"the parse took {seconds:.1f} s"
    assert python_peak < MEGABYTES, f"the parse allocated {python_peak:.0f} MB"
    assert resident is None or resident < MEGABYTES, f"the process grew by {resident:.0f} MB"


ATTACKS = {
    # name: (kind, content, words the refusal must use)
    "one row of 200,000 cells": ("xlsx", lambda: one_row_of_cells(200_000), "more than 1,000 cells"),
    "a value in column 31": ("xlsx", lambda: workbook(header_row() + '<row r="2"><c r="AE2"><v>1</v></c></row>'),
                             "column AE"),
    "5,001 rows of a workbook": ("xlsx", lambda: workbook(header_row() + measurement_rows(5021)),
                                 "more than 5,000 rows"),
    "5,001 rows of a CSV": ("csv", lambda: b"benefit,period\n" + b"B-9999,2017/18\n" * 5021, "more than 5,000 rows"),
    "a CSV line of a million commas": ("csv", lambda: b"benefit,period\n" + b"," * 1_000_000 + b"1\n",
                                       "more than 1,000 cells"),
    "a bad date in a date cell": ("xlsx", lambda: workbook(
        header_row() + '<row r="2"><c r="B2" t="d"><v>2017-13-45</v></c></row>'), "Row 2, column B"),
    "abc in a number cell": ("xlsx", lambda: workbook(header_row() + '<row r="2"><c r="C2"><v>abc</v></c></row>'),
                             "Row 2, column C: 'abc' is not a number"),
    "a shared string out of range": ("xlsx", lambda: workbook(
        header_row() + '<row r="3"><c r="A3" t="s"><v>99</v></c></row>'), "Row 3, column A"),
    "a DOCTYPE in the sheet": ("xlsx", lambda: workbook(
        header_row(), prolog='<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'),
        "document type"),
    "a row numbered nonsense": ("xlsx", lambda: workbook(header_row() + '<row r="x"><c><v>1</v></c></row>'),
                                "not a valid Excel workbook"),
    "a sheet that is not XML": ("xlsx", lambda: workbook("<row r='1'><c><v>1</v></row>"),
                                "not well-formed XML"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_reader_refuses_each_attack_quickly_and_in_little_memory(attack):
    kind, build, words = ATTACKS[attack]
    content = build()
    assert len(content) < 5 * 1024 * 1024  # within the upload limit: the reader, not the size check, refuses it
    upload = xlsx(content) if kind == "xlsx" else csv_upload(content)
    assert check_upload(upload, ("xlsx", "csv")) == kind
    outcome, seconds, python_peak, resident = measured(lambda: tabular.read_table(upload, kind))
    assert isinstance(outcome, ValidationError), outcome
    assert words in " ".join(outcome.messages)
    assert_bounded(seconds, python_peak, resident)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_measurements_page_answers_400_and_saves_nothing(client, persona, attack):
    kind, build, words = ATTACKS[attack]
    client.force_login(persona("pmo.llr"))
    upload = xlsx(build()) if kind == "xlsx" else csv_upload(build())
    before = BenefitMeasurement.all_tenants.count()
    response = client.post("/benefits/import/", {"file": upload})
    assert response.status_code == 400
    assert words in response.content.decode().replace("&#x27;", "'")
    assert BenefitMeasurement.all_tenants.count() == before


@pytest.mark.parametrize("attack", [name for name in sorted(ATTACKS) if ATTACKS[name][0] == "xlsx"])
def test_the_risk_import_answers_400_and_saves_nothing(client, persona, attack):
    _, build, words = ATTACKS[attack]
    client.force_login(persona("pmo.llr"))
    before = Risk.all_tenants.count()
    response = client.post("/risks/import/", {"file": xlsx(build()), "level": "programme"})
    assert response.status_code == 400
    assert words in response.content.decode().replace("&#x27;", "'")
    assert Risk.all_tenants.count() == before


def test_a_forged_dimension_is_not_believed():
    """The 5 KB file whose <dimension> claimed A1:ZZZ5020 took 811 MB: its real rows are read, nothing more."""
    content = workbook(header_row() + measurement_rows(3), dimension='<dimension ref="A1:ZZZ5020"/>')
    assert len(content) < 5 * 1024
    outcome, seconds, python_peak, resident = measured(lambda: tabular.read_table(xlsx(content), "xlsx"))
    assert [number for number, _ in outcome] == [1, 2, 3, 4]
    assert outcome[1][1][:3] == ["B-9999", "2017/18", 2]
    assert len(outcome[1][1]) == tabular.MAX_COLUMNS
    assert_bounded(seconds, python_peak, resident)


def test_a_dimension_claiming_one_cell_does_not_hide_the_rest():
    content = workbook(header_row() + measurement_rows(2), dimension='<dimension ref="A1:A1"/>')
    assert [number for number, _ in tabular.read_table(xlsx(content), "xlsx")] == [1, 2, 3]


def test_five_megabytes_of_newlines_are_skipped_without_being_kept():
    content = b"benefit,period\n" + b"\n" * (5 * 1024 * 1024 - 100) + b"B-9999,2017/18\n"
    outcome, seconds, python_peak, resident = measured(lambda: tabular.read_table(csv_upload(content), "csv"))
    assert outcome == [(1, ["benefit", "period"]), (5 * 1024 * 1024 - 98, ["B-9999", "2017/18"])]
    assert_bounded(seconds, python_peak, resident)
    assert python_peak < 64  # the 5 MB of text and its copy; no list of five million rows


def test_blank_rows_far_down_a_sheet_cost_nothing_and_rows_keep_their_numbers():
    content = workbook(header_row() + measurement_rows(1, start=1_048_576))
    outcome, seconds, python_peak, resident = measured(lambda: tabular.read_table(xlsx(content), "xlsx"))
    assert [number for number, _ in outcome] == [1, 1_048_576]
    assert_bounded(seconds, python_peak, resident)


def test_blank_lines_inside_a_quoted_csv_cell_are_kept():
    content = b'benefit,note\n\n\nB-1,"first\n\nthird"\n\n\nB-2,x\n'
    assert tabular.read_table(csv_upload(content), "csv") == [
        (1, ["benefit", "note"]), (4, ["B-1", "first\n\nthird"]), (9, ["B-2", "x"])]


def test_a_full_sized_accepted_workbook_is_read_within_the_bounds():
    """5,000 data rows of ten columns: the largest file the imports accept parses within the same bounds."""
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{letter}{n}"><v>{n}</v></c>' for letter in "ABCDEFGHIJ")
                   + "</row>" for n in range(2, 5002))
    content = workbook(header_row() + rows)
    outcome, seconds, python_peak, resident = measured(lambda: tabular.read_table(xlsx(content), "xlsx"))
    assert len(outcome) == 5001 and outcome[-1][0] == 5001 and outcome[-1][1][9] == 5001
    assert_bounded(seconds, python_peak, resident)


# Whoever may not import is refused before the file is read -------------------------------------------------

@pytest.fixture
def reader_calls(monkeypatch):
    """Record every call of the imports' reader and of the upload check."""
    from benefits import imports as benefit_imports
    from risks import imports as risk_imports

    calls = []
    for module in (benefit_imports, risk_imports):
        monkeypatch.setattr(module, "read_table", lambda *args, **kwargs: calls.append("read") or [])
        monkeypatch.setattr(module, "check_upload", lambda *args, **kwargs: calls.append("check") or "xlsx")
    return calls


@pytest.mark.parametrize("url,data", [("/benefits/import/", {}), ("/risks/import/", {"level": "programme"})])
def test_without_import_rights_the_file_is_never_parsed(client, persona, reader_calls, url, data):
    client.force_login(persona("viewer.uhl.llr"))
    response = client.post(url, {"file": xlsx(one_row_of_cells(10)), **data})
    assert response.status_code == 403
    assert "You may not import" in response.content.decode()
    assert reader_calls == []
    assert client.get(url).status_code == 403
    # The same request from someone who may import does reach the reader.
    client.force_login(persona("pmo.llr"))
    client.post(url, {"file": xlsx(one_row_of_cells(10)), **data})
    assert reader_calls == ["check", "read"]
