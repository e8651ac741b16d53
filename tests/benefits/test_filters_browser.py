"""Real Chromium: each filter of the benefits register, applied alone from the form, sends only that parameter
and lists the rows the API lists for it (issue 14: objective SO4 listed none, the Yes/No selects always sent)."""

import re

from benefits.models import Benefit
from core.models import Partnership
from core.tenancy import tenant_context
from tests.browser import BROWSER_TEST
from tests.filters import check_each_filter_in_browser

pytestmark = BROWSER_TEST


def test_each_benefits_register_filter_from_the_form(page):
    with tenant_context(Partnership.objects.get(slug="llr")):
        benefit = Benefit.objects.filter(archived=False, owner__isnull=False).select_related("owner").first()
        texts = {"owner": benefit.owner.last_name.upper(), "search": benefit.title.split()[0]}
    applied = check_each_filter_in_browser(page, "/benefits/", "/api/v1/benefits/", re.compile(r"^/benefits/(\d+)/$"),
                                           texts=texts)
    assert {"objective", "realisation_rag", "double_counting", "restricted", "archived", "owner"} <= set(applied)
