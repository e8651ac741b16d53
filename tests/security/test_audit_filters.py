"""The audit trail's filter form sends only what the user chose (issue 14): its select starts with "Any" and,
submitted blank, the form lists every event."""

import pytest

from tests.filters import assert_blank_form_applies_no_filter

pytestmark = pytest.mark.django_db


def test_the_blank_form_applies_no_filter(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, "/audit/",
                                                lambda response: [event.pk for event in response.context["events"]])
    assert {"kind", "user", "start", "end"} <= names
