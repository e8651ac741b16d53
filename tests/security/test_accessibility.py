"""axe-core (from the npm registry, node_modules/axe-core) checks the main pages in real Chromium:
no serious or critical WCAG 2.2 AA violation."""

import json
import re
from pathlib import Path

import pytest

from core.models import Partnership
from tests.browser import BROWSER_TEST, OFF_SITE, log_in
from tests.security import main_pages

pytestmark = BROWSER_TEST

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = "axe.run({runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})"


@pytest.fixture
def axe_page(page, live_server):
    """A page whose context bypasses the Content-Security-Policy, so axe can be injected as a script tag."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm ci")
    context = page.context.browser.new_context(base_url=live_server.url, bypass_csp=True)
    axe_page = context.new_page()
    axe_page.route(OFF_SITE, lambda route: route.abort())
    yield axe_page
    context.close()


def serious_violations(page):
    if page.evaluate("typeof axe === 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "where": [", ".join(node["target"]) for node in v["nodes"][:5]]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def test_the_login_page(axe_page):
    axe_page.goto("/accounts/login/")
    assert serious_violations(axe_page) == []
    # And with its error summary showing.
    axe_page.get_by_role("button", name="Log in").click()
    axe_page.wait_for_load_state()
    assert serious_violations(axe_page) == []
    # The check itself works: an image with no text alternative is a critical violation.
    axe_page.evaluate("() => { const i = document.createElement('img'); i.src = '/static/none.png';"
                      " document.querySelector('main').appendChild(i); }")
    assert [v["rule"] for v in serious_violations(axe_page)] == ["image-alt"]


def test_the_main_pages(axe_page):
    log_in(axe_page, "pmo.llr")
    axe_page.wait_for_url(re.compile(r"/programme/"))
    found = {}
    for name, path in main_pages(Partnership.objects.get(slug="llr")):
        response = axe_page.goto(path)
        assert response.status == 200, f"{name}: {response.status}"
        axe_page.wait_for_load_state("networkidle")
        problems = serious_violations(axe_page)
        if problems:
            found[f"{name} {path}"] = problems
    assert found == {}, json.dumps(found, indent=1)


def test_the_two_factor_step(axe_page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.models import User

    TOTPDevice.objects.create(user=User.objects.get(username="director.llr"), name="phone", confirmed=True)
    log_in(axe_page, "director.llr")
    axe_page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    assert serious_violations(axe_page) == []
