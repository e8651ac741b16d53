"""The pipeline's and the briefs' filter forms send only what the user chose (issue 14): every select starts
blank, the form submitted untouched lists every case, and the author filter finds people by name."""

import pytest

from business_cases.models import BusinessCase
from tests.filters import assert_blank_form_applies_no_filter, assert_person_filter_finds_by_name

pytestmark = pytest.mark.django_db


def filtered_pks(response):
    return list(response.context["filterset"].qs.values_list("pk", flat=True))


@pytest.mark.parametrize("url", ["/cases/", "/cases/briefs/"])
def test_the_blank_form_applies_no_filter(client, persona, in_llr, url):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, url, filtered_pks)
    assert "author" in names


def test_author_filter_finds_people_by_name(api, in_llr):
    client = api("pmo.llr")
    cases = [case for case in BusinessCase.objects.select_related("author")
             if case.pk in {row["id"] for row in client.get("/api/v1/business-cases/?page_size=500").json()["results"]}]
    assert_person_filter_finds_by_name(client, "/api/v1/business-cases/", "author", cases, lambda c: c.author)
