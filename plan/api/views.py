"""The plan's API: items with their actions, dependencies, external dependencies, baselines (with compare) and the
partnership's tolerances."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import imports as staging
from core.api.serializers_base import ChangeLogEntrySerializer
from core.api.settings import SettingsView
from core.api.viewsets import TenantViewSet
from core.history import change_log
from plan import import_apply, imports, roadmap, roadmap_data, services, tolerances
from plan.filtersets import PlanDependencyFilterSet, PlanItemFilterSet
from plan.models import Baseline, ExternalDependency, PlanDependency, PlanItem
from plan.roadmap_data import RoadmapFilterSet
from plan.rules import CHANGE_SETTINGS

from . import serializers

MIN_WIDTH, MAX_WIDTH = 600, 3000


def item_queryset():
    return PlanItem.objects.select_related("owner").prefetch_related("delivered_by", "benefits", "business_cases")


class PlanItemViewSet(TenantViewSet):
    """Milestones, deliverables and step-changes of the Programme Plan at programme, workstream and project level
    (PID s3.4.1). The PMO and the Programme Director manage programme-level items; a workstream's lead and a
    project's manager their own. ``variance_days`` is the forecast (or actual) less the current baseline; ``pushed``
    names the chain of predecessors whose forecasts push the item past its own dates. A forecast slip beyond the
    partnership's tolerance raises a change request (``change_request``); approving it re-baselines the item."""

    serializer_class = serializers.PlanItemSerializer
    filterset_class = PlanItemFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = PlanItem.objects.all()

    def get_queryset(self):
        return item_queryset()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["slippage"] = services.slippage()
        return context

    def perform_create(self, serializer):
        serializer.instance = services.create_item(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_item(serializer.instance, self.request.user, **serializer.validated_data)

    def _respond(self, item):
        return Response(self.get_serializer(item_queryset().get(pk=item.pk)).data)

    @extend_schema(request=serializers.CompleteSerializer, responses=serializers.PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record the item as complete on ``actual_date`` (today if left out; never in the future)."""
        item = self.get_object()
        body = serializers.CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.complete_item(item, request.user, body.validated_data.get("actual_date")))

    @extend_schema(
        request={"multipart/form-data": serializers.ImportSerializer}, responses=serializers.ImportResultSerializer,
        parameters=[OpenApiParameter("dry_run", bool, description="true: answer what it would do and write nothing")])
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_plan(self, request):
        """Import the plan from a spreadsheet of the export's shape (``file``: .xlsx or CSV; items and their external
        dependencies, the browser's import). The same preview as the browser's: with ``?dry_run=true`` the answer
        lists what would be added, changed (old → new), left unchanged and refused, and nothing is written; without,
        the file is applied all or nothing. A refused row is a 400 naming its row and column; nothing is saved."""
        summary, _ = staging.api_import(
            request, lambda upload: imports.preview(upload, request.user, request.tenant),
            lambda preview: import_apply.apply(preview, request.user, request.tenant),
            "Attach the plan as a file (.xlsx or CSV) in the field 'file'.")
        return Response(serializers.ImportResultSerializer(summary).data)

    @extend_schema(request=serializers.RebaselineSerializer, responses=serializers.PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def baseline(self, request, pk=None):
        """Re-baseline this item at its forecast (the PMO or the Programme Director)."""
        item = self.get_object()
        body = serializers.RebaselineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data.get("reason") or "Re-baselined by the PMO"
        return self._respond(services.rebaseline_item(item, request.user, reason))

    @extend_schema(request=None, responses=ChangeLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded change to the item (who, when, what), oldest first."""
        return Response(ChangeLogEntrySerializer(change_log(self.get_object()), many=True).data)


class PlanDependencyViewSet(mixins.DestroyModelMixin, TenantViewSet):
    """Typed dependencies between plan items (finish-to-start, start-to-start, finish-to-finish, with a lag in
    days). A dependency that would close a cycle is refused with the cycle named ("PI-0003 → PI-0007 → PI-0003")."""

    serializer_class = serializers.PlanDependencySerializer
    filterset_class = PlanDependencyFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = PlanDependency.objects.all()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return PlanDependency.objects.select_related("predecessor", "successor")

    def perform_create(self, serializer):
        serializer.instance = services.add_dependency(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_dependency(serializer.instance, self.request.user,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        services.remove_dependency(instance, self.request.user)


class ExternalDependencyViewSet(TenantViewSet):
    """What a plan item waits for outside the programme: another programme, a national decision, a partner's
    procurement; with its owner and due date."""

    serializer_class = serializers.ExternalDependencySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["item", "kind"]
    queryset = ExternalDependency.objects.all()

    def get_queryset(self):
        return ExternalDependency.objects.select_related("item")

    def perform_create(self, serializer):
        serializer.instance = services.add_external(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_external(serializer.instance, self.request.user,
                                                       **serializer.validated_data)


class BaselineViewSet(TenantViewSet):
    """Baselines of the plan, newest first: one is taken when an end-of-stage report is approved, and by the PMO
    on demand (POST ``{"label"}``). Each keeps every item's date; ``compare/?from=&to=`` lines two up item by item."""

    serializer_class = serializers.BaselineSerializer
    queryset = Baseline.objects.all()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Baseline.objects.select_related("taken_by").prefetch_related("entries")

    def perform_create(self, serializer):
        serializer.instance = services.take_baseline(self.request.user, serializer.validated_data["label"])

    @extend_schema(parameters=[OpenApiParameter("from", int, required=True, description="The earlier baseline's id"),
                               OpenApiParameter("to", int, required=True, description="The later baseline's id")],
                   responses=serializers.CompareRowSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def compare(self, request):
        """Item by item, each item's date in baseline ``from`` and in baseline ``to``, and how far it moved."""
        chosen, errors = {}, {}
        for name in ("from", "to"):
            value = request.query_params.get(name, "")
            if not value.isdigit():
                errors[name] = ["Give the id of a baseline of this partnership."]
                continue
            chosen[name] = Baseline.objects.filter(pk=int(value)).first()
            if chosen[name] is None:
                errors[name] = [f"There is no baseline {value} in this partnership."]
        if errors:
            raise ValidationError(errors)
        rows = services.compare(chosen["from"], chosen["to"])
        return Response(serializers.CompareRowSerializer(rows, many=True).data, status=status.HTTP_200_OK)


class RoadmapSvgView(APIView):
    """The programme roadmap as an SVG image (``image/svg+xml``): the same drawing as ``/plan/roadmap/``, with its
    filters ``workstream`` (id), ``objective`` (id) and ``from``/``to`` (YYYY-MM-DD, the chart's window). A bad
    filter answers 400 with the errors by field. ``width`` (600 to 3000 px) sizes it; 1512 fits A3 landscape."""

    @extend_schema(
        parameters=[OpenApiParameter("workstream", int), OpenApiParameter("objective", int),
                    OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
                    OpenApiParameter("width", int)],
        responses={(200, "image/svg+xml"): OpenApiResponse(description="An accessible SVG Gantt chart."),
                   400: OpenApiResponse(description="The filters' errors, by field.")})
    def get(self, request):
        filterset = RoadmapFilterSet(request.query_params, queryset=PlanItem.objects.all(), request=request)
        start, end = filterset.window()
        errors = dict(filterset.form.errors)
        width = request.query_params.get("width", str(roadmap.DEFAULT_WIDTH))
        if not width.isdigit() or not MIN_WIDTH <= int(width) <= MAX_WIDTH:
            errors["width"] = [f"Give a whole number of pixels from {MIN_WIDTH} to {MAX_WIDTH}."]
        if errors:
            return JsonResponse(errors, status=400)
        today = timezone.localdate()
        bars, arrows = roadmap_data.bars_and_arrows(filterset.qs, today)
        return HttpResponse(roadmap.render_roadmap(bars, arrows, today, start, end, width=int(width)),
                            content_type="image/svg+xml; charset=utf-8")


class PlanSettingsView(SettingsView):
    """The partnership's tolerances, one object per partnership: how many days a milestone's, deliverable's or
    step-change's forecast may slip past its baseline before a change request is proposed (PID s4.7). Every member
    reads them; the PMO and the Programme Director change them (PUT or PATCH, with the ``reason`` for the change)."""

    serializer_class = serializers.PlanSettingsSerializer
    permission = CHANGE_SETTINGS
    verb = tolerances.VERB

    def current(self):
        return tolerances.current()
