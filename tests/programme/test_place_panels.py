"""A workstream's and a project's page show their own plan, risks, issues, benefits, business cases and change
requests (issue 17), each panel registered by its app (``core.registry.register_place_panel``), counted as the
register filtered to the place counts, linked to that filtered register, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import User
from core.tenancy import tenant_context
from programme.models import Project, Workstream

pytestmark = pytest.mark.django_db

POA = "Integrating LLR Points of Access"
# panel title -> the register it links to
PANELS = {"Plan": "/plan/", "Open risks": "/risks/", "Open issues": "/risks/issues/", "Benefits": "/benefits/",
          "Business cases": "/cases/", "Change requests": "/changes/", "Resource pledges": "/finance/resources/"}


def browser(username="pmo.llr"):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def places(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name="Urgent Care"), Project.objects.get(name=POA)


def panel_counts(html):
    return {title.strip(): int(count) for title, count in
            re.findall(r'<h2 id="panel-[^"]*">([^<]*)<strong class="nhsuk-tag nhsuk-tag--grey">(\d+)</strong>', html)}


@pytest.mark.parametrize("which", ["workstream", "project"])
def test_each_register_has_a_panel_linked_to_the_register_filtered_to_the_place(places, which):
    place = places[0] if which == "workstream" else places[1]
    html = browser().get(f"/programme/{which}s/{place.pk}/").content.decode()
    counts = panel_counts(html)
    assert set(counts) == set(PANELS)
    assert counts["Open risks"] > 0 and counts["Plan"] > 0 and counts["Change requests"] > 0
    for title, register in PANELS.items():
        assert re.search(rf'href="{re.escape(register)}\?{which}={place.pk}[&"]', html), title


def test_a_panels_count_is_what_the_filtered_register_lists(llr, places):
    from risks.choices import RiskStatus
    from risks.filtersets import RiskFilterSet
    from risks.models import Risk

    workstream, project = places
    client = browser()
    for which, place in (("workstream", workstream), ("project", project)):
        counts = panel_counts(client.get(f"/programme/{which}s/{place.pk}/").content.decode())
        with tenant_context(llr):
            user = User.objects.get(username="pmo.llr")
            listed = RiskFilterSet({which: place.pk, "status": RiskStatus.OPEN},
                                   queryset=Risk.objects.visible_to(user)).qs.count()
        assert counts["Open risks"] == listed
        page = client.get(f"/risks/?{which}={place.pk}&status=open").content.decode()
        assert re.search(rf"\b{listed} risks?\.", page)


def test_a_restricted_risk_is_counted_only_for_those_who_may_read_it(llr, places):
    from risks.models import Risk

    _, project = places
    with tenant_context(llr):
        risk = Risk.objects.filter(project=project, status="open", restricted=False).order_by("number").first()
        Risk.objects.filter(pk=risk.pk).update(restricted=True)
    url = f"/programme/projects/{project.pk}/"
    pmo, viewer = browser().get(url).content.decode(), browser("viewer.uhl.llr").get(url).content.decode()
    assert panel_counts(viewer)["Open risks"] == panel_counts(pmo)["Open risks"] - 1


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_for_a_busy_and_a_quiet_place(llr, places):
    workstream, project = places
    with tenant_context(llr):
        quiet_workstream = Workstream.objects.exclude(pk=workstream.pk).filter(projects__isnull=True).first()
        quiet_project = Project.objects.exclude(pk=project.pk).order_by("-pk").first()
    client = browser()
    assert queries(client, f"/programme/workstreams/{workstream.pk}/") == queries(
        client, f"/programme/workstreams/{quiet_workstream.pk}/")
    assert queries(client, f"/programme/projects/{project.pk}/") == queries(
        client, f"/programme/projects/{quiet_project.pk}/")
