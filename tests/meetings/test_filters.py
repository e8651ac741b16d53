"""The actions log's API filters (issue 14): a blank value is "not chosen", and the owner filter finds people by
name as well as by username. (The actions log has no browser filter form.)"""

import pytest

from meetings.models import MeetingAction
from tests.filters import api_ids, assert_person_filter_finds_by_name

pytestmark = pytest.mark.django_db

PATH = "/api/v1/meeting-actions/"


def test_blank_filters_apply_no_filter(api, in_llr):
    client = api("pmo.llr")
    everything = api_ids(client, PATH, {})
    assert everything
    assert api_ids(client, PATH, dict.fromkeys(["meeting", "body", "status", "owner", "due_before"], "")) == everything


def test_owner_filter_finds_people_by_name(api, in_llr):
    actions = list(MeetingAction.objects.select_related("owner"))
    assert_person_filter_finds_by_name(api("pmo.llr"), PATH, "owner", actions, lambda a: a.owner)
