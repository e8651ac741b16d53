"""The lifecycle API (``/api/v1/lifecycle/...``): every Appendix 3 process as an action, stages and end-of-stage
reports, starting and closing workstreams and projects, programme closure, EIAs, quality and lessons.

Errors as everywhere (API.md): 400 field messages, 403 naming the allowed roles, 409 when the item's state
forbids the step.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import TenantViewSet
from core.exceptions import Invalid
from core.history import change_log
from core.models import RaciEntry
from lifecycle import assurance, permissions, services
from lifecycle.models import (
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    LifecycleAction,
    ProgrammeClosure,
    QualityCriterion,
)
from lifecycle.workflows import NOT_STARTED
from meetings.api.serializers import board_data
from meetings.decisions import HowDecided
from programme.models import Project, Workstream

from .serializers import (
    CloseSerializer,
    ClosureStepSerializer,
    CommentSerializer,
    EiaDecisionSerializer,
    EiaSerializer,
    EndOfStageReportSerializer,
    LessonSerializer,
    LifecycleActionSerializer,
    PerformSerializer,
    ProcessDecisionSerializer,
    ProcessSerializer,
    ProgrammeClosureSerializer,
    QualityCriterionSerializer,
    QualityReviewSerializer,
    RaciEntrySerializer,
    ReportDecisionSerializer,
    ReviewInputSerializer,
    StageCloseSerializer,
    StartProjectSerializer,
    StartWorkstreamSerializer,
)

HOW_FIELDS = ("decided_at_meeting", "chairs_action", "reason", "conditions", "interests")


def split_how(data):
    """A step's validated body without how the board decided, and that (``HowDecided``)."""
    data = dict(data)
    how = HowDecided.from_data(data)
    for name in HOW_FIELDS:
        data.pop(name, None)
    return data, how


# Processes ----------------------------------------------------------------------------------------------------


