"""A real browser: a PMO officer exports the register, edits it in a spreadsheet, previews the import and confirms."""

import io
import re

from openpyxl import load_workbook

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_export_edit_preview_confirm(page, tmp_path):
    log_in(page, "pmo.llr", start="/risks/?level=programme")
    page.wait_for_url(re.compile(r"/risks/\?level=programme"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export to Excel")).click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook.worksheets[0]
    assert "Filters:" in sheet["A1"].value and "Programme" in sheet["A1"].value
    row = next(r for r in sheet.iter_rows(min_row=4) if str(r[0].value).startswith("R-"))
    ref = row[0].value
    row[6].value = "Controls edited in Excel"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    page.goto("/risks/import/")
    page.locator("input[type=file][name=file]").set_input_files(str(edited))  # behind the NHS.UK drop button
    page.get_by_label("Register to import into").select_option("programme")
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator("#preview-summary")
    assert re.search(r"0 to add, 1 to change, \d+ unchanged, 0 refused", summary.inner_text())
    changes = page.get_by_role("table", name="Risks that would change")
    assert ref in changes.inner_text() and "Controls edited in Excel" in changes.inner_text()
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_text("Import applied").wait_for()
    page.get_by_role("link", name=ref).click()
    assert "Controls edited in Excel" in page.content()
    assert page.errors == []
