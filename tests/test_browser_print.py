"""Issue 14, in a real Chromium: every register prints its content only (static/css/print.css), on every register,
not the risk register alone: no " (Link: …)" after each link, no header, navigation, filters or export links, no
column cut off at the paper's edge, and a PDF whose first page starts with the register's heading (not blank)."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

# A4 landscape less the print stylesheet's 12 mm margins, at 96 CSS pixels to the inch.
PRINTABLE_WIDTH = round((297 - 2 * 12) / 25.4 * 96)

# (the register, its address, what holds its entries, one entry, whether the entries start the page). A meeting's
# actions log is on its page (found in the test), after the agenda. The business cases' pipeline is columns of cards.
REGISTERS = [
    ("risks", "/risks/?page_size=100", "main table", "main table tbody tr", True),
    ("issues", "/risks/issues/?page_size=100", "main table", "main table tbody tr", True),
    ("benefits", "/benefits/?page_size=100", "main table", "main table tbody tr", True),
    ("business cases", "/cases/", ".bc-pipeline", ".bc-pipeline__card", True),
    ("change requests", "/changes/", "main table", "main table tbody tr", True),
    ("meeting actions", None, "table.meeting-actions", "table.meeting-actions tbody tr", False),
    ("lessons", "/lifecycle/lessons/", "main table", "main table tbody tr", True),
    ("audit trail", "/audit/", "main table", "main table tbody tr", True),
]
# What never prints, where a page has it: the NHS.UK header and footer, breadcrumbs, the app's own navigation, the
# filters and search, the export links and the buttons.
HIDDEN = ("header.nhsuk-header", "footer.nhsuk-footer", ".nhsuk-breadcrumb", "main nav", "form[data-portal-filters]",
          ".portal-export-links", "main .nhsuk-button")


def meeting_with_actions():
    from core.models import Partnership
    from core.tenancy import tenant_context
    from meetings.models import MeetingAction

    with tenant_context(Partnership.objects.get(slug="llr")):
        return MeetingAction.objects.order_by("meeting_id").values_list("meeting_id", flat=True).first()


@pytest.mark.parametrize(("register", "address", "content", "entry", "entries_first"), REGISTERS,
                         ids=[row[0] for row in REGISTERS])
def test_a_register_prints_its_content_only_and_whole(page, register, address, content, entry, entries_first):
    address = address or f"/meetings/{meeting_with_actions()}/"
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 900})
    log_in(page, "pmo.llr", start=address)
    page.wait_for_url(re.compile(re.escape(address.split("?")[0]) + r"(\?.*)?$"))
    heading = page.locator("main h1").first.inner_text()
    entries = page.locator(entry).count()
    assert entries > 0, f"{register}: the demo gives the register no entries to print"
    page.emulate_media(media="print")

    after = page.evaluate("""[...document.querySelectorAll('a[href]')]
        .map(a => getComputedStyle(a, '::after').content).filter(c => c && c !== 'none' && c !== 'normal')""")
    assert after == [], f"{register}: text is written after links"
    assert "(Link:" not in page.locator("body").inner_text()
    shown = page.evaluate("""selectors => selectors.flatMap(s => [...document.querySelectorAll(s)]
        .filter(e => e.getClientRects().length > 0).map(() => s))""", list(HIDDEN))
    assert shown == [], f"{register}: printed although it should not be"
    widths = page.evaluate("""selector => [...document.querySelectorAll(selector)].map(e => ({
        scroll: e.scrollWidth, right: e.getBoundingClientRect().right}))""", content)
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert widths, f"{register}: nothing to print"
    for box in widths:
        assert box["scroll"] <= PRINTABLE_WIDTH and box["right"] <= page_width, f"{register}: a column is cut off"

    first_entry = page.locator(entry).first.inner_text().split("\n")[0]
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    first_page = squeezed(pdf.pages[0].extract_text())
    assert squeezed(heading) in first_page, f"{register}: the first printed page lacks the heading: {first_page[:300]}"
    if entries_first:  # not a blank first page with the register pushed to the second
        assert squeezed(first_entry) in first_page, f"{register}: the entries do not start on the first page"
    assert 1 <= len(pdf.pages) <= 2 + entries // 3, f"{register}: {len(pdf.pages)} pages for {entries} entries"


def squeezed(text):
    """Text without its white space: a PDF's extracted text breaks and joins lines its own way."""
    return re.sub(r"\s+", "", text)
