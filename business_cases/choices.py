"""Enumerations of briefs and business cases, in the PID's words (DOMAIN.md s5, PID s3.4.2)."""

from django.db import models


class Tier(models.TextChoices):
    """The kind of case a piece of work needs, by its value (the PID's draft tiers)."""

    RFF = "rff", "Request for Funding"
    OBC = "obc", "Outline Business Case"
    OBC_FBC = "obc_fbc", "Outline then Full Business Case"


class DocumentType(models.TextChoices):
    RFF = "rff", "Request for Funding (RFF)"
    OBC = "obc", "Outline Business Case (OBC)"
    FBC = "fbc", "Full Business Case (FBC)"


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RECOMMENDED = "recommended", "Recommended"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States from which a case may still be stopped (its resources released).
WITHDRAWABLE = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED, CaseStatus.APPROVED)
AWAITING_A_BOARD = (CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED)


class Section(models.TextChoices):
    """The Treasury Green Book's five cases."""

    STRATEGIC = "strategic", "Strategic case"
    ECONOMIC = "economic", "Economic case"
    COMMERCIAL = "commercial", "Commercial case"
    FINANCIAL = "financial", "Financial case"
    MANAGEMENT = "management", "Management case"


class Depth(models.TextChoices):
    """How much of a section a document must hold."""

    REQUIRED = "required", "Required"
    OUTLINE = "outline", "Required in outline"
    DETAIL = "detail", "Required in detail"
    OPTIONAL = "optional", "Not required"


class BriefKind(models.TextChoices):
    WORKSTREAM = "workstream", "New workstream"
    PROJECT = "project", "New project"


class BriefStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved in principle"
    REJECTED = "rejected", "Rejected"


class MoneyKind(models.TextChoices):
    COST = "cost", "Cost"
    SAVING = "saving", "Saving"


class Funding(models.TextChoices):
    CAPITAL = "capital", "Capital"
    REVENUE = "revenue", "Revenue"
    NOT_STATED = "not_stated", "Capital or revenue not stated"  # the source does not say (seed 004 Tables 6–8)


class Criterion(models.TextChoices):
    """The agreed prioritisation criteria (PID s3.4.2, 'Programme Control')."""

    BUSINESS_NEED = "business_need", "Business need"
    STRATEGIC_FIT = "strategic_fit", "Strategic fit"
    VALUE_FOR_MONEY = "value_for_money", "Return on investment and value for money"
    AFFORDABILITY = "affordability", "Affordability and achievability"
    CLINICAL_QUALITY = "clinical_quality", "Impact on clinical quality"
    ACCESS = "access", "Impact on access"


class Board(models.TextChoices):
    DELIVERY_BOARD = "delivery_board", "Delivery Board"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board"
