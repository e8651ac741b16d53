"""The plan's API (``plan-items/``, ``plan-dependencies/``, ``plan-external-dependencies/``, ``plan-baselines/``,
``plan-settings/``)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from benefits.models import Benefit
from business_cases.models import BusinessCase
from core.api.serializers_base import MemberField, TenantModelSerializer
from plan.models import Baseline, BaselineEntry, ExternalDependency, PlanDependency, PlanItem, PlanSettings


def _visible(serializer, model):
    request = serializer.context.get("request")
    return model.objects.visible_to(request.user) if request is not None else model.objects.none()


class PlanItemSerializer(TenantModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    variance_days = serializers.IntegerField(read_only=True, allow_null=True)
    late = serializers.BooleanField(source="is_late", read_only=True)
    pushed = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id", "ref", "kind", "title", "description", "outputs", "level", "workstream", "project", "stage",
            "owner", "start_date", "baseline_date", "forecast_date", "actual_date", "variance_days", "status", "late",
            "pushed", "delivered_by", "benefits", "business_cases", "change_request", "created", "updated",
        ]
        read_only_fields = ["baseline_date", "change_request"]
        extra_kwargs = {"title": {"allow_blank": False}}

    def get_fields(self):
        fields = super().get_fields()
        fields["benefits"].child_relation.queryset = _visible(self, Benefit)
        fields["business_cases"].child_relation.queryset = _visible(self, BusinessCase)
        return fields

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_pushed(self, item):
        """When predecessors push the item past its dates: ``{"days", "begins", "finishes", "chain"}``, else null."""
        push = self.context.get("slippage", {}).get(item.pk)
        if push is None:
            return None
        return {"days": push.days, "begins": push.begins, "finishes": push.finishes, "chain": push.chain}


class CompleteSerializer(serializers.Serializer):
    actual_date = serializers.DateField(required=False, allow_null=True)


class RebaselineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class PlanDependencySerializer(TenantModelSerializer):
    predecessor_ref = serializers.CharField(source="predecessor.ref", read_only=True)
    successor_ref = serializers.CharField(source="successor.ref", read_only=True)

    class Meta:
        model = PlanDependency
        fields = ["id", "predecessor", "predecessor_ref", "successor", "successor_ref", "type", "lag_days"]


class ExternalDependencySerializer(TenantModelSerializer):
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = ExternalDependency
        fields = ["id", "item", "title", "kind", "owner", "due_date", "met_date", "overdue", "note"]


class BaselineEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = BaselineEntry
        fields = ["item", "ref", "title", "kind", "status", "start_date", "baseline_date"]


class BaselineSerializer(TenantModelSerializer):
    taken_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    entries = BaselineEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Baseline
        fields = ["id", "ref", "label", "reason", "stage", "end_of_stage_report", "taken_by", "taken_at", "entries"]
        read_only_fields = ["reason", "stage", "end_of_stage_report", "taken_at"]
        extra_kwargs = {"label": {"allow_blank": False}}


class CompareRowSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    ref = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    from_date = serializers.DateField(source="from", allow_null=True)
    to_date = serializers.DateField(source="to", allow_null=True)
    moved_days = serializers.IntegerField(allow_null=True)
    change = serializers.ChoiceField(choices=["added", "removed", "moved", "same"])


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    updated = serializers.IntegerField()


class PlanSettingsSerializer(TenantModelSerializer):
    """The partnership's tolerances (``plan-settings/``); a change gives its ``reason``, kept in the history."""

    reason = serializers.CharField(write_only=True, max_length=200,
                                   help_text="Why the tolerances change (kept with who and when in the history).")

    class Meta:
        model = PlanSettings
        fields = ["milestone_tolerance_days", "deliverable_tolerance_days", "step_change_tolerance_days", "reason"]
        extra_kwargs = {name: {"required": True} for name in fields[:3]}  # PUT gives every one; PATCH any
