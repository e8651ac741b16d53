"""Real Chromium: each filter of the change log, applied alone from the form, sends only that parameter and
lists the rows the API lists for it (issue 14)."""

import re

from business_cases.models import BusinessCase
from change_control.models import ChangeRequest
from core.models import Partnership
from core.tenancy import tenant_context
from tests.browser import BROWSER_TEST
from tests.filters import check_each_filter_in_browser

pytestmark = BROWSER_TEST


def test_each_change_log_filter_from_the_form(page):
    with tenant_context(Partnership.objects.get(slug="llr")):
        request = ChangeRequest.objects.filter(originator__isnull=False).select_related("originator").first()
        case = BusinessCase.objects.first()  # the demo links no request to a case: link one
        ChangeRequest.objects.filter(pk=request.pk).update(business_case=case)
        texts = {"originator": request.originator.get_full_name(), "search": request.title.split()[0],
                 "business_case": str(case.pk)}
    applied = check_each_filter_in_browser(page, "/changes/", "/api/v1/change-requests/",
                                           re.compile(r"^/changes/(\d+)/$"), texts=texts)
    assert {"kind", "status", "authority", "originator", "business_case"} <= set(applied)
