"""Finance's API: funding sources, budget lines and actuals (POST one or a list, all or nothing), and the
summaries ``budgets/`` (by workstream, project, partner, year, level or the whole programme) and ``forecasts/``
(outturn by financial year). Lists download as .xlsx or CSV with ``?format=xlsx|csv`` (their filters applied)."""

from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import imports as staging
from core.api.exports import ExportMixin
from core.api.settings import SettingsView
from core.api.viewsets import TenantViewSet
from core.exports import XLSX, export_response, wants_export
from finance import exports, import_apply, imports, services, settings_views, summary
from finance.filtersets import GROUPINGS, ActualFilterSet, BudgetLineFilterSet, SummaryForm
from finance.models import Actual, BudgetLine, FundingSource
from finance.rules import CHANGE_SETTINGS

from . import serializers


class BatchMixin:
    """POST one object or a list, recorded all or nothing by ``services.record_batch`` (``batch``): a bad item is a
    400 naming it as ``items[index].field``; a row whose key exists is corrected, not duplicated. PUT and PATCH
    correct a row the same way."""

    batch = None  # services.Batch

    def create(self, request, *args, **kwargs):
        many = isinstance(request.data, list)
        items = request.data if many else [request.data]
        errors, valid = {}, []
        for index, item in enumerate(items):
            body = self.get_serializer(data=item)
            if body.is_valid():
                valid.append(body.validated_data)
            else:
                errors.update({f"items[{index}].{name}": messages for name, messages in body.errors.items()})
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        saved = services.record_batch(request.user, valid, self.batch)
        data = self.get_serializer(saved, many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        current = serializer.instance
        values = {name: getattr(current, name) for name in self.batch.fields}
        values.update(serializer.validated_data)
        serializer.instance = services.record_batch(self.request.user, [values], self.batch)[0]


class FundingSourceViewSet(TenantViewSet):
    """Where programme money comes from: partner contributions (naming the organisation), national transformation
    funds and pooled budgets. The PMO and the Programme Director keep them."""

    serializer_class = serializers.FundingSourceSerializer
    queryset = FundingSource.objects.all()
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["kind", "organisation"]


class BudgetLineViewSet(ExportMixin, TenantViewSet):
    """The funding envelope: amounts by financial year (and quarter), capital, revenue or not stated, at programme,
    workstream or project level. An approved business case's costs become its project's baseline (``business_case``);
    an approved change request with a cost impact adds an adjusting line (``change_request``, ``reduces`` for a
    saving). The PMO and the Programme Director add and change lines."""

    serializer_class = serializers.BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = BudgetLine.objects.all()
    export_slug, export_title, export_columns = "budget-lines", "Budget lines", exports.LINE_COLUMNS

    def get_queryset(self):
        return BudgetLine.objects.select_related("workstream", "project", "funding_source", "business_case",
                                                 "change_request")

    def perform_create(self, serializer):
        serializer.instance = services.create_line(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_line(serializer.instance, self.request.user,
                                                   **serializer.validated_data)


class ActualViewSet(BatchMixin, ExportMixin, TenantViewSet):
    """Actual spend per project, partner organisation and month (``month``: any day of it; kept as its first).
    POST one object or a list: all or nothing; a bad item is a 400 naming it as ``items[index].field``. A month
    already recorded for the project, organisation and kind is corrected, not duplicated. ``import/`` takes a
    partner's ledger extract (.xlsx or CSV, README "Programme finance")."""

    serializer_class = serializers.ActualSerializer
    filterset_class = ActualFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = Actual.objects.all()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    export_slug, export_title, export_columns = "actuals", "Actual spend", exports.ACTUAL_COLUMNS
    batch = services.ACTUALS

    def get_queryset(self):
        return Actual.objects.select_related("project", "organisation")

    @extend_schema(request=serializers.ActualSerializer(many=True), responses=serializers.ActualSerializer(many=True))
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": serializers.ActualsImportSerializer},
                   responses=serializers.ActualsImportResultSerializer,
                   parameters=[OpenApiParameter("dry_run", bool,
                                                description="true: answer what it would do and write nothing")])
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_actuals(self, request):
        """Import a ledger extract (``file``: .xlsx or CSV with the columns Month, Project, Organisation, Amount,
        Capital/Revenue, Reference). The same preview as the browser's: with ``?dry_run=true`` the answer lists what
        would be added, changed (old → new), left unchanged and refused, and nothing is written; without, the file is
        applied all or nothing. A refused row is a 400 naming its row and column; nothing is saved."""
        result, done = staging.api_import(
            request, lambda upload: imports.preview(upload, request.user),
            lambda preview: import_apply.apply(preview, request.user, request.tenant),
            "Attach the ledger extract as a file (.xlsx or CSV) in the field 'file'.")
        result["recorded"] = len(done["added"]) + len(done["changed"]) if done else 0
        return Response(serializers.ActualsImportResultSerializer(result).data)


SUMMARY_RESPONSES = {(200, "application/json"): serializers.SummarySerializer,
                     (200, "text/csv"): OpenApiTypes.STR, (200, XLSX): OpenApiTypes.BINARY}
SUMMARY_PARAMETERS = [OpenApiParameter("workstream", int), OpenApiParameter("project", int),
                      OpenApiParameter("organisation", int, description="A partner organisation's id"),
                      OpenApiParameter("financial_year", str, description="e.g. 2026/27"),
                      OpenApiParameter("format", str, enum=["xlsx", "csv"], description="Download instead")]


class SummaryView(APIView):
    by = None
    slug = title = ""

    def perform_content_negotiation(self, request, force=False):
        if wants_export(request):
            return JSONRenderer(), "application/json"
        return super().perform_content_negotiation(request, force)

    def get(self, request):
        form = SummaryForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        cells, by = summary.from_form(form, request.tenant)
        by = self.by or by
        rows = summary.build(by, cells=cells, tenant=request.tenant)
        if wants_export(request):
            heading = dict(GROUPINGS)[by]
            return export_response(request, self.slug, self.title, exports.summary_columns(heading), rows)
        return Response({"by": by, "results": [row.as_dict() for row in rows]})


class BudgetSummaryView(SummaryView):
    """Budget against actual and forecast outturn, grouped ``by`` workstream (default), project, partner, year,
    level or the whole programme; with the variance and the finance RAG (README "Programme finance": outturn =
    actual to date + the budget of the quarters not yet ended; RAG on the variance's percentage of budget against
    the partnership's tolerances)."""

    slug, title = "budgets", "Budget, actual and forecast"

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=[key for key, _ in GROUPINGS]),
                               *SUMMARY_PARAMETERS], responses=SUMMARY_RESPONSES)
    def get(self, request):
        return super().get(request)


class ForecastView(SummaryView):
    """Forecast outturn by UK financial year (actual to date + the budget still to spend), against budget."""

    by, slug, title = "year", "forecasts", "Forecast outturn by year"

    @extend_schema(parameters=SUMMARY_PARAMETERS, responses=SUMMARY_RESPONSES)
    def get(self, request):
        return super().get(request)


class FinanceSettingsView(SettingsView):
    """The partnership's finance tolerances, one object per partnership: the forecast outturn's variance from budget
    (either way, as a percentage of budget) beyond which the finance RAG is amber, and red. Every member reads them;
    the PMO and the Programme Director change them (PUT or PATCH, with the ``reason`` for the change)."""

    serializer_class = serializers.FinanceSettingsSerializer
    permission = CHANGE_SETTINGS
    verb = settings_views.VERB

    def current(self):
        return settings_views.current()
