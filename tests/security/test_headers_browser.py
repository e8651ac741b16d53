"""The Content-Security-Policy in real Chromium: the main pages, Swagger UI and the admin load with no violation."""

import re

from core.models import Partnership
from tests.browser import BROWSER_TEST, log_in
from tests.security import main_pages

pytestmark = BROWSER_TEST

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch(page):
    page.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text)
            if re.search(r"Content.Security.Policy|Refused to", message.text) else None)
    return console


def violations(page):
    return page.evaluate("window.__cspViolations || []")


def test_the_main_pages_break_no_rule_of_the_policy(page):
    console = watch(page)
    log_in(page, "admin", start="/programme/")
    page.wait_for_url(re.compile(r"/accounts/partnership/"))
    page.get_by_label("LLR Better Care Together").check()
    page.get_by_role("button", name=re.compile("Continue|Choose|Switch")).click()
    page.wait_for_url(re.compile(r"/programme/"))
    found = {}
    pages = main_pages(Partnership.objects.get(slug="llr")) + [("API docs", "/api/docs/"), ("admin", "/admin/")]
    for name, path in pages:
        response = page.goto(path)
        assert response.status < 400, f"{name} {path}: {response.status}"
        page.wait_for_load_state("networkidle")
        if name == "API docs":
            page.get_by_text("BCT Portal API").first.wait_for()
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}
    assert console == []
    assert page.errors == []


def test_the_login_page_breaks_no_rule_of_the_policy(page):
    console = watch(page)
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [] and console == [] and page.errors == []
    # The watch itself works: an inline script added to the page is refused and reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in violations(page))
