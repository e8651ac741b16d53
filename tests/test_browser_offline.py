"""Issue 14, in a real Chromium: the portal serves every asset itself, fonts included, so a page asks nothing of any
other host (NHS networks are often closed, and the Content-Security-Policy would refuse it). nhsuk-frontend ships no
Frutiger files, so its stylesheet is served without the faces that load Frutiger from assets.nhs.uk
(scripts/nhsuk_offline.mjs) and the NHS.UK font stack falls back to the system's font."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

FONT_SOURCES = """[...document.styleSheets].flatMap(sheet => {
    try { return [...sheet.cssRules]; } catch (error) { return []; } })
  .filter(rule => rule instanceof CSSFontFaceRule).map(rule => rule.style.getPropertyValue('src'))"""


def a_meeting():
    from core.models import Partnership
    from core.tenancy import tenant_context
    from meetings.models import MeetingAction

    with tenant_context(Partnership.objects.get(slug="llr")):
        return MeetingAction.objects.order_by("meeting_id").values_list("meeting_id", flat=True).first()


@pytest.fixture
def requests_seen(page):
    seen = {"requests": [], "refused": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    # A request the Content-Security-Policy stops never reaches the network, so count those too.
    page.on("console", lambda message: seen["refused"].append(message.text)
            if "Refused to load" in message.text else None)
    return seen


def test_the_home_page_a_register_and_a_meeting_ask_no_other_host(page, live_server, requests_seen):
    portal = urlsplit(live_server.url).netloc
    log_in(page, "pmo.llr", start="/")
    page.wait_for_url(re.compile(r"/my-work/"))
    visited = [page.url]
    for address in ("/risks/", f"/meetings/{a_meeting()}/"):
        page.goto(address)
        visited.append(page.url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => null)")
        font_sources = page.evaluate(FONT_SOURCES)
        remote_fonts = [src for src in font_sources for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", src)
                        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != portal]
        assert remote_fonts == [], f"{address}: a font face names another host"
        # The NHS.UK stack names Frutiger first; with no face to download, the system's font is used.
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Frutiger W01"')

    assert [urlsplit(url).path for url in visited] == ["/my-work/", "/risks/", f"/meetings/{a_meeting()}/"]
    requests = requests_seen["requests"]
    assert any("/static/" in url and "nhsuk-frontend" in url for url in requests)
    assert any("/static/" in url and "portal" in url for url in requests)
    elsewhere = [url for url in requests if urlsplit(url).scheme in ("http", "https")
                 and urlsplit(url).netloc != portal]
    assert elsewhere == []
    assert [url for url in requests if urlsplit(url).scheme not in ("http", "https", "data", "blob")] == []
    assert requests_seen["refused"] == []
