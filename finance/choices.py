"""Programme finance's words: funding sources, capital or revenue, and the finance RAG."""

from django.db import models

# A budget line sits where a plan item or a benefit does (programme, workstream or project): the same choice set,
# so the API schema names it once.
from benefits.choices import Level
from core.choices import Rag

__all__ = ["FinanceRag", "FundingKind", "GradeBand", "Level", "PledgeKind", "RedeploymentOutcome", "SpendKind"]


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


# Partner resources (finance.models.resources).
class PledgeKind(models.TextChoices):
    POST = "post", "Post"
    SECONDMENT = "secondment", "Secondment"
    BACKFILL = "backfill", "Backfill"
    SPACE = "space", "Space"




class GradeBand(models.TextChoices):
    NOT_STATED = "", "Not stated"
    BAND_2 = "2", "AfC Band 2"
    BAND_3 = "3", "AfC Band 3"
    BAND_4 = "4", "AfC Band 4"
    BAND_5 = "5", "AfC Band 5"
    BAND_6 = "6", "AfC Band 6"
    BAND_7 = "7", "AfC Band 7"
    BAND_8A = "8a", "AfC Band 8a"
    BAND_8B = "8b", "AfC Band 8b"
    BAND_8C = "8c", "AfC Band 8c"
    BAND_8D = "8d", "AfC Band 8d"
    BAND_9 = "9", "AfC Band 9"


class RedeploymentOutcome(models.TextChoices):
    NONE = "", "Not recorded"
    RETURNED = "returned", "Returned to partner"
    REDEPLOYED = "redeployed", "Redeployed"
    ENDED = "ended", "Ended"
