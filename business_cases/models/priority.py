"""Prioritisation scores on the agreed criteria (PID s3.4.2, 'Programme Control')."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from business_cases.choices import Criterion
from core.models import TenantModel, tenant_history

SCORE_VALIDATORS = [
    MinValueValidator(1, "Score each criterion from 1 (weakest) to 5 (strongest)."),
    MaxValueValidator(5, "Score each criterion from 1 (weakest) to 5 (strongest)."),
]
CRITERIA = tuple(Criterion.values)


def score_field(criterion):
    return models.PositiveSmallIntegerField(Criterion(criterion).label, validators=SCORE_VALIDATORS)


class PrioritisationScore(TenantModel):
    """One assessor's scores of one case, 1 to 5 on each of the six criteria, with a comment."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    business_need = score_field(Criterion.BUSINESS_NEED)
    strategic_fit = score_field(Criterion.STRATEGIC_FIT)
    value_for_money = score_field(Criterion.VALUE_FOR_MONEY)
    affordability = score_field(Criterion.AFFORDABILITY)
    clinical_quality = score_field(Criterion.CLINICAL_QUALITY)
    access = score_field(Criterion.ACCESS)
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    history = tenant_history()

    class Meta:
        ordering = ["case", "scored_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "scorer"], name="prioritisation_score_one_per_scorer",
                                    violation_error_message=("You have already scored this case: change your score "
                                                             "instead.")),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                       name=f"prioritisation_{name}_1_5",
                                       violation_error_message=(f"Score {Criterion(name).label.lower()} from 1 "
                                                                "(weakest) to 5 (strongest)."))
                for name in CRITERIA
            ],
        ]

    def __str__(self):
        return f"{self.scorer} on {self.case}: {self.total}"

    def raci_scope(self):
        return self.case.raci_scope()

    @property
    def total(self):
        return sum(getattr(self, name) or 0 for name in CRITERIA)
