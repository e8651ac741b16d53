"""The consultation API (issue 21): ``service-changes/`` (filters, ``?format=xlsx|csv`` export, ``history/``,
``four-tests/`` and ``assurance.pdf``), ``four-tests/`` (assess; ``evidence/`` to attach evidence) and
``test-evidence/`` (list, add, remove). Every step runs through ``engagement.consultation``."""

from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.exports import ExportMixin
from core.api.serializers_base import ChangeLogEntrySerializer
from core.api.viewsets import TenantViewSet
from engagement import assurance, consultation, consultation_exports
from engagement.consultation_filters import ServiceChangeFilterSet
from engagement.consultation_views import history_of
from engagement.models import FourTest, TestEvidence

from . import consultation_serializers as serializers


def tests_queryset():
    return FourTest.objects.select_related("service_change").prefetch_related(
        "evidence__activity", "evidence__decision__meeting__body", "evidence__decision__body")


class ServiceChangeViewSet(ExportMixin, TenantViewSet):
    """Service changes and their consultation tracker (PID s4.2). Creating one makes its Four Tests, each not
    evidenced until evidence is attached. Dates out of order (an end before its start, formal consultation starting
    before pre-consultation engagement ends) are a 400 naming the field; nothing is saved. Recorded by those who
    "engage stakeholders" (Appendix 3: Programme Director R, the Delivery Board and the PMO C)."""

    serializer_class = serializers.ServiceChangeSerializer
    filterset_class = ServiceChangeFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = consultation_exports.register_queryset()
    export_slug, export_title, export_columns = "service-changes", "Service changes", consultation_exports.COLUMNS

    def get_queryset(self):
        return consultation_exports.register_queryset().prefetch_related("risks")

    def perform_create(self, serializer):
        serializer.instance = consultation.create_service_change(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = consultation.update_service_change(serializer.instance, self.request.user,
                                                                 **serializer.validated_data)

    def _respond(self, change, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=change.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self._respond(serializer.instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self._respond(serializer.instance)

    @extend_schema(request=None, responses=ChangeLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded change to the service change, its tests' assessments and their evidence, newest first."""
        return Response(ChangeLogEntrySerializer(history_of(self.get_object()), many=True).data)

    @extend_schema(request=None, responses=serializers.FourTestSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="four-tests", pagination_class=None, filter_backends=[])
    def four_tests(self, request, pk=None):
        """The change's Four Tests in PID s4.2's order, each with its assessment and evidence (``evidenced`` false
        for a test with none: never left out)."""
        change = self.get_object()
        tests = sorted(tests_queryset().filter(service_change=change),
                       key=lambda test: assurance.TEST_ORDER.get(test.test, 99))
        return Response(serializers.FourTestSerializer(tests, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="assurance.pdf", pagination_class=None, filter_backends=[])
    def assurance_pdf(self, request, pk=None):
        """The Four Tests assurance report as a PDF: every claim linked to its evidence; a test without evidence
        printed "Not evidenced"."""
        change = self.get_object()
        data = assurance.render_pdf(change, request.build_absolute_uri("/").rstrip("/"))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{assurance.filename(change)}"'
        return response


class FourTestViewSet(TenantViewSet):
    """The Four Tests of each service change (made with it; never added or removed). PATCH ``assessment``; POST
    ``evidence/`` to attach a piece of evidence. Filter by ``service_change``."""

    serializer_class = serializers.FourTestSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["service_change", "test"]
    queryset = FourTest.objects.all()
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return tests_queryset().order_by("service_change", "pk")

    def create(self, request, *args, **kwargs):
        return Response({"detail": "The Four Tests are made with their service change."},
                        status=status.HTTP_405_METHOD_NOT_ALLOWED)

    def perform_update(self, serializer):
        serializer.instance = consultation.assess_test(serializer.instance, self.request.user,
                                                       serializer.validated_data.get("assessment", ""))

    @extend_schema(request=serializers.AddEvidenceSerializer, responses={201: serializers.TestEvidenceSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """Attach evidence: ``kind`` with what it needs (an engagement record its ``activity``, a commissioners'
        decision its meeting ``decision``, clinical evidence or a document its ``title``); a 400 names what is
        missing and nothing is saved."""
        four_test = self.get_object()
        body = serializers.AddEvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = consultation.add_evidence(four_test, request.user, **body.validated_data)
        return Response(serializers.TestEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class TestEvidenceViewSet(mixins.DestroyModelMixin, TenantViewSet):
    """The evidence of the Four Tests: list (filter ``four_test``, ``kind``), add (as ``four-tests/{id}/evidence/``)
    and remove (DELETE; the history keeps that it was there)."""

    serializer_class = serializers.TestEvidenceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["four_test", "kind"]
    queryset = TestEvidence.objects.all()
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return TestEvidence.objects.select_related("four_test").order_by("pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = consultation.add_evidence(data.pop("four_test"), request.user, **data)
        return Response(self.get_serializer(evidence).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        consultation.remove_evidence(instance, self.request.user)


def register(router):
    router.register("service-changes", ServiceChangeViewSet, basename="service-change")
    router.register("four-tests", FourTestViewSet, basename="four-test")
    router.register("test-evidence", TestEvidenceViewSet, basename="test-evidence")
