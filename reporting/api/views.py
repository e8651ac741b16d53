"""The highlight reports' API: the reports with their workflow actions and a ``prefill/`` read, and the live
programme dashboard (``dashboard/``)."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import TenantViewSet
from core.exceptions import Invalid
from programme.models import Project, Workstream
from reporting import dashboard, services
from reporting.filtersets import HighlightReportFilterSet
from reporting.models import HighlightReport

from . import serializers


def report_queryset():
    return HighlightReport.objects.select_related("workstream", "project")


class HighlightReportViewSet(TenantViewSet):
    """Highlight reports per project and per workstream on the partnership's reporting cycle (PID s3). A new
    report is pre-filled from the plan and the registers with a suggested RAG per dimension; commentary is required
    wherever a RAG is amber or red or differs from its suggestion. The project manager (a workstream's lead) writes
    and submits it; the workstream SRO signs it off or returns it with a reason; nobody signs off their own."""

    serializer_class = serializers.HighlightReportSerializer
    filterset_class = HighlightReportFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = HighlightReport.objects.all()

    def get_queryset(self):
        return report_queryset()

    def perform_create(self, serializer):
        serializer.instance = services.create_report(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_report(serializer.instance, self.request.user,
                                                     **serializer.validated_data)

    def _respond(self, report):
        return Response(self.get_serializer(report_queryset().get(pk=report.pk)).data)

    @extend_schema(request=None, responses=serializers.HighlightReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit for the SRO's sign-off (a draft or returned report)."""
        return self._respond(services.submit(self.get_object(), request.user))

    @extend_schema(request=None, responses=serializers.HighlightReportSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        """Sign off a submitted report (the workstream SRO; never its author): it is then frozen."""
        return self._respond(services.sign_off(self.get_object(), request.user))

    @extend_schema(request=serializers.ReportReasonSerializer, responses=serializers.HighlightReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """Return a submitted report to its author with a ``reason`` (required)."""
        body = serializers.ReportReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.return_report(self.get_object(), request.user, body.validated_data["reason"]))

    @extend_schema(request=serializers.ReportReasonSerializer, responses=serializers.HighlightReportSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Start the next version of a signed-off report, a draft copy (the signed-off one is kept as it was)."""
        body = serializers.ReportReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.reopen(self.get_object(), request.user, body.validated_data["reason"]))

    @extend_schema(parameters=[serializers.PrefillQuerySerializer], responses=serializers.HighlightReportSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def prefill(self, request):
        """The report a ``project`` (or ``workstream``) would start with for ``period`` (the current one by
        default): the registers' facts, the suggested RAGs and the forecasts. Nothing is saved."""
        query = serializers.PrefillQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        project = workstream = None
        if values.get("project"):
            project = get_object_or_404(Project.objects.select_related("workstream"), pk=values["project"])
        elif values.get("workstream"):
            workstream = get_object_or_404(Workstream.objects.all(), pk=values["workstream"])
        else:
            raise Invalid({"project": ["Give the project (or the workstream) to pre-fill a report for."]})
        report = services.new_report(request.user, project, workstream, values.get("period"))
        return Response(self.get_serializer(report).data)


class DashboardView(APIView):
    """The live programme dashboard: every workstream (then its projects) with its latest signed-off RAGs and
    trend, late milestones, worst open risk, benefit realisation and the state of its current report. Filters:
    ``workstream`` and ``objective`` (ids), ``rag`` (the overall RAG)."""

    @extend_schema(parameters=[OpenApiParameter("workstream", int), OpenApiParameter("objective", int),
                               OpenApiParameter("rag", str, enum=["red", "amber", "green"])],
                   responses=serializers.DashboardSerializer)
    def get(self, request):
        form = dashboard.DashboardFilterForm(request.query_params)
        if not form.is_valid():
            raise Invalid({field: list(errors) for field, errors in form.errors.items()})
        rows, period, due = dashboard.build(**form.cleaned_data)
        return Response({"period": period, "due": due,
                         "rows": serializers.DashboardRowSerializer(rows, many=True).data})
