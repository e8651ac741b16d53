"""Programme finance's words: funding sources, capital or revenue, and the finance RAG."""

from django.db import models

# A budget line sits where a plan item or a benefit does (programme, workstream or project): the same choice set,
# so the API schema names it once.
from benefits.choices import Level
from core.choices import Rag

__all__ = ["FinanceRag", "FundingKind", "Level", "SpendKind"]


class FundingKind(models.TextChoices):
    PARTNER_CONTRIBUTION = "partner", "Partner contribution"
    NATIONAL_FUND = "national", "National transformation fund"
    POOLED_BUDGET = "pooled", "Pooled budget"


class SpendKind(models.TextChoices):
    CAPITAL = "capital", "Capital"
    REVENUE = "revenue", "Revenue"
    NOT_STATED = "not_stated", "Not stated"


# The finance RAG of an outturn against its budget: the three-colour RAG highlight reports use too.
FinanceRag = Rag
