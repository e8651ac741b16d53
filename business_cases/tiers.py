"""The value tiers of business cases and what each document must contain (PID s3.4.2, DOMAIN.md s5).

Pure functions of Decimal values: no database, no floats. Thresholds are per-tenant settings
(``BusinessCaseSettings``) whose defaults are the PID's draft figures: up to and including £250,000
is an RFF; over £250,000 up to and including £500,000 an OBC; over £500,000 an OBC, then an FBC.
"""

from decimal import Decimal, InvalidOperation

from .choices import CaseStatus, Depth, DocumentType, Section, Tier

DEFAULT_RFF_CEILING = Decimal("250000.00")
DEFAULT_OBC_CEILING = Decimal("500000.00")
PENCE = Decimal("0.01")
SECTION_KEYS = tuple(Section.values)
SECTION_MAX_LENGTH = 100_000


class TierError(ValueError):
    """A value, document or section that no tier accepts; the message is fit to show to the user."""


def to_money(value):
    """``value`` as an exact Decimal of pounds and pence. Floats are refused: money is never binary."""
    if isinstance(value, float):
        raise TierError("Give money as a decimal string such as \"250000.00\", not a binary number.")
    if isinstance(value, bool):
        raise TierError("Enter an amount in pounds and pence, for example 250000.00.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "").lstrip("£"))
    except (InvalidOperation, ValueError):
        raise TierError("Enter an amount in pounds and pence, for example 250000.00.") from None
    if not amount.is_finite():
        raise TierError("Enter an amount in pounds and pence, for example 250000.00.")
    if amount != amount.quantize(PENCE):
        raise TierError("Give the amount to the nearest penny (at most two decimal places).")
    return amount.quantize(PENCE)


def tier_for(value, rff_ceiling=DEFAULT_RFF_CEILING, obc_ceiling=DEFAULT_OBC_CEILING):
    """The tier of work worth ``value``: RFF up to and including ``rff_ceiling``, OBC up to and including
    ``obc_ceiling``, OBC then FBC above it. A negative value is refused."""
    amount = to_money(value)
    rff_ceiling, obc_ceiling = to_money(rff_ceiling), to_money(obc_ceiling)
    if rff_ceiling < 0 or obc_ceiling <= rff_ceiling:
        raise TierError("The OBC ceiling must be above the RFF ceiling, and neither may be negative.")
    if amount < 0:
        raise TierError("The value of the work cannot be negative.")
    if amount <= rff_ceiling:
        return Tier.RFF
    if amount <= obc_ceiling:
        return Tier.OBC
    return Tier.OBC_FBC


def documents(tier):
    """The documents a tier needs, in the order they are approved."""
    return {
        Tier.RFF: (DocumentType.RFF,),
        Tier.OBC: (DocumentType.OBC,),
        Tier.OBC_FBC: (DocumentType.OBC, DocumentType.FBC),
    }[Tier(tier)]


def first_document(tier):
    return documents(tier)[0]


def check_document(tier, document_type):
    if DocumentType(document_type) not in documents(tier):
        raise TierError(f"A {Tier(tier).label} case has no {DocumentType(document_type).label}.")


def section_requirements(tier, document_type):
    """{section: Depth} for one document: RFF strategic, financial and management; OBC all five in outline;
    the top tier's OBC all five in outline and its FBC all five in detail."""
    check_document(tier, document_type)
    if DocumentType(document_type) == DocumentType.RFF:
        required = {Section.STRATEGIC, Section.FINANCIAL, Section.MANAGEMENT}
        return {key: (Depth.REQUIRED if key in required else Depth.OPTIONAL) for key in SECTION_KEYS}
    depth = Depth.DETAIL if DocumentType(document_type) == DocumentType.FBC else Depth.OUTLINE
    return {key: depth for key in SECTION_KEYS}


def required_sections(tier, document_type):
    return [key for key, depth in section_requirements(tier, document_type).items() if depth != Depth.OPTIONAL]


def missing_sections(tier, document_type, sections):
    """The required sections whose text is empty (blank or only spaces), in the five-case order."""
    sections = sections or {}
    return [key for key in required_sections(tier, document_type) if not str(sections.get(key) or "").strip()]


def clean_sections(data):
    """Validate a ``{"strategic": "...", ...}`` mapping: known keys only, text values; returns a new dict."""
    if not isinstance(data, dict):
        raise TierError("Give the sections as an object such as {\"strategic\": \"...\"}.")
    unknown = sorted(str(key) for key in data if key not in SECTION_KEYS)
    if unknown:
        raise TierError(
            f"Unknown section{'s' if len(unknown) > 1 else ''} {', '.join(repr(k) for k in unknown)}: "
            f"use {', '.join(SECTION_KEYS)}."
        )
    cleaned = {}
    for key in SECTION_KEYS:
        if key not in data:
            continue
        text = data[key]
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise TierError(f"The {Section(key).label.lower()} must be text.")
        if len(text) > SECTION_MAX_LENGTH:
            raise TierError(f"The {Section(key).label.lower()} is longer than {SECTION_MAX_LENGTH:,} characters.")
        cleaned[key] = text
    return cleaned


def label_list(keys):
    """'Economic case and Commercial case' for an error message."""
    labels = [Section(key).label for key in keys]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


# Who decides ------------------------------------------------------------------------------------

def needs_recommendation(tier):
    """OBCs and FBCs are recommended by the Delivery Board and approved by the Partnership Board; an RFF is
    decided by the Delivery Board alone."""
    return Tier(tier) != Tier.RFF


def deciding_process(tier):
    """The RACI process whose A decides a case of this tier."""
    return "approve_rff" if Tier(tier) == Tier.RFF else "approve_obc_fbc"


def awaiting_board(tier, status):
    """The board a case is waiting for, or None."""
    from .choices import Board

    if status == CaseStatus.SUBMITTED:
        return Board.DELIVERY_BOARD
    if status == CaseStatus.RECOMMENDED and needs_recommendation(tier):
        return Board.PARTNERSHIP_BOARD
    return None


# No authority without approval ------------------------------------------------------------------

def authorises_initiation(tier, document_type, status, obc_approved):
    """An approved RFF or OBC (or the approved OBC of a top-tier case now writing its FBC) lets a project
    leave Starting Up for Initiating. A withdrawn case authorises nothing: its resources are released."""
    if status == CaseStatus.WITHDRAWN:
        return False
    if status == CaseStatus.APPROVED and document_type in (DocumentType.RFF, DocumentType.OBC):
        return True
    return bool(obc_approved) or (status == CaseStatus.APPROVED and document_type == DocumentType.FBC)


def authorises_delivery(tier, document_type, status):
    """Delivery needs the last document of the tier approved: the FBC for the top tier, else the RFF or OBC."""
    if status != CaseStatus.APPROVED:
        return False
    return DocumentType(document_type) == documents(tier)[-1]
