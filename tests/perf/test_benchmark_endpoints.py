"""What ``make bench`` measures works on the tiny load data: every endpoint answers 200 for the large tenant's
PMO, and on PostgreSQL every floor statement runs and returns rows (the floors are PostgreSQL's SQL)."""

import pytest
from django import forms
from django.db import connection

from core.tenancy import tenant_context
from core.widgets import OptionsSelect
from perf import floor
from perf.endpoints import ENDPOINTS, EXPORT_ENDPOINT, resolve, sample_ids
from programme.models import Project
from risks.filtersets import RiskFilterSet
from risks.models import Risk

pytestmark = pytest.mark.django_db


def test_every_benchmarked_endpoint_answers(load_data, subtests):
    with tenant_context(load_data.tenant):
        ids = sample_ids()
    api, browser = load_data.api(), load_data.browser()
    for endpoint in [*ENDPOINTS, EXPORT_ENDPOINT]:
        with subtests.test(endpoint=endpoint.key):
            client = api if endpoint.api else browser
            url = resolve(endpoint, ids, client.get)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL SQL")
def test_every_floor_runs(load_data, subtests):
    with tenant_context(load_data.tenant):
        ids = sample_ids()
    with connection.cursor() as cursor:
        for key in floor.FLOORS:
            with subtests.test(floor=key):
                _, rows = floor.run(cursor.cursor, key, {"tenant": load_data.tenant.pk, **ids})
                assert rows > 0


def test_the_fast_select_renders_what_djangos_select_renders(load_data, subtests):
    with tenant_context(load_data.tenant):
        chosen = Project.objects.order_by("pk").values_list("pk", flat=True)[3]
        for data in ({}, {"project": str(chosen)}, {"project": "not-a-project"}):
            with subtests.test(data=data):
                form = RiskFilterSet(data, queryset=Risk.objects.all()).form
                form.is_valid()
                field = form.fields["project"]
                attrs = {"class": "nhsuk-select", "aria-describedby": "hint <&> error"}
                field.widget = OptionsSelect(choices=field.choices)
                fast = form["project"].as_widget(attrs=attrs)
                field.widget = forms.Select(choices=field.choices)
                assert form["project"].as_widget(attrs=attrs) == fast


def test_a_walked_endpoint_is_measured_on_the_lists_last_page(load_data):
    with tenant_context(load_data.tenant):
        ids = sample_ids()
        live = Risk.objects.filter(archived=False).count()
    walked = {endpoint.key: endpoint for endpoint in ENDPOINTS if endpoint.walk}
    api, browser = load_data.api(), load_data.browser()
    url = resolve(walked["api.risks_last"], ids, api.get)
    assert "cursor=" in url
    page = api.get(url).json()
    assert page["next"] is None and page["previous"]
    assert 0 < len(page["results"]) <= 100 and live > 100
    url = resolve(walked["page.register_last"], ids, browser.get)
    assert "cursor=" in url and "page_size=100" in url
    html = browser.get(url).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html
