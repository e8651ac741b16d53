"""Real Chromium: the lessons log's search, applied from the form, sends only ``q`` and lists the lessons the
API lists for it (issue 14)."""

import re

from core.models import Partnership
from core.tenancy import tenant_context
from lifecycle.models import Lesson
from tests.browser import BROWSER_TEST
from tests.filters import check_each_filter_in_browser

pytestmark = BROWSER_TEST


def test_the_lessons_search_from_the_form(page):
    with tenant_context(Partnership.objects.get(slug="llr")):
        word = Lesson.objects.first().title.split()[0]
    applied = check_each_filter_in_browser(page, "/lifecycle/lessons/", "/api/v1/lifecycle/lessons/",
                                           re.compile(r"^/lifecycle/lessons/(\d+)/edit/$"), texts={"q": word},
                                           page_size=200)
    assert applied == ["q"]
