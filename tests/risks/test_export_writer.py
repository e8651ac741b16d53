"""The risk register's .xlsx (``risks.exports.write_xlsx``, written by ``core.xlsx``) is the workbook openpyxl wrote
before issue 20, as openpyxl reads it back: every cell's value, type and style, the frozen panes, the autofilter, the
widths and the sheet's name; and its CSV is byte for byte the old one (``tests/exports_reference.py`` keeps the old
writers, and the old reading of the rows, as the reference)."""

import gc
import io

import pytest
from openpyxl.utils.exceptions import IllegalCharacterError

from core.models import User
from core.tenancy import tenant_context
from risks import exports
from risks.bands import bands_for
from risks.choices import Category, Level, RiskStatus
from risks.models import Risk
from tests.exports_reference import as_read, assert_same_workbook
from tests.exports_reference import write_csv as reference_csv
from tests.exports_reference import write_xlsx as reference_xlsx

pytestmark = pytest.mark.django_db

# (inherent likelihood, impact), (residual likelihood, impact): every RAG colour inherent and residual.
RATINGS = [((5, 5), (5, 5)), ((5, 5), (4, 4)), ((5, 5), (3, 3)), ((5, 5), (1, 1)), ((4, 4), (4, 4)),
           ((3, 3), (3, 3)), ((1, 2), (1, 2))]
# Text that must come out exactly: formula-like at each dangerous start, Excel's error codes, markup to escape,
# leading and trailing spaces, line breaks (with a carriage return), non-ASCII text and text over Excel's cap.
TEXTS = ['=HYPERLINK("http://x","y")', "+1 call", "-2", "@someone", "\tindented", "\rreturned", "=", "#N/A",
         "#DIV/0!", 'a <b> & "c" \'d\'', " padded ", "trailing ", "line one\r\nline two\nthree", "café – ü ✓ 😀",
         "x" * 33000, ""]


@pytest.fixture
def varied_risks(make_risk, llr, poa, urgent_care):
    """Risks across every category, level, status, RAG colour and owner form, with the texts above in every text
    column, some of them archived or restricted (a writer is given whatever rows the view's filters leave)."""
    with tenant_context(llr):
        named = User.objects.filter(first_name__gt="", last_name__gt="").order_by("pk").first()
        unnamed = User.objects.create(username="no.names.export", email="no.names@example.org")
        owners = [{"owner": named}, {"owner": unnamed}, {"owner_name": "=cmd|' /C calc'!A0"}, {"owner_name": ""}]
        places = [{"level": Level.PROJECT, "project": poa}, {"level": Level.WORKSTREAM, "workstream": urgent_care},
                  *({"level": level} for level in (Level.PROGRAMME, Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD))]
        categories = [Category.STRATEGIC, Category.CLINICAL, Category.FINANCIAL, Category.PEOPLE]  # one left empty
        made = []
        for index in range(max(len(RATINGS) * 2, len(TEXTS))):
            (il, ii), (rl, ri) = RATINGS[index % len(RATINGS)]
            assessed = index % 5 != 0
            risk = make_risk(category=categories[index % len(categories)], inherent_likelihood=il, inherent_impact=ii,
                             residual_likelihood=rl if assessed else il, residual_impact=ri if assessed else ii,
                             residual_assessed=assessed, **owners[index % len(owners)], **places[index % len(places)])
            text = TEXTS[index % len(TEXTS)]
            Risk.objects.filter(pk=risk.pk).update(
                title=(text or "untitled")[:200], description=TEXTS[(index + 3) % len(TEXTS)],
                controls=TEXTS[(index + 7) % len(TEXTS)],
                status=RiskStatus.CLOSED if index % 3 == 0 else RiskStatus.OPEN, archived=index % 11 == 4,
                restricted=index % 7 == 2)
            made.append(risk.pk)
        Risk.objects.filter(pk=made[1]).update(description=Risk.objects.get(pk=made[1]).title)  # title only
        return Risk.objects.filter(pk__in=made)


@pytest.mark.parametrize("title", ["Risk register · LLR · Filters: none", "=SUM(A1) <title> & more"])
def test_the_new_writer_gives_the_workbook_the_old_one_gave(varied_risks, llr, title):
    with tenant_context(llr):
        bands = bands_for(llr)
        new = exports.write_xlsx(varied_risks, title, bands=bands).getvalue()
        old = reference_xlsx(varied_risks, title, bands=bands).getvalue()
    assert_same_workbook(new, old)
    shape, cells, values = as_read(new)
    assert shape["freeze"] == "A4" and shape["filter"] == f"A3:R{len(values)}"
    written = {cell[1] for cell in cells}
    assert {"Clinical Risks", "Programme Management Risks", "Red", "Amber", "Yellow", "Green", "Closed"} <= written
    assert '=HYPERLINK("http://x","y")' in written and "x" * 32767 in written and " padded " in written
    assert any(cell[1] == "#N/A" and cell[2] == "e" for cell in cells)  # as openpyxl wrote it: an error cell
    quoted = [cell for cell in cells if isinstance(cell[1], str) and cell[1][:1] in "=+-@\t\r"]
    assert quoted and all(cell[2] == "s" and cell[7] for cell in quoted)  # text, never a formula


def test_the_csv_reads_the_rows_as_before(varied_risks, llr):
    """The rows are read as tuples now, not dicts: the CSV (the same rows, flat) is byte for byte the old one."""
    with tenant_context(llr):
        new = exports.write_csv(varied_risks, io.StringIO()).getvalue()
        old = reference_csv(varied_risks, io.StringIO()).getvalue()
    assert new == old and "'=HYPERLINK" in new and "no.names.export" in new


def test_an_empty_register_gives_the_same_workbook(llr):
    with tenant_context(llr):
        none = Risk.objects.none()
        assert_same_workbook(exports.write_xlsx(none, "Empty").getvalue(), reference_xlsx(none, "Empty").getvalue())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the old writer's, left open
def test_a_character_xml_cannot_hold_is_refused_as_before(make_risk, llr):
    risk = make_risk(title="bell \x07 here")
    with tenant_context(llr):
        rows = Risk.objects.filter(pk=risk.pk)
        with pytest.raises(IllegalCharacterError):
            reference_xlsx(rows, "T")
        gc.collect()  # here, not in a later test: openpyxl's abandoned sheet complains as it is collected
        with pytest.raises(IllegalCharacterError):
            exports.write_xlsx(rows, "T", io.BytesIO())
