"""Enumerations of the benefits register, in the PID's words (DOMAIN.md s6, PID s4.3)."""

from django.db import models


class BenefitType(models.TextChoices):
    CASHABLE = "cashable", "Cashable financial"
    NON_CASHABLE = "non_cashable", "Non-cashable financial"
    NON_FINANCIAL = "non_financial", "Non-financial (quality, experience)"


FINANCIAL_TYPES = (BenefitType.CASHABLE, BenefitType.NON_CASHABLE)


class PeriodKind(models.TextChoices):
    """How a benefit's profile is divided. Quarters and years are UK financial ones (April to March)."""

    MONTH = "month", "Month"
    QUARTER = "quarter", "Financial quarter"
    FINANCIAL_YEAR = "financial_year", "Financial year"


class RealisationStage(models.TextChoices):
    """PID s4.3: planning, delivering change, realising, and embedding the new configuration."""

    PLANNING = "planning", "Planning"
    DELIVERING_CHANGE = "delivering_change", "Delivering change"
    REALISING = "realising", "Realising"
    EMBEDDED = "embedded", "Embedded"


class RealisationRag(models.TextChoices):
    """Actual against plan (DOMAIN.md s6 default: >= 95% Green, 80-95% Amber, below 80% Red)."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_MEASURED = "not_measured", "Not yet measured"


class Trend(models.TextChoices):
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    STEADY = "steady", "Steady"


class Level(models.TextChoices):
    """Where a benefit sits, derived from its projects and workstream; it decides who may edit it."""

    PROJECT = "project", "Project"
    WORKSTREAM = "workstream", "Workstream"
    PROGRAMME = "programme", "Programme"
