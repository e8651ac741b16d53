"""Queries per request do not depend on how many rows there are (issue 8), for the lists and pages the apps' own
query-count tests leave out: each list at 1 and at 100 rows, each paged register at 25 and 100 rows, and each
unpaged page and dashboard in the large generated partnership and in a small one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Partnership, User

pytestmark = pytest.mark.django_db

API_LISTS = [
    "risks/", "issues/", "mitigation-actions/", "baf-entries/", "benefits/", "briefs/", "business-cases/",
    "change-requests/", "projects/", "workstreams/", "organisations/", "bodies/", "objectives/", "stages/",
    "plan-items/", "plan-dependencies/",
]
PAGED = ["/risks/", "/risks/issues/", "/benefits/", "/changes/", "/plan/"]
UNPAGED = [
    "/api/v1/risks/heatmap/", "/risks/heat-map/", "/risks/baf/delivery_board/", "/risks/baf/partnership_board/",
    "/cases/", "/cases/awaiting/", "/cases/briefs/", "/programme/", "/programme/inbox/", "/plan/roadmap/",
    "/my-work/", "/finance/", "/finance/capacity/",
]


def queries(client, url):
    client.get(url)  # the token's last-used write and any first-request caching happen here
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response


def test_api_lists_cost_the_same_at_1_and_100_rows(load_data, subtests):
    api = load_data.api()
    for path in API_LISTS:
        with subtests.test(path=path):
            one, _ = queries(api, f"/api/v1/{path}?page_size=1")
            many, response = queries(api, f"/api/v1/{path}?page_size=100")
            assert len(response.json()["results"]) > 1, path
            assert one == many, f"{path}: {one} queries at 1 row, {many} at 100"


def test_paged_registers_cost_the_same_at_25_and_100_rows(load_data, subtests):
    browser = load_data.browser()
    for path in PAGED:
        with subtests.test(path=path):
            small, _ = queries(browser, f"{path}?page_size=25")
            large, _ = queries(browser, f"{path}?page_size=100")
            assert small == large, f"{path}: {small} queries at 25 rows, {large} at 100"


def test_pages_cost_the_same_in_a_large_and_a_small_partnership(load_data, subtests):
    large = load_data.browser()
    small_tenant = Partnership.objects.get(slug=load_data.result.tenants[-1])
    small = type(load_data)(result=load_data.result, tenant=small_tenant,
                            pmo=User.objects.get(username=f"load.{small_tenant.slug.removeprefix('load-')}.pmo"))
    small = small.browser()
    for path in UNPAGED:
        with subtests.test(path=path):
            big_count, _ = queries(large, path)
            small_count, _ = queries(small, path)
            assert big_count == small_count, f"{path}: {big_count} queries in the large partnership, {small_count}"


def test_the_benefits_dashboard_costs_the_same_with_fewer_benefits(load_data):
    """Archiving the benefits no business case claims leaves the double-counting flags (and so the look-ups their
    warnings need) as they were, and a third fewer benefits to tally. Both times the double counting and the
    realisation roll-ups are computed afresh: their versions are bumped (core.derived) before each request, as any
    write to their inputs does (``update()`` sends no signal, so the test bumps them itself)."""
    from benefits.models import Benefit
    from core import derived
    from core.tenancy import tenant_context

    def bump():
        for key in ("benefits.double_counting", "benefits.realisation"):
            derived.bump(load_data.tenant.pk, key)

    def computed():
        bump()
        with CaptureQueriesContext(connection) as captured:
            response = browser.get("/benefits/dashboard/")
        assert response.status_code == 200
        return len(captured)

    browser = load_data.browser()
    browser.get("/benefits/dashboard/")  # the first request's own writes
    before = computed()
    with tenant_context(load_data.tenant):
        unclaimed = Benefit.objects.filter(archived=False, business_cases__isnull=True)
        assert Benefit.objects.filter(pk__in=unclaimed.values("pk")).update(archived=True) > 5
    assert computed() == before
    with CaptureQueriesContext(connection) as cached:
        browser.get("/benefits/dashboard/")
    assert len(cached) < before  # and once computed, both are read from the cache


def test_details_cost_the_same_for_a_busy_and_a_quiet_object(load_data, subtests):
    """A risk with many actions and history rows costs as many queries as one with few."""
    from django.db.models import Count

    from core.tenancy import tenant_context
    from risks.models import Risk

    with tenant_context(load_data.tenant):
        ranked = list(Risk.objects.filter(archived=False, restricted=False).annotate(n=Count("actions"))
                      .order_by("-n", "pk").values_list("pk", "n"))
    (busy, many), (quiet, few) = ranked[0], ranked[-1]
    assert many > few
    api, browser = load_data.api(), load_data.browser()
    for client, template in ((api, "/api/v1/risks/{}/"), (api, "/api/v1/risks/{}/history/"), (browser, "/risks/{}/")):
        with subtests.test(url=template):
            assert queries(client, template.format(busy))[0] == queries(client, template.format(quiet))[0]
