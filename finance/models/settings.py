"""The partnership's tolerances for the finance RAG."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.models import TenantModel, tenant_history
from finance.choices import FinanceRag

PERCENT = [MinValueValidator(0, "A tolerance cannot be negative."),
           MaxValueValidator(100, "A tolerance is at most 100 per cent.")]


class FinanceSettings(TenantModel):
    """The finance RAG: the forecast outturn's variance from budget, as a percentage of the budget and either way
    (over or under), is green up to ``amber_beyond_percent``, amber beyond it up to ``red_beyond_percent``, red
    beyond that. Spend or forecast with no budget at all is red. One row per partnership (defaults 5% and 10%)."""

    amber_beyond_percent = models.DecimalField("amber beyond (%)", max_digits=5, decimal_places=2,
                                               default=Decimal("5"), validators=PERCENT)
    red_beyond_percent = models.DecimalField("red beyond (%)", max_digits=5, decimal_places=2,
                                             default=Decimal("10"), validators=PERCENT)

    history = tenant_history()

    class Meta:
        verbose_name = "finance settings"
        verbose_name_plural = "finance settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="finance_settings_one_per_tenant",
                                    violation_error_message="This partnership already has finance settings."),
            models.CheckConstraint(condition=Q(red_beyond_percent__gte=F("amber_beyond_percent")),
                                   name="finance_settings_red_not_below_amber",
                                   violation_error_message="The red tolerance cannot be below the amber one."),
        ]

    def __str__(self):
        return "Finance settings"

    def clean(self):
        if (self.red_beyond_percent is not None and self.amber_beyond_percent is not None
                and self.red_beyond_percent < self.amber_beyond_percent):
            raise ValidationError({"red_beyond_percent": ["The red tolerance cannot be below the amber one."]})

    @classmethod
    def for_tenant(cls, tenant):
        """The partnership's settings; the defaults, unsaved, if it never changed them (reading writes nothing)."""
        tenant_id = getattr(tenant, "pk", tenant)
        return cls.all_tenants.filter(tenant_id=tenant_id).first() or cls(tenant_id=tenant_id)

    def rag(self, budget, outturn):
        """The finance RAG of ``outturn`` against ``budget`` (Decimals)."""
        if not budget:
            return FinanceRag.RED if outturn else FinanceRag.GREEN
        percent = abs(outturn - budget) * 100 / budget
        if percent > self.red_beyond_percent:
            return FinanceRag.RED
        if percent > self.amber_beyond_percent:
            return FinanceRag.AMBER
        return FinanceRag.GREEN
