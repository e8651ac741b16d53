"""Every upload is size- and type-checked by one helper (core.uploads.check_upload) before it is read."""

import ast
import io
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from openpyxl import Workbook

from core.uploads import MAX_UPLOAD_BYTES, check_upload

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes():
    stream = io.BytesIO()
    book = Workbook()
    book.active.append(["No", "Description"])
    book.save(stream)
    return stream.getvalue()


def zip_bytes(members):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def refused(upload, kinds=("xlsx",)):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, kinds)
    return caught.value.code


def test_a_real_workbook_and_a_real_csv_pass():
    assert check_upload(SimpleUploadedFile("r.xlsx", workbook_bytes(), content_type=XLSX)) == "xlsx"
    upload = SimpleUploadedFile("m.csv", "benefit,period\nB-1,2017-04\n£5".encode(), content_type="text/csv")
    assert check_upload(upload, ("xlsx", "csv")) == "csv"
    assert upload.tell() == 0  # left at the start for the reader


@pytest.mark.parametrize("name,content,content_type,code", [
    ("big.xlsx", b"PK\x03\x04" + b"0" * MAX_UPLOAD_BYTES, XLSX, "size"),
    ("empty.xlsx", b"", XLSX, "empty"),
    ("register.xls", b"\xd0\xcf\x11\xe0rest", "application/vnd.ms-excel", "extension"),
    ("register.xlsx.exe", b"MZ\x90\x00", "application/octet-stream", "extension"),
    ("register.xlsx", b"just some text", XLSX, "content"),
    ("register.xlsx", b"MZ\x90\x00rest", "application/octet-stream", "content"),
    ("register.xlsx", b"PK\x03\x04not really a zip", XLSX, "content"),
    ("register.xlsx", workbook_bytes(), "text/html", "type"),
    ("register.xlsx", workbook_bytes(), "application/x-msdownload", "type"),
])
def test_the_xlsx_check_refuses(name, content, content_type, code):
    assert refused(SimpleUploadedFile(name, content, content_type=content_type)) == code


@pytest.mark.parametrize("content_type", ["", "text/plain", "application/octet-stream", "application/zip", XLSX])
def test_the_types_clients_really_send_for_a_workbook_are_accepted(content_type):
    assert check_upload(SimpleUploadedFile("r.xlsx", workbook_bytes(), content_type=content_type)) == "xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused():
    assert refused(SimpleUploadedFile("r.xlsx", zip_bytes({"evil.sh": b"rm -rf /"}), content_type=XLSX)) == "content"


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (101 * 1024 * 1024)})
    assert len(bomb) < MAX_UPLOAD_BYTES  # small on the wire
    assert refused(SimpleUploadedFile("r.xlsx", bomb, content_type=XLSX)) == "size"


@pytest.mark.parametrize("content", [b"PK\x03\x04zip", b"%PDF-1.4", b"a,b\x00c", b"\x89PNG\r\n", b"\xff\xfe\x00\x00"])
def test_the_csv_check_refuses_binary_content(content):
    assert refused(SimpleUploadedFile("m.csv", content, content_type="text/csv"), ("xlsx", "csv")) == "content"


def test_the_import_functions_apply_the_check_themselves(llr):
    """Defence in depth: the imports refuse a bad file even when called without the form (API, shell, task)."""
    from benefits import imports as benefit_imports
    from core.models import User
    from core.tenancy import tenant_context
    from plan import imports as plan_imports
    from risks import imports as risk_imports

    user = User.objects.get(username="pmo.llr")
    fake = SimpleUploadedFile("register.xlsx", b"<html>not a workbook</html>", content_type=XLSX)
    with tenant_context(llr):
        risk_report = risk_imports.import_register(fake, user, llr, "programme")
        benefit_report = benefit_imports.import_measurements(
            SimpleUploadedFile("m.csv", b"MZ\x90\x00", content_type="text/csv"), user, llr)
        plan_preview = plan_imports.preview(SimpleUploadedFile("plan.xlsx", b"<html>not a workbook</html>",
                                                               content_type=XLSX), user, llr)
    assert not plan_preview.ok and "not an Excel workbook" in plan_preview.refused[0][1][0]
    assert not risk_report.ok and "not an Excel workbook" in risk_report.errors[0][1][0]
    assert not benefit_report.ok and "not a CSV" in benefit_report.errors[0][1][0]


@pytest.mark.django_db
def test_the_browser_import_refuses_a_renamed_executable(client):
    client.force_login(__import__("core.models", fromlist=["User"]).User.objects.get(username="pmo.llr"))
    upload = SimpleUploadedFile("register.xlsx", b"MZ\x90\x00" + b"\0" * 100, content_type=XLSX)
    response = client.post("/risks/import/", {"file": upload, "level": "programme"})
    assert response.status_code == 400
    assert b"not an Excel workbook" in response.content


# The inventory: every way a file gets in is known and checked ------------------------------------------------

# Model file fields and why none of them takes an upload from a person.
MODEL_FILE_FIELDS = {
    "meetings.boardpack.file": "the board pack PDF, rendered by the portal itself (meetings.packs.render)",
    "core.exportjob.file": "a register download written by the portal itself (core.export_jobs)",
}
# Modules that read request.FILES or declare a form FileField, and the function whose upload they hand on;
# that function must call core.uploads.check_upload (checked below).
UPLOAD_ENTRY_POINTS = {
    "risks/views/transfer.py": ("risks/imports.py", "import_register"),
    "risks/forms.py": ("risks/imports.py", "import_register"),
    "risks/views/mapping.py": ("risks/mapping.py", "read_source"),
    "risks/api/imports.py": ("risks/mapping.py", "read_source"),
    "benefits/views.py": ("benefits/imports.py", "import_measurements"),
    "benefits/forms.py": ("benefits/imports.py", "import_measurements"),
}


def test_every_model_file_field_is_known():
    found = {
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models() for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    assert found == set(MODEL_FILE_FIELDS)


def _sources():
    for app in ("programme", "risks", "benefits", "business_cases", "change_control", "bct_portal"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


# The settings declare the API's parsers (DRF's, with core.api.parsers' JSON parser first): no API view reads
# request.FILES, which the scan below would find.
NOT_ENTRY_POINTS = {"bct_portal/settings/base.py"}


def test_every_upload_entry_point_is_known():
    found = set()
    for path in _sources():
        if str(path.relative_to(ROOT)) in NOT_ENTRY_POINTS:
            continue
        text = path.read_text()
        if "request.FILES" in text or "forms.FileField(" in text or "FileUploadParser" in text \
                or "MultiPartParser" in text:
            found.add(str(path.relative_to(ROOT)))
    assert found == set(UPLOAD_ENTRY_POINTS)


@pytest.mark.parametrize("entry", sorted(UPLOAD_ENTRY_POINTS))
def test_each_upload_reaches_the_central_check(entry):
    module, function = UPLOAD_ENTRY_POINTS[entry]
    tree = ast.parse((ROOT / module).read_text())
    [node] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
    calls = {getattr(c.func, "id", getattr(c.func, "attr", None)) for c in ast.walk(node) if isinstance(c, ast.Call)}
    assert "check_upload" in calls
