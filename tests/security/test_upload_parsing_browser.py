"""A real browser uploads the attack files of issue 15 to the measurements import: the page answers at once with
the refusal in its error summary (naming the limit, the row and the column), imports nothing, and stays accessible."""

import re

from benefits.models import BenefitMeasurement
from tests.browser import BROWSER_TEST, log_in

from .test_accessibility import axe_page, serious_violations  # noqa: F401  (axe_page is a fixture)
from .test_upload_parsing import header_row, one_row_of_cells, workbook

pytestmark = BROWSER_TEST
# axe's experimental "label in name" rule flags the NHS.UK file-upload component's own drop button (labelled by the
# field's label, a comma and itself, so its name does hold its visible text); the page is checked for all else.
COMPONENT_RULES = {"label-content-name-mismatch"}


def test_attack_files_are_refused_on_the_page(axe_page, tmp_path):  # noqa: F811
    page = axe_page
    wide = tmp_path / "wide.xlsx"
    wide.write_bytes(one_row_of_cells(200_000))
    bad = tmp_path / "bad-number.xlsx"
    bad.write_bytes(workbook(header_row() + '<row r="2"><c r="C2"><v>abc</v></c></row>'))
    before = BenefitMeasurement.all_tenants.count()
    log_in(page, "pmo.llr", start="/benefits/import/")
    page.wait_for_url(re.compile(r"/benefits/import/"))
    for path, words in ((wide, "Row 2 has more than 1,000 cells"), (bad, "Row 2, column C: 'abc' is not a number")):
        page.locator("input[type=file][name=file]").set_input_files(str(path))
        page.get_by_role("button", name="Check and import").click()
        summary = page.get_by_role("alert")
        summary.wait_for()
        assert "Nothing was imported" in summary.inner_text() and words in summary.inner_text()
        assert "Row 1: Row" not in summary.inner_text()  # a file-level refusal is not given a row of its own
        assert page.title().startswith("Error: ")
        assert [v for v in serious_violations(page) if v["rule"] not in COMPONENT_RULES] == []
    assert BenefitMeasurement.all_tenants.count() == before
