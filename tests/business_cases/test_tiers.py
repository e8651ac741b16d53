"""The value tiers (PID s3.4.2, DOMAIN.md s5) as pure functions: boundaries, documents and sections."""

from decimal import Decimal

import pytest

from business_cases import tiers
from business_cases.choices import CaseStatus, Depth, DocumentType, Tier

RFF, OBC, TOP = Tier.RFF, Tier.OBC, Tier.OBC_FBC


@pytest.mark.parametrize(("value", "tier"), [
    ("0", RFF), ("0.00", RFF), ("0.01", RFF), ("1", RFF), ("249999.99", RFF), ("250000", RFF), ("250000.00", RFF),
    ("250000.01", OBC), ("250001", OBC), ("499999.99", OBC), ("500000.00", OBC), ("500000", OBC),
    ("500000.01", TOP), ("500001", TOP), ("2273100.00", TOP), ("999999999999.99", TOP),
])
def test_default_tier_boundaries(value, tier):
    assert tiers.tier_for(Decimal(value)) == tier
    assert tiers.tier_for(value) == tier  # a decimal string is read exactly too


@pytest.mark.parametrize("value", ["-0.01", "-1", "-250000.00"])
def test_a_negative_value_is_refused(value):
    with pytest.raises(tiers.TierError, match="cannot be negative"):
        tiers.tier_for(Decimal(value))


@pytest.mark.parametrize("value", [250000.0, 0.1, 1e6])
def test_floats_are_refused(value):
    with pytest.raises(tiers.TierError, match="not a binary number"):
        tiers.tier_for(value)


@pytest.mark.parametrize("value", ["250000.001", "abc", "", "NaN", "Infinity", True])
def test_money_must_be_pounds_and_pence(value):
    with pytest.raises(tiers.TierError):
        tiers.to_money(value)


def test_to_money_is_exact():
    assert tiers.to_money("£2,273,100") == Decimal("2273100.00")
    assert str(tiers.to_money(Decimal("0.1") + Decimal("0.2"))) == "0.30"


@pytest.mark.parametrize(("value", "tier"), [
    ("100000.00", RFF), ("100000.01", OBC), ("1000000.00", OBC), ("1000000.01", TOP),
])
def test_per_tenant_thresholds(value, tier):
    assert tiers.tier_for(Decimal(value), Decimal("100000"), Decimal("1000000")) == tier


@pytest.mark.parametrize(("rff", "obc"), [("500000", "250000"), ("250000", "250000"), ("-1", "10")])
def test_thresholds_must_be_ordered(rff, obc):
    with pytest.raises(tiers.TierError):
        tiers.tier_for(Decimal("1"), Decimal(rff), Decimal(obc))


def test_documents_by_tier():
    assert tiers.documents(RFF) == (DocumentType.RFF,)
    assert tiers.documents(OBC) == (DocumentType.OBC,)
    assert tiers.documents(TOP) == (DocumentType.OBC, DocumentType.FBC)
    assert [tiers.first_document(t) for t in (RFF, OBC, TOP)] == [DocumentType.RFF, DocumentType.OBC,
                                                                   DocumentType.OBC]


@pytest.mark.parametrize(("tier", "document", "required", "depth"), [
    (RFF, DocumentType.RFF, ["strategic", "financial", "management"], Depth.REQUIRED),
    (OBC, DocumentType.OBC, ["strategic", "economic", "commercial", "financial", "management"], Depth.OUTLINE),
    (TOP, DocumentType.OBC, ["strategic", "economic", "commercial", "financial", "management"], Depth.OUTLINE),
    (TOP, DocumentType.FBC, ["strategic", "economic", "commercial", "financial", "management"], Depth.DETAIL),
])
def test_required_sections_by_tier_and_document(tier, document, required, depth):
    assert tiers.required_sections(tier, document) == required
    requirements = tiers.section_requirements(tier, document)
    assert {key for key, d in requirements.items() if d == depth} == set(required)
    assert {key for key, d in requirements.items() if d == Depth.OPTIONAL} == set(tiers.SECTION_KEYS) - set(required)


@pytest.mark.parametrize(("tier", "document"), [
    (RFF, DocumentType.OBC), (RFF, DocumentType.FBC), (OBC, DocumentType.RFF), (OBC, DocumentType.FBC),
    (TOP, DocumentType.RFF),
])
def test_documents_that_do_not_belong_to_a_tier(tier, document):
    with pytest.raises(tiers.TierError):
        tiers.section_requirements(tier, document)


def test_missing_sections_counts_blank_text_as_missing():
    sections = {"strategic": "Why", "financial": "   ", "economic": "Options"}
    assert tiers.missing_sections(RFF, DocumentType.RFF, sections) == ["financial", "management"]
    assert tiers.missing_sections(OBC, DocumentType.OBC, sections) == ["commercial", "financial", "management"]
    assert tiers.label_list(["financial", "management"]) == "Financial case and Management case"


def test_clean_sections():
    assert tiers.clean_sections({"strategic": "A", "economic": None}) == {"strategic": "A", "economic": ""}
    with pytest.raises(tiers.TierError, match="'benefits'"):
        tiers.clean_sections({"strategic": "A", "benefits": "B"})
    with pytest.raises(tiers.TierError, match="must be text"):
        tiers.clean_sections({"strategic": 3})
    with pytest.raises(tiers.TierError):
        tiers.clean_sections(["strategic"])


def test_who_decides():
    assert (tiers.deciding_process(RFF), tiers.needs_recommendation(RFF)) == ("approve_rff", False)
    assert (tiers.deciding_process(OBC), tiers.needs_recommendation(OBC)) == ("approve_obc_fbc", True)
    assert tiers.awaiting_board(RFF, CaseStatus.SUBMITTED) == "delivery_board"
    assert tiers.awaiting_board(TOP, CaseStatus.RECOMMENDED) == "partnership_board"
    assert tiers.awaiting_board(OBC, CaseStatus.APPROVED) is None


@pytest.mark.parametrize(("tier", "document", "status", "obc_approved", "initiate", "deliver"), [
    (RFF, "rff", "approved", False, True, True),
    (RFF, "rff", "submitted", False, False, False),
    (OBC, "obc", "approved", False, True, True),
    (OBC, "obc", "recommended", False, False, False),
    (TOP, "obc", "approved", True, True, False),
    (TOP, "fbc", "draft", True, True, False),
    (TOP, "fbc", "submitted", True, True, False),
    (TOP, "fbc", "approved", True, True, True),
    (TOP, "fbc", "withdrawn", True, False, False),
    (RFF, "rff", "withdrawn", False, False, False),
    (OBC, "obc", "rejected", False, False, False),
])
def test_authority(tier, document, status, obc_approved, initiate, deliver):
    assert tiers.authorises_initiation(tier, document, status, obc_approved) is initiate
    assert tiers.authorises_delivery(tier, document, status) is deliver
