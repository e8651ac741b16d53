"""A real browser: a PMO officer exports the plan, moves a forecast and an external dependency's due date in the
spreadsheet, previews the import and confirms it."""

import datetime
import io
import re

from openpyxl import load_workbook

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_export_edit_preview_confirm(page, tmp_path):
    log_in(page, "pmo.llr", start="/plan/")
    page.wait_for_url(re.compile(r"/plan/$"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export to Excel")).click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[2]]
    column = {heading: index for index, heading in enumerate(headings)}
    rows = list(sheet.iter_rows(min_row=3))
    item = next(row for row in rows if str(row[0].value).startswith("PI-") and not row[column["Actual date"]].value)
    external = next(row for row in rows if str(row[0].value).startswith("EXT-"))
    ref, external_ref = item[0].value, external[0].value
    moved = item[column["Forecast date"]].value + datetime.timedelta(days=7)
    item[column["Forecast date"]].value = moved
    external[column["Forecast date"]].value = datetime.datetime(2027, 6, 30)
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    page.goto("/plan/import/")
    page.locator("input[type=file][name=file]").set_input_files(str(edited))
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator("#preview-summary")
    assert re.search(r"0 to add, 2 to change, \d+ unchanged, 0 refused", summary.inner_text())
    changes = page.get_by_role("table", name="Plan rows that would change").inner_text()
    assert ref in changes and f"{moved:%d/%m/%Y}" in changes
    assert external_ref in changes and "30/06/2027" in changes
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_text("Import applied").wait_for()
    page.get_by_role("link", name=ref).click()
    assert f"{moved:%-d %B %Y}" in page.content()
    assert page.errors == []
