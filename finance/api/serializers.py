"""Finance's API (``funding-sources/``, ``budget-lines/``, ``actuals/``, ``budgets/``, ``forecasts/``,
``finance-settings/``)."""

from rest_framework import serializers

from core.api.serializers_base import TenantModelSerializer
from finance.models import Actual, BudgetLine, FinanceSettings, FundingSource

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class FundingSourceSerializer(TenantModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "name", "kind", "organisation", "notes"]


class BudgetLineSerializer(TenantModelSerializer):
    signed_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "level", "workstream", "project", "funding_source", "financial_year", "quarter", "phase",
                  "spend_kind", "amount", "reduces", "signed_amount", "description", "source_note", "business_case",
                  "change_request", "created"]
        read_only_fields = ["business_case", "change_request"]


class ActualSerializer(TenantModelSerializer):
    class Meta:
        model = Actual
        fields = ["id", "project", "organisation", "month", "spend_kind", "amount", "reference", "created"]

    def validate(self, attrs):
        # The model's checks run in the service, item by item, so a batch names each bad item once.
        return attrs


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual = serializers.DecimalField(max_digits=16, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=2)
    outturn = serializers.DecimalField(max_digits=16, decimal_places=2)
    variance = serializers.DecimalField(max_digits=16, decimal_places=2)
    variance_percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    rag = serializers.ChoiceField(choices=["green", "amber", "red"])


class SummarySerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=["workstream", "project", "partner", "year", "level", "programme"])
    results = FigureSerializer(many=True)


class ActualsImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ActualsImportResultSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(help_text="Months of spend written (0 with dry_run).")
    added = serializers.IntegerField(help_text="Months of spend added (or that would be).")
    changed = serializers.IntegerField(help_text="Months already recorded whose amount or reference changed.")
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField(help_text="True: nothing was written.")
    changes = serializers.ListField(child=serializers.DictField(), required=False,
                                    help_text="With dry_run: each changed row's ref, row and {field: [old, new]}.")


class FinanceSettingsSerializer(TenantModelSerializer):
    """The partnership's finance tolerances (``finance-settings/``); a change gives its ``reason``, kept in the
    history."""

    reason = serializers.CharField(write_only=True, max_length=200,
                                   help_text="Why the tolerances change (kept with who and when in the history).")

    class Meta:
        model = FinanceSettings
        fields = ["amber_beyond_percent", "red_beyond_percent", "reason"]
        extra_kwargs = {name: {"required": True} for name in fields[:2]}  # PUT gives both; PATCH either
