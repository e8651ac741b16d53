"""Issue 14, in a real Chromium: a register page asks nothing of any host but the portal (NHS networks are often
offline), and prints without " (Link: …)" after each link, without header or navigation, and without cut columns."""

import re
from urllib.parse import urlsplit

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

# A4 landscape less the print stylesheet's 12 mm margins, at 96 CSS pixels to the inch.
PRINTABLE_WIDTH = round((297 - 2 * 12) / 25.4 * 96)


def test_a_register_page_makes_no_request_to_another_host(page, live_server):
    portal = urlsplit(live_server.url).netloc
    requests, refused = [], []
    page.on("request", lambda request: requests.append(request.url))
    # A request the Content-Security-Policy stops never reaches the network, so count those too.
    page.on("console", lambda message: refused.append(message.text) if "Refused to load" in message.text else None)
    log_in(page, "pmo.llr", start="/risks/")
    page.wait_for_url(re.compile(r"/risks/$"))
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => null)")

    assert any("/static/" in url for url in requests)
    elsewhere = [url for url in requests if urlsplit(url).scheme in ("http", "https")
                 and urlsplit(url).netloc != portal]
    assert elsewhere == []
    assert refused == []
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Frutiger W01"')


def test_a_register_prints_its_content_without_link_urls_or_cut_columns(page):
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 900})
    log_in(page, "pmo.llr", start="/risks/?page_size=100")
    page.wait_for_url(re.compile(r"/risks/"))
    page.emulate_media(media="print")

    after = page.evaluate("""[...document.querySelectorAll('a[href]')]
        .map(a => getComputedStyle(a, '::after').content).filter(c => c && c !== 'none' && c !== 'normal')""")
    assert after == []
    assert "(Link:" not in page.locator("body").inner_text()
    for selector in ("header.nhsuk-header", "footer.nhsuk-footer", ".nhsuk-breadcrumb", ".risks-subnav"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display") == "none"
    table = page.locator("table.risks-register")
    assert table.locator("tbody tr").count() > 10
    width = page.evaluate("document.querySelector('table.risks-register').getBoundingClientRect().right")
    assert width <= page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.querySelector('table.risks-register').scrollWidth") <= PRINTABLE_WIDTH
    # A long table may break between rows, so it does not leave a blank first page.
    assert page.evaluate("getComputedStyle(document.querySelector('table.risks-register')).breakInside") == "auto"


def test_a_register_uses_the_full_width_of_the_screen_and_references_do_not_wrap(page):
    page.set_viewport_size({"width": 1600, "height": 900})
    log_in(page, "pmo.llr", start="/risks/")
    page.wait_for_url(re.compile(r"/risks/$"))
    main = page.evaluate("document.querySelector('#maincontent').getBoundingClientRect().width")
    assert main > 1400  # the NHS.UK width container stops at 960px
    assert page.evaluate(
        "getComputedStyle(document.querySelector('table.risks-register tbody td')).whiteSpace") == "nowrap"
