"""Partner resources' API: ``resource-skills/`` (the partnership's vocabulary), ``resource-pledges/`` (a partner's
post, secondment, backfill or space; ``outcome/`` records its redeployment outcome), ``resource-demands/`` (an
approved case's WTE by skill and quarter; POST one or a list, all or nothing) and ``capacity/`` (pledged against
demanded WTE by skill and quarter, gaps and over-commitment). Lists download as .xlsx or CSV with
``?format=xlsx|csv``."""

from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exports import ExportMixin
from core.api.serializers_base import TenantModelSerializer
from core.api.viewsets import TenantViewSet
from core.exports import XLSX, export_response, wants_export
from finance import capacity, resource_exports, resources
from finance.api.views import BatchMixin
from finance.models import ResourceDemand, ResourcePledge, Skill
from finance.models.resources import Outcome
from finance.resource_filtersets import CapacityForm, DemandFilterSet, PledgeFilterSet


class SkillSerializer(TenantModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "name", "description"]


class PledgeSerializer(TenantModelSerializer):
    class Meta:
        model = ResourcePledge
        fields = ["id", "organisation", "kind", "level", "workstream", "project", "first_quarter", "last_quarter",
                  "wte", "grade", "skill", "person", "person_name", "description", "desks", "rooms", "outcome",
                  "outcome_note", "outcome_recorded", "created"]
        read_only_fields = ["outcome", "outcome_note", "outcome_recorded"]

    def validate(self, attrs):
        # The model's checks (place, period, kind) run in the service, with the pledge as it would be saved.
        return attrs


class DemandSerializer(TenantModelSerializer):
    class Meta:
        model = ResourceDemand
        fields = ["id", "business_case", "project", "skill", "quarter", "wte", "note", "created"]
        read_only_fields = ["project"]

    def validate(self, attrs):
        return attrs


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class SkillViewSet(TenantViewSet):
    """The partnership's skills, which pledges and demands name. The PMO and the Programme Director keep them."""

    serializer_class = SkillSerializer
    queryset = Skill.objects.all()

    def perform_create(self, serializer):
        serializer.instance = resources.create_skill(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = resources.update_skill(serializer.instance, self.request.user,
                                                     **serializer.validated_data)


class PledgeViewSet(ExportMixin, TenantViewSet):
    """Resource a partner organisation pledges to the programme, a workstream or a project, from ``first_quarter``
    to ``last_quarter`` (written ``2026/27 Q1``): people (``post``, ``secondment``, ``backfill``) in ``wte`` with
    one ``skill`` and optionally a named ``person`` (a member's id) or ``person_name``; or ``space``
    (``description``, ``desks``, ``rooms``). A period that has ended, WTE of 0 or less, the last quarter before the
    first, an unknown skill or a place that does not match its level is a 400 naming the field; nothing is saved.
    ``POST outcome/`` records the redeployment outcome (``returned``, ``redeployed`` with ``outcome_note``,
    ``ended``)."""

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = ResourcePledge.objects.all()
    export_slug, export_title, export_columns = "resource-pledges", "Resource pledges", \
        resource_exports.PLEDGE_COLUMNS

    def get_queryset(self):
        return ResourcePledge.objects.select_related("organisation", "skill", "person", "workstream", "project")

    def perform_create(self, serializer):
        serializer.instance = resources.create_pledge(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = resources.update_pledge(serializer.instance, self.request.user,
                                                      **serializer.validated_data)

    @extend_schema(request=OutcomeSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pledge = resources.record_outcome(self.get_object(), request.user, body.validated_data["outcome"],
                                          body.validated_data.get("outcome_note", ""))
        return Response(PledgeSerializer(pledge).data)


class DemandViewSet(BatchMixin, ExportMixin, TenantViewSet):
    """WTE of a skill an approved business case needs in a quarter (``2026/27 Q1``); ``project`` is the case's.
    POST one object or a list: all or nothing; a bad item is a 400 naming it as ``items[index].field``. A case's
    skill and quarter already stated is corrected, not duplicated."""

    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = ResourceDemand.objects.all()
    export_slug, export_title, export_columns = "resource-demands", "Resource demand", \
        resource_exports.DEMAND_COLUMNS
    batch = resources.DEMANDS

    def get_queryset(self):
        return ResourceDemand.objects.select_related("business_case", "project", "skill")

    @extend_schema(request=DemandSerializer(many=True), responses=DemandSerializer(many=True))
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)


class CellSerializer(serializers.Serializer):
    skill = serializers.IntegerField()
    skill_name = serializers.CharField()
    quarter = serializers.CharField()
    pledged_wte = serializers.DecimalField(max_digits=8, decimal_places=2)
    demanded_wte = serializers.DecimalField(max_digits=8, decimal_places=2)
    gap_wte = serializers.DecimalField(max_digits=8, decimal_places=2)
    status = serializers.ChoiceField(choices=[capacity.GAP, capacity.COVERED, capacity.SPARE, capacity.NONE])


class OverCommitmentSerializer(serializers.Serializer):
    person = serializers.CharField()
    quarter = serializers.CharField()
    wte = serializers.DecimalField(max_digits=8, decimal_places=2)
    pledges = serializers.ListField(child=serializers.IntegerField())


class CapacitySerializer(serializers.Serializer):
    quarters = serializers.ListField(child=serializers.CharField())
    results = CellSerializer(many=True)
    gaps = CellSerializer(many=True)
    over_committed = OverCommitmentSerializer(many=True)


class CapacityView(APIView):
    """Pledged against demanded WTE by skill and quarter (every skill with a pledge or demand in view, every
    quarter shown), the gaps (demand above pledged) and people pledged beyond full time; the capacity page's
    figures (README "Partner resources")."""

    def perform_content_negotiation(self, request, force=False):
        if wants_export(request):
            from rest_framework.renderers import JSONRenderer
            return JSONRenderer(), "application/json"
        return super().perform_content_negotiation(request, force)

    @extend_schema(parameters=[OpenApiParameter("workstream", int), OpenApiParameter("project", int),
                               OpenApiParameter("skill", int),
                               OpenApiParameter("from_quarter", str, description="e.g. 2026/27 Q1"),
                               OpenApiParameter("to_quarter", str, description="e.g. 2027/28 Q4"),
                               OpenApiParameter("format", str, enum=["xlsx", "csv"], description="Download instead")],
                   responses={(200, "application/json"): CapacitySerializer, (200, "text/csv"): OpenApiTypes.STR,
                              (200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        form = CapacityForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        found = capacity.compute(**form.arguments())
        if wants_export(request):
            return export_response(request, "capacity", "Capacity, pledged and demanded WTE",
                                   resource_exports.CAPACITY_COLUMNS, found.rows())
        return Response({
            "quarters": found.quarters, "results": [cell.as_dict() for cell in found.rows()],
            "gaps": [cell.as_dict() for cell in found.gaps],
            "over_committed": [{"person": item.person, "quarter": item.quarter, "wte": f"{item.wte:.2f}",
                                "pledges": item.pledges} for item in found.over_committed],
        })
