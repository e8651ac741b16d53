"""The Delivery Board pack's stakeholder section: the power/interest grid with its table and the influential
stakeholders below target, never any personal data."""

import pytest
from django.template.loader import render_to_string

from core import registry
from engagement.pack_sections import stakeholders as section
from meetings.models import Meeting
from programme.choices import BodyKind

pytestmark = pytest.mark.django_db


def context(llr, kind, today):
    meeting = Meeting.objects.filter(body__kind=kind).select_related("body").order_by("date").last()
    return registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=today, today=meeting.date)


def test_registered_for_the_delivery_board_only(in_llr):
    found = {s.key: s for s in registry.sections()}["engagement_stakeholders"]
    assert found.bodies == frozenset({BodyKind.DELIVERY_BOARD}) or set(found.bodies) == {BodyKind.DELIVERY_BOARD}


def test_the_section_draws_the_grid_and_lists_support_to_win(in_llr, llr, make, today):
    win = make.stakeholder("Scrutiny to win", influence=5, interest=4, current_support="resistant",
                           target_support="supportive", email="secret@example.org", contact_name="Jo Secret")
    make.stakeholder("Already there", influence=5, current_support="leading", target_support="supportive")
    built = section.stakeholders_section(context(llr, BodyKind.DELIVERY_BOARD, today))
    names = [s.name for s in built["to_win"]]  # the demo's stakeholders below target are listed too
    assert "Scrutiny to win" in names and "Already there" not in names
    assert "<svg" in built["figure"].svg and any(row[0] == f"{win.ref} {win.name}" for row in built["figure"].rows)
    html = render_to_string("engagement/stakeholder_pack_section.html", built)
    assert "Scrutiny to win" in html and "<table>" in html
    assert "secret@example.org" not in html and "Jo Secret" not in html