class ProcessViewSet(viewsets.ViewSet):
    """The PID Appendix 3 processes, each with the tenant's RACI letters and what the caller may do (what was
    done: ``actions/?process=<key>``; the letters themselves: ``raci/``).
    ``perform`` needs R; ``decide`` (approve or reject the latest performed, or the ``action`` given) needs A, or, of
    a process the PID gives to a board, the board's chair or the PMO with how the board decided;
    ``comment`` (on the latest performed, or the ``action`` given) needs C. C and I roles are told of each action."""

    lookup_field = "key"
    lookup_value_regex = "[a-z0-9_]+"

    def _process(self, key):
        if key not in permissions.PROCESS_NAMES:
            from django.http import Http404
            raise Http404
        return key

    def _describe(self, group, key, name):
        letters = dict(RaciEntry.objects.filter(process=key).exclude(letters="").values_list("role", "letters"))
        may_perform, may_decide, may_comment = services.may(self.request.user, key)
        return {"key": key, "name": name, "group": group, "letters": letters, "may_perform": may_perform,
                "may_decide": may_decide, "may_comment": may_comment}

    def _act(self, request, key, body_serializer, service, board=False):
        """Validate the body, run the process step ``service`` as the caller, answer the action recorded (201).
        ``board``: the step takes how a board decided (``how``)."""
        self._process(key)
        data = board_data(request, body_serializer)
        if board:
            data, how = split_how(data)
            data["how"] = how
        done = service(request.user, key, **data)
        return Response(LifecycleActionSerializer(done).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ProcessSerializer(many=True), operation_id="v1_lifecycle_processes_list")
    def list(self, request):
        return Response([self._describe(*row) for row in permissions.processes()])

    @extend_schema(responses=ProcessSerializer, operation_id="v1_lifecycle_processes_retrieve")
    def retrieve(self, request, key=None):
        self._process(key)
        return Response(next(self._describe(*row) for row in permissions.processes() if row[1] == key))

    @extend_schema(request=PerformSerializer, responses={201: LifecycleActionSerializer})
    @action(detail=True, methods=["post"])
    def perform(self, request, key=None):
        return self._act(request, key, PerformSerializer, services.perform)

    @extend_schema(request=ProcessDecisionSerializer, responses={201: LifecycleActionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, key=None):
        return self._act(request, key, ProcessDecisionSerializer, services.decide, board=True)

    @extend_schema(request=CommentSerializer, responses={201: LifecycleActionSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, key=None):
        return self._act(request, key, CommentSerializer, services.comment)


class RaciEntryViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The tenant's RACI matrix, one cell per process and role (``?process=``, ``?role=`` filter). ``PATCH`` the
    letters (R for 'manage information': the PMO); who may act changes at once and ``history/`` keeps every edit."""

    serializer_class = RaciEntrySerializer
    queryset = RaciEntry.objects.all()
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        found = RaciEntry.objects.order_by("group", "process", "role")
        for name in ("process", "role"):
            if self.request.query_params.get(name):
                found = found.filter(**{name: self.request.query_params[name]})
        return found

    def perform_update(self, serializer):
        data = serializer.validated_data
        letters = data.get("letters", serializer.instance.letters)
        services.set_letters(self.request.user, {serializer.instance: letters}, data.get("reason", ""))
        serializer.instance = RaciEntry.objects.get(pk=serializer.instance.pk)

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every edit of this cell: who, when, the letters before and after, and why."""
        entry = self.get_object()
        return Response({"id": entry.pk, "process": entry.process, "role": entry.role, "changes": change_log(entry)})


class LifecycleActionViewSet(viewsets.ReadOnlyModelViewSet):
    """Every Appendix 3 process performed or decided, newest first (``?process=`` filters)."""

    serializer_class = LifecycleActionSerializer
    queryset = LifecycleAction.objects.all()

    def get_queryset(self):
        found = LifecycleAction.objects.select_related("actor")
        if self.request.query_params.get("process"):
            found = found.filter(process=self.request.query_params["process"])
        return found


# End-of-stage reports -----------------------------------------------------------------------------------------


class EndOfStageReportViewSet(TenantViewSet):
    """The Programme Director prepares and submits; the Delivery Board, then the Partnership Board, decide
    (``decide`` with ``board``); then ``close-stage`` closes the stage and starts the next."""

    serializer_class = EndOfStageReportSerializer
    queryset = EndOfStageReport.objects.all()

    def get_queryset(self):
        return EndOfStageReport.objects.select_related("stage", "prepared_by").prefetch_related("lessons")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.prepare_report(self.request.user, data.pop("stage"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("stage", None)
        serializer.instance = services.update_report(serializer.instance, self.request.user, **data)

    def _respond(self, report):
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=None, responses=EndOfStageReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._respond(services.submit_report(self.get_object(), request.user))

    @extend_schema(request=ReportDecisionSerializer, responses=EndOfStageReportSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The board named by ``board`` decides, as a board: its chair or the PMO records the decision at one of its
        meetings (``decided_at_meeting``) or by ``chairs_action`` with ``reason``."""
        report = self.get_object()
        data, how = split_how(board_data(request, ReportDecisionSerializer))
        return self._respond(services.decide_report(report, request.user, how=how, **data))

    @extend_schema(request=StageCloseSerializer, responses=EndOfStageReportSerializer)
    @action(detail=True, methods=["post"], url_path="close-stage")
    def close_stage(self, request, pk=None):
        report = self.get_object()
        body = StageCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.close_stage(report, request.user, body.validated_data["note"]))


# Workstreams and projects: start and close ---------------------------------------------------------------------


def _handovers(rows):
    """The items to hand over and their new owners from ``[{"benefit": id, "owner": username}]``: the field names
    what closing hands over (benefits), found through the registered handovers (``services.find_to_hand_over``)."""
    found = {}
    for row in rows:
        item = services.find_to_hand_over(row["benefit"])
        if item is None:
            raise Invalid({"handovers": [f"Benefit {row['benefit']} does not exist."]})
        found[item] = row["owner"]
    return found


class StartCloseViewSet(viewsets.ViewSet):
    """``POST start-workstream/``, ``POST start-project/`` (R for 'start workstreams and projects');
    ``POST workstreams/<id>/close/``, ``POST projects/<id>/close/`` (R for 'close workstreams and projects')."""

    @extend_schema(request=StartWorkstreamSerializer, responses={201: None})
    @action(detail=False, methods=["post"], url_path="start-workstream")
    def start_workstream(self, request):
        body = StartWorkstreamSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workstream = services.start_workstream(request.user, **body.validated_data)
        return Response({"id": workstream.pk, "name": workstream.name, "status": "active"}, status=201)

    @extend_schema(request=StartProjectSerializer, responses={201: None})
    @action(detail=False, methods=["post"], url_path="start-project")
    def start_project(self, request):
        body = StartProjectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = services.start_project(request.user, **body.validated_data)
        return Response({"id": project.pk, "name": project.name, "stage": project.stage}, status=201)

    def _close(self, request, target):
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        handovers = _handovers(body.validated_data["handovers"])
        services.close(request.user, target, body.validated_data["note"], handovers)
        return Response({"id": target.pk, "name": target.name, "status": "closed"})

    @extend_schema(request=CloseSerializer, responses={200: None})
    @action(detail=False, methods=["post"], url_path=r"workstreams/(?P<workstream_id>\d+)/close")
    def close_workstream(self, request, workstream_id=None):
        return self._close(request, get_object_or_404(Workstream.objects.all(), pk=workstream_id))

    @extend_schema(request=CloseSerializer, responses={200: None})
    @action(detail=False, methods=["post"], url_path=r"projects/(?P<project_id>\d+)/close")
    def close_project(self, request, project_id=None):
        return self._close(request, get_object_or_404(Project.objects.all(), pk=project_id))


# Programme closure ---------------------------------------------------------------------------------------------


class SingleObjectSchema(AutoSchema):
    """``GET closure/`` answers the one closure of the programme, not a list."""

    def _is_list_view(self, serializer=None):
        return False


class ClosureViewSet(viewsets.ViewSet):
    """``GET closure/`` and ``POST closure/<step>/`` for step in notify, report, review, redeploy, submit, decide,
    disband (each the Appendix 3 process of 'Closing the Programme'). ``decide`` is the Partnership Board's, as a
    board: its chair or the PMO, with ``decided_at_meeting`` or ``chairs_action`` and ``reason``."""

    schema = SingleObjectSchema()

    @extend_schema(responses=ProgrammeClosureSerializer)
    def list(self, request):
        closure = services.current_closure()
        if closure is None:
            closure = ProgrammeClosure()  # never saved: its defaults describe a closure that has not started
            closure.status = NOT_STARTED
        return Response(ProgrammeClosureSerializer(closure).data)

    @extend_schema(request=ClosureStepSerializer, responses=ProgrammeClosureSerializer)
    @action(detail=False, methods=["post"], url_path=r"(?P<step>notify|report|review|redeploy|submit|decide|disband)")
    def step(self, request, step=None):
        data, how = split_how(board_data(request, ClosureStepSerializer))
        closure = services.closure_step(request.user, step, how=how, **data)
        return Response(ProgrammeClosureSerializer(closure).data)


# EIAs -----------------------------------------------------------------------------------------------------------


class EiaViewSet(TenantViewSet):
    """EIAs (PID s4.6): written by the workstream, signed off by its SRO (``sign-off``), approved by the
    Delivery Board as a board (``decide``: its chair or the PMO, at a meeting or by chair's action)."""

    serializer_class = EiaSerializer
    queryset = EqualityImpactAssessment.objects.all()

    def get_queryset(self):
        return EqualityImpactAssessment.objects.select_related("workstream").prefetch_related("characteristics")

    def perform_create(self, serializer):
        serializer.instance = assurance.create_eia(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("workstream", None)
        serializer.instance = assurance.update_eia(serializer.instance, self.request.user, **data)

    def _respond(self, eia):
        return Response(self.get_serializer(self.get_queryset().get(pk=eia.pk)).data)

    @extend_schema(request=None, responses=EiaSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        return self._respond(assurance.sign_off_eia(self.get_object(), request.user))

    @extend_schema(request=EiaDecisionSerializer, responses=EiaSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        eia = self.get_object()
        data, how = split_how(board_data(request, EiaDecisionSerializer))
        return self._respond(assurance.decide_eia(eia, request.user, how=how, **data))


# Quality ----------------------------------------------------------------------------------------------------------


class QualityCriterionViewSet(TenantViewSet):
    """Acceptance criteria for a workstream's products (PID s4.5) and their reviews (``review``) by the Clinical
    Reference Group or the Clinical Senate, rated on the six dimensions and the five NHS Outcomes domains."""

    serializer_class = QualityCriterionSerializer
    queryset = QualityCriterion.objects.all()

    def get_queryset(self):
        return QualityCriterion.objects.select_related("workstream").prefetch_related("reviews")

    def perform_create(self, serializer):
        serializer.instance = assurance.add_criterion(self.request.user, **serializer.validated_data)

    @extend_schema(request=ReviewInputSerializer, responses={201: QualityReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        criterion = self.get_object()
        body = ReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = assurance.record_review(criterion, request.user, **body.validated_data)
        return Response(QualityReviewSerializer(review).data, status=status.HTTP_201_CREATED)


# Lessons -----------------------------------------------------------------------------------------------------------


class LessonViewSet(TenantViewSet):
    """The lessons learned log (PID s3.6): ``?q=`` searches words, ``?stage=``, ``?workstream=``, ``?project=``
    filter. Any member logs a lesson; the PMO, its custodian, edits."""

    serializer_class = LessonSerializer
    queryset = Lesson.objects.all()

    def get_queryset(self):
        params = self.request.query_params
        ids = {}
        for name in ("stage", "workstream", "project"):
            value = params.get(name) or None
            if value is not None and not (value.isdigit() and len(value) < 10):
                raise ValidationError({name: ["Give the id (a whole number)."]})
            ids[name] = value
        return assurance.search_lessons(params.get("q", ""), **ids)

    def perform_create(self, serializer):
        serializer.instance = assurance.add_lesson(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = assurance.update_lesson(serializer.instance, self.request.user,
                                                      **serializer.validated_data)
