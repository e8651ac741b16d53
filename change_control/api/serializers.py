"""The change-requests API (API.md ``change-requests/``): the request, and the payload of each workflow step."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from business_cases.models import BusinessCase
from change_control.choices import Decision, Kind, Priority
from change_control.models import ChangeRequest
from core.api.serializers_base import FastReadMixin, TenantModelSerializer
from meetings.api.serializers import BoardDecisionSerializer
from programme.models import Project, Workstream
from risks.models import Risk

IMPACT_AREAS = ("programme", "business_case", "benefits", "risks", "resources")
NULL_WHEN_BLANK = ("authority", "decision", "priority")


def _user(**kwargs):
    # allow_null: the step's user is empty until the step is taken (and the schema must say so).
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


class ImpactSerializer(serializers.Serializer):
    """The assessment's five areas of impact (PID s4.7 step 2)."""

    programme = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    business_case = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    benefits = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    risks = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    resources = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class RequestUserMixin:
    """Related choices the caller may see: business cases (restricted ones only to those allowed) and risks."""

    def visible(self, model):
        request = self.context.get("request")
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)


class ChangeRequestSerializer(FastReadMixin, RequestUserMixin, TenantModelSerializer):
    originator = _user()
    assessed_by = _user()
    proposed_by = _user()
    decided_by = _user()
    implemented_by = _user()
    impact = serializers.SerializerMethodField()
    successor = serializers.SerializerMethodField()
    linked_risks = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequest
        fields = [
            "id", "ref", "version", "predecessor", "successor", "kind", "title", "description", "workstream",
            "project", "business_case", "originator", "status", "authority", "referred_up", "cost_impact",
            "time_impact_days", "changes_stage_or_objective", "changes_business_case_tier", "impact", "priority",
            "linked_risks", "assessed_by", "assessed_at", "proposal", "proposed_by", "proposed_at", "decision",
            "rationale", "decided_by", "decided_at", "implementation_note", "implemented_by", "implemented_at",
            "created", "updated",
        ]
        extra_kwargs = {"title": {"allow_blank": False}, "description": {"allow_blank": False}}

    def get_fields(self):
        fields = super().get_fields()
        fields["business_case"].queryset = self.visible(BusinessCase)
        fields["workstream"].queryset = Workstream.objects.all()
        fields["project"].queryset = Project.objects.all()
        for name in NULL_WHEN_BLANK:  # read-only; documents the null to_representation answers for a blank
            fields[name].allow_null = True
        return fields

    @extend_schema_field(ImpactSerializer)
    def get_impact(self, change_request):
        return {area: getattr(change_request, f"impact_{area}") for area in IMPACT_AREAS}

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_linked_risks(self, change_request):
        """Ids of the linked risks, from the list the view prefetched when there is one (see views)."""
        rows = change_request.__dict__.get("prefetched_linked_risks")
        if rows is None:
            rows = change_request.linked_risks.all()
        return [risk.pk for risk in rows]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_successor(self, change_request):
        successor = getattr(change_request, "successor", None)
        return successor.pk if successor is not None else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in NULL_WHEN_BLANK:
            if data.get(name) == "":
                data[name] = None
        return data


class AssessSerializer(RequestUserMixin, serializers.Serializer):
    cost_impact = serializers.DecimalField(max_digits=14, decimal_places=2)
    time_impact_days = serializers.IntegerField(required=False, allow_null=True, min_value=-36500, max_value=36500)
    changes_stage_or_objective = serializers.BooleanField(required=False, default=False)
    changes_business_case_tier = serializers.BooleanField(required=False, default=False)
    impact = ImpactSerializer(required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_blank=True, default="")
    linked_risks = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Risk.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        fields["linked_risks"].child_relation.queryset = self.visible(Risk)
        return fields


class ProposeSerializer(serializers.Serializer):
    proposal = serializers.CharField(max_length=10000)


class DecideSerializer(BoardDecisionSerializer):
    """The decision and its rationale; for a request the Delivery Board decides, also how the board decided
    (``decided_at_meeting``, or ``chairs_action`` with ``reason``; ``conditions``, ``interests``), which a person's
    decision does not need."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    rationale = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class ImplementSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class ResubmitSerializer(RequestUserMixin, serializers.Serializer):
    """What changes in the new version; anything left out is copied from the deferred request."""

    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=20000, required=False)
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all(), required=False, allow_null=True)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)
    business_case = serializers.PrimaryKeyRelatedField(queryset=BusinessCase.objects.none(), required=False,
                                                       allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["business_case"].queryset = self.visible(BusinessCase)
        return fields
