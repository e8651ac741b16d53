"""Real Chromium: each filter of the business case pipeline and the briefs list, applied alone from the form,
sends only that parameter and lists the rows the API lists for it (issue 14: the blank form listed one case)."""

import re

from business_cases.models import Brief, BusinessCase
from core.models import Partnership
from core.tenancy import tenant_context
from tests.browser import BROWSER_TEST
from tests.filters import check_each_filter_in_browser

pytestmark = BROWSER_TEST


def llr():
    return tenant_context(Partnership.objects.get(slug="llr"))


def test_each_pipeline_filter_from_the_form(page):
    with llr():
        case = BusinessCase.objects.filter(author__isnull=False, value__gt=0).select_related("author").first()
        value = str(int(case.value))
        texts = {"author": case.author.get_full_name(), "search": case.title.split()[0], "value_min": value,
                 "value_max": value}
    applied = check_each_filter_in_browser(page, "/cases/", "/api/v1/business-cases/", re.compile(r"^/cases/(\d+)/$"),
                                           texts=texts, page_size=10_000)
    assert {"tier", "document_type", "awaiting", "restricted", "author", "value_min"} <= set(applied)


def test_each_briefs_filter_from_the_form(page):
    with llr():
        brief = Brief.objects.filter(author__isnull=False).select_related("author").first()
        texts = {"author": brief.author.first_name.lower(), "search": brief.title.split()[0]}
    applied = check_each_filter_in_browser(page, "/cases/briefs/", "/api/v1/briefs/",
                                           re.compile(r"^/cases/briefs/(\d+)/$"), texts=texts, page_size=10_000)
    assert {"status", "kind", "author"} <= set(applied)
