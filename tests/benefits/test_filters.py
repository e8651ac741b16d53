"""The benefits register's filter form sends only what the user chose (issue 14): every select starts blank,
the form submitted untouched lists every benefit, and the owner filter finds people by name."""

import pytest

from benefits.models import Benefit
from tests.filters import assert_blank_form_applies_no_filter, assert_person_filter_finds_by_name

pytestmark = pytest.mark.django_db


def filtered_pks(response):
    return list(response.context["filterset"].qs.values_list("pk", flat=True))


def test_the_blank_form_applies_no_filter(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, "/benefits/", filtered_pks)
    assert {"objective", "double_counting", "restricted", "archived"} <= names


def test_owner_filter_finds_people_by_name(api, in_llr):
    benefits = list(Benefit.objects.filter(archived=False).select_related("owner"))
    assert_person_filter_finds_by_name(api("pmo.llr"), "/api/v1/benefits/", "owner", benefits, lambda b: b.owner)
