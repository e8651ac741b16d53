"""The lessons log's search form sends only what the user chose (issue 14): submitted blank, it lists every
lesson."""

import pytest

from tests.filters import assert_blank_form_applies_no_filter

pytestmark = pytest.mark.django_db


def test_the_blank_search_applies_no_filter(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    names = assert_blank_form_applies_no_filter(client, "/lifecycle/lessons/",
                                                lambda response: [lesson.pk for lesson in response.context["lessons"]])
    assert names == {"q"}
