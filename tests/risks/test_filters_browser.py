"""Real Chromium: each filter of the risk register and the issue log, applied alone from the form, sends only
that parameter and lists the rows the API lists for it (issue 14)."""

import re

from core.models import Partnership
from core.tenancy import tenant_context
from risks.models import Issue, Risk
from tests.browser import BROWSER_TEST
from tests.filters import check_each_filter_in_browser

pytestmark = BROWSER_TEST


def _owner_and_word(model):
    with tenant_context(Partnership.objects.get(slug="llr")):
        item = model.objects.filter(archived=False, owner__isnull=False).select_related("owner").first()
        return item.owner.get_full_name(), item.title.split()[0]


def test_each_risk_register_filter_from_the_form(page):
    owner, word = _owner_and_word(Risk)
    applied = check_each_filter_in_browser(page, "/risks/", "/api/v1/risks/", re.compile(r"^/risks/(\d+)/$"),
                                           texts={"owner": owner, "search": word})
    assert {"category", "overdue", "residual_likelihood", "archived", "owner", "search"} <= set(applied)


def test_each_issue_log_filter_from_the_form(page):
    owner, word = _owner_and_word(Issue)
    applied = check_each_filter_in_browser(page, "/risks/issues/", "/api/v1/issues/",
                                           re.compile(r"^/risks/issues/(\d+)/$"),
                                           texts={"owner": owner, "search": word})
    assert {"priority", "archived", "owner", "search"} <= set(applied)
