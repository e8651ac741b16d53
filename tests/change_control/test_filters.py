"""The change log's filter form sends only what the user chose (issue 14): every select starts blank, the form
submitted untouched lists every request, and the "raised by" filter finds people by name."""

import pytest

from change_control.models import ChangeRequest
from tests.filters import assert_blank_form_applies_no_filter, assert_person_filter_finds_by_name

pytestmark = pytest.mark.django_db


def filtered_pks(response):
    return list(response.context["filterset"].qs.values_list("pk", flat=True))


def test_the_blank_form_applies_no_filter(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, "/changes/", filtered_pks)
    assert "originator" in names


def test_originator_filter_finds_people_by_name(api, in_llr):
    requests = list(ChangeRequest.objects.select_related("originator"))
    assert_person_filter_finds_by_name(api("pmo.llr"), "/api/v1/change-requests/", "originator", requests,
                                       lambda c: c.originator)
