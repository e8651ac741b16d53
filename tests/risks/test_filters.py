"""The risk register's and the issue log's filter forms send only what the user chose (issue 14): every select
starts blank, the form submitted untouched lists every row, and the owner filter finds people by name."""

import pytest

from risks.models import Issue, Risk
from tests.filters import assert_blank_form_applies_no_filter, assert_person_filter_finds_by_name

pytestmark = pytest.mark.django_db


def filtered_pks(response):
    return list(response.context["filterset"].qs.values_list("pk", flat=True))


@pytest.mark.parametrize("url", ["/risks/", "/risks/issues/", "/risks/heat-map/"])
def test_the_blank_form_applies_no_filter(client, persona, in_llr, url):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, url, filtered_pks)
    assert {"owner", "archived"} <= names


def test_risk_owner_filter_finds_people_by_name(api, in_llr):
    risks = list(Risk.objects.live().select_related("owner"))
    assert_person_filter_finds_by_name(api("pmo.llr"), "/api/v1/risks/", "owner", risks, lambda r: r.owner,
                                       extra_names=lambda r: r.owner_name)


def test_issue_owner_filter_finds_people_by_name(api, in_llr):
    issues = list(Issue.objects.filter(archived=False).select_related("owner"))
    assert_person_filter_finds_by_name(api("pmo.llr"), "/api/v1/issues/", "owner", issues, lambda i: i.owner,
                                       extra_names=lambda i: i.owner_name)


def test_the_register_page_finds_an_owner_by_name(client, persona, in_llr):
    owned = Risk.objects.live().filter(owner__isnull=False).select_related("owner").first()
    client.force_login(persona("pmo.llr"))
    response = client.get("/risks/", data={"owner": owned.owner.get_full_name().lower()})
    assert owned.pk in filtered_pks(response)
    assert not response.context["filterset"].errors
