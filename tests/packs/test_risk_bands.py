"""A pack's risk section in the partnership's own bands (``risks.bands``): the heat map coloured by them and its
note naming them, since they are not PID Appendix 7's."""

import pytest

from core.models import User
from risks.bands import change_bands

from .helpers import pdf_text

pytestmark = pytest.mark.django_db
TRUST = [("red", 15, 25), ("amber", 8, 12), ("yellow", 4, 6), ("green", 1, 3)]


def test_the_risk_section_colours_and_names_the_partnership_bands(next_meeting, rendered, llr):
    meeting = next_meeting("delivery_board")
    default = " ".join(pdf_text(rendered(meeting)).split())
    assert "green 1–7 (PID Appendix 7)" in default
    change_bands(llr, User.objects.get(username="pmo.llr"), TRUST, {"H": 4, "M": 3, "L": 2}, "The trust's bands")
    text = " ".join(pdf_text(rendered(meeting)).split())
    assert "red 15–25, amber 8–12, yellow 4–6, green 1–3: the partnership's risk bands" in text
    assert "15 Amber" in default and "15 Red" in text  # the heat map's cell of likelihood 3 × impact 5
