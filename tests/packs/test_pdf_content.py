"""What a rendered pack holds (DOMAIN.md s8), read back from the PDF with pypdf."""

import hashlib

import pytest

from core import registry
from meetings.choices import PackStatus
from risks.choices import Level, RiskStatus
from risks.models import Risk

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def baf_refs(level):
    return list(Risk.objects.filter(level=level, status=RiskStatus.OPEN, archived=False, restricted=False)
                .values_list("ref", flat=True))


def test_delivery_board_pack_holds_its_body_baf_and_papers(next_meeting, rendered):
    meeting = next_meeting("delivery_board")
    pack = rendered(meeting)
    text = pdf_text(pack)

    assert pack.status == PackStatus.READY and pack.progress == 100 and pack.pages >= 5
    assert "Delivery Board" in text
    refs = baf_refs(Level.DELIVERY_BOARD)
    assert refs, "the demo has risks on the Delivery Board BAF"
    for ref in refs:
        assert ref in text
    papers = registry.papers_for(meeting.body)
    assert papers, "the demo has items awaiting the Delivery Board"
    for paper in papers:
        assert paper.title[:30] in " ".join(text.split())
    for heading in ("Cover", "Programme dashboard", "Board Assurance Framework", "Papers for decision",
                    "Issue log extract", "Decisions and actions of the previous meeting", "Benefits"):
        assert heading.lower() in text.lower(), heading


def test_the_stored_bytes_match_the_recorded_checksum(next_meeting, rendered):
    pack = rendered(next_meeting("delivery_board"))
    with pack.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == pack.sha256
    assert len(data) == pack.size


def test_partnership_board_pack_holds_its_own_baf_not_the_delivery_boards_papers(next_meeting, rendered):
    meeting = next_meeting("partnership_board")
    text = pdf_text(rendered(meeting))
    assert "Partnership Board" in text
    for ref in baf_refs(Level.PARTNERSHIP_BOARD):
        assert ref in text
    # Briefs are approved in principle by the Delivery Board, never put to the Partnership Board.
    delivery_papers = registry.papers_for(next_meeting("delivery_board").body)
    briefs = [paper for paper in delivery_papers if paper.source == "business_cases.brief"]
    for brief in briefs:
        assert brief.title not in text


def test_implementation_group_pack_has_no_baf_but_its_top_risks(next_meeting, rendered):
    text = pdf_text(rendered(next_meeting("implementation_group")))
    assert "Implementation Group" in text
    assert "Highest-scored open risks" in text
    top = Risk.objects.filter(level=Level.PROJECT, status=RiskStatus.OPEN, restricted=False,
                              archived=False).order_by("-residual_score", "number").first()
    assert top.ref in text


def test_the_pack_records_its_contents_and_window(next_meeting, rendered):
    pack = rendered(next_meeting("delivery_board"))
    keys = [section["key"] for section in pack.contents]
    assert keys[0] == "cover"
    assert {"dashboard", "risks", "papers", "issues", "previous", "resource"} <= set(keys)
    assert pack.since is not None and pack.since <= pack.meeting.date


def test_restricted_items_never_appear(next_meeting, rendered):
    risk = Risk.objects.filter(level=Level.DELIVERY_BOARD, status=RiskStatus.OPEN).first()
    Risk.objects.filter(pk=risk.pk).update(restricted=True, title="Confidential estates negotiation")
    text = pdf_text(rendered(next_meeting("delivery_board")))
    assert risk.ref not in text
    assert "Confidential estates negotiation" not in text
