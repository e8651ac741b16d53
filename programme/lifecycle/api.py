"""The lifecycle API (``/api/v1/lifecycle/...``): every Appendix 3 process as an action, stages and end-of-stage
reports, starting and closing workstreams and projects, programme closure, EIAs, quality and lessons.

Errors as everywhere (API.md): 400 field messages, 403 naming the allowed roles, 409 when the item's state
forbids the step.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programme.api.serializers_base import MemberField, TenantModelSerializer
from programme.api.viewsets import TenantViewSet
from programme.choices import WorkstreamKind
from programme.history import change_log
from programme.models import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    LifecycleAction,
    ProgrammeClosure,
    Project,
    QualityCriterion,
    QualityReview,
    RaciEntry,
    Stage,
    Workstream,
)
from programme.models.lifecycle import ClosureStatus, Decision, QualityOutcome, QualityReviewer

from . import assurance, permissions, services


def _user(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


# Processes ----------------------------------------------------------------------------------------------------

class LifecycleActionSerializer(TenantModelSerializer):
    actor = _user()
    decision = serializers.CharField(read_only=True, help_text="approve or reject; blank for a performed action")

    class Meta:
        model = LifecycleAction
        fields = ["id", "process", "process_name", "kind", "actor", "note", "target", "stage", "workstream",
                  "project", "decides", "decision", "created"]
        read_only_fields = fields


class PerformSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    target = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    stage = serializers.PrimaryKeyRelatedField(queryset=Stage.objects.all(), required=False, allow_null=True)
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all(), required=False, allow_null=True)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)


def decision_field(**kwargs):
    """``approve`` or ``reject`` (checked by the services: 400 otherwise)."""
    return serializers.CharField(max_length=10, help_text="approve or reject", **kwargs)


class ProcessDecisionSerializer(serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=LifecycleAction.objects.all(), required=False,
                                                allow_null=True)
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class CommentSerializer(serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=LifecycleAction.objects.all(), required=False,
                                                allow_null=True, help_text="the performed action; the latest if none")
    note = serializers.CharField(max_length=10000, allow_blank=True, help_text="the consulted role's view")


class ProcessSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    letters = serializers.DictField(child=serializers.CharField(), help_text="role -> RACI letters")
    may_perform = serializers.BooleanField()
    may_decide = serializers.BooleanField()
    may_comment = serializers.BooleanField()


class ProcessViewSet(viewsets.ViewSet):
    """The PID Appendix 3 processes, each with the tenant's RACI letters and what the caller may do (what was
    done: ``actions/?process=<key>``; the letters themselves: ``raci/``).
    ``perform`` needs R; ``decide`` (approve or reject the latest performed, or the ``action`` given) needs A;
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

    def _act(self, request, key, body_serializer, service):
        """Validate the body, run the process step ``service`` as the caller, answer the action recorded (201)."""
        self._process(key)
        body = body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = service(request.user, key, **body.validated_data)
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
        return self._act(request, key, ProcessDecisionSerializer, services.decide)

    @extend_schema(request=CommentSerializer, responses={201: LifecycleActionSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, key=None):
        return self._act(request, key, CommentSerializer, services.comment)


class RaciEntrySerializer(TenantModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", max_length=100,
                                   help_text="why the letters change, kept in the entry's history")

    class Meta:
        model = RaciEntry
        fields = ["id", "process", "process_name", "group", "role", "letters", "reason"]
        read_only_fields = ["process", "process_name", "group", "role"]
        extra_kwargs = {"letters": {"help_text": "any of R, A, C, I (each once); blank for none"}}

    def validate(self, attrs):
        return attrs  # the letters are checked, all or nothing, by services.set_letters


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

class EndOfStageReportSerializer(TenantModelSerializer):
    prepared_by = _user()
    delivery_board_decided_by = _user()
    partnership_board_decided_by = _user()
    stage_name = serializers.CharField(source="stage.name", read_only=True)

    class Meta:
        model = EndOfStageReport
        fields = ["id", "stage", "stage_name", "prepared_by", "changes_delivered", "benefits_delivered",
                  "next_stage_plan", "risks_summary", "lessons", "status", "submitted_at",
                  "delivery_board_decided_by", "delivery_board_decided_at", "partnership_board_decided_by",
                  "partnership_board_decided_at", "decision_note", "stage_closed_at", "created"]
        read_only_fields = ["status", "submitted_at", "delivery_board_decided_at", "partnership_board_decided_at",
                            "decision_note", "stage_closed_at", "created"]


class BoardDecisionSerializer(serializers.Serializer):
    board = serializers.CharField(max_length=20, help_text="delivery_board or partnership_board")
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class StageCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


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

    @extend_schema(request=BoardDecisionSerializer, responses=EndOfStageReportSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        report = self.get_object()
        body = BoardDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.decide_report(report, request.user, **body.validated_data))

    @extend_schema(request=StageCloseSerializer, responses=EndOfStageReportSerializer)
    @action(detail=True, methods=["post"], url_path="close-stage")
    def close_stage(self, request, pk=None):
        report = self.get_object()
        body = StageCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.close_stage(report, request.user, body.validated_data["note"]))


# Workstreams and projects: start and close ---------------------------------------------------------------------

class StartWorkstreamSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=WorkstreamKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    sro = MemberField(required=False, allow_null=True)
    lead = MemberField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StartProjectSerializer(serializers.Serializer):
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all())
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    manager = MemberField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandoverSerializer(serializers.Serializer):
    benefit = serializers.IntegerField()
    owner = MemberField()


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    handovers = HandoverSerializer(many=True, required=False, default=list)


def _handovers(rows):
    from benefits.models import Benefit

    found = {}
    for row in rows:
        benefit = Benefit.objects.filter(pk=row["benefit"]).first()
        if benefit is None:
            raise serializers.ValidationError({"handovers": [f"Benefit {row['benefit']} does not exist."]})
        found[benefit] = row["owner"]
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

NOT_STARTED = "not_started"


class ProgrammeClosureSerializer(TenantModelSerializer):
    """The programme's closure, or ``{"id": null, "status": "not_started", ...}`` before anyone has notified it."""

    id = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        choices=[(NOT_STARTED, "Closure not started"), *ClosureStatus.choices], read_only=True
    )

    class Meta:
        model = ProgrammeClosure
        fields = ["id", "status", "notified_by", "notified_at", "closure_report", "post_implementation_review",
                  "review_by", "redeployment_confirmed", "redeployment_note", "redeployment_confirmed_by",
                  "submitted_by", "submitted_at", "decided_by", "decided_at", "decision_note", "disbanded_by",
                  "disbanded_at"]
        read_only_fields = fields


class ClosureStepSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    decision = decision_field(required=False, default=Decision.APPROVE)


class SingleObjectSchema(AutoSchema):
    """``GET closure/`` answers the one closure of the programme, not a list."""

    def _is_list_view(self, serializer=None):
        return False


class ClosureViewSet(viewsets.ViewSet):
    """``GET closure/`` and ``POST closure/<step>/`` for step in notify, report, review, redeploy, submit, decide,
    disband (each the Appendix 3 process of 'Closing the Programme')."""

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
        body = ClosureStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        closure = services.closure_step(request.user, step, **body.validated_data)
        return Response(ProgrammeClosureSerializer(closure).data)


# EIAs -----------------------------------------------------------------------------------------------------------

class CharacteristicSerializer(serializers.ModelSerializer):
    class Meta:
        model = EiaCharacteristic
        fields = ["characteristic", "impact", "evidence", "mitigation"]
        extra_kwargs = {"evidence": {"required": False}, "mitigation": {"required": False}}
        validators = []


class EiaSerializer(TenantModelSerializer):
    characteristics = CharacteristicSerializer(many=True, required=False)
    created_by = _user()
    signed_off_by = _user()
    decided_by = _user()

    class Meta:
        model = EqualityImpactAssessment
        fields = ["id", "title", "workstream", "service_change", "summary", "characteristics", "status",
                  "created_by", "signed_off_by", "signed_off_at", "decided_by", "decided_at", "decision_note",
                  "created"]
        read_only_fields = ["status", "signed_off_at", "decided_at", "decision_note", "created"]


class EiaDecisionSerializer(serializers.Serializer):
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class EiaViewSet(TenantViewSet):
    """EIAs (PID s4.6): written by the workstream, signed off by its SRO (``sign-off``), approved by the
    Delivery Board (``decide``)."""

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
        body = EiaDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(assurance.decide_eia(eia, request.user, **body.validated_data))


# Quality ----------------------------------------------------------------------------------------------------------

class QualityReviewSerializer(TenantModelSerializer):
    recorded_by = _user()

    class Meta:
        model = QualityReview
        fields = ["id", "criterion", "reviewer", "reviewed_on", "outcome", "dimensions", "domains", "comments",
                  "recorded_by"]


class QualityCriterionSerializer(TenantModelSerializer):
    reviews = QualityReviewSerializer(many=True, read_only=True)

    class Meta:
        model = QualityCriterion
        fields = ["id", "workstream", "product", "acceptance_criteria", "reviewer", "reviews", "created"]
        read_only_fields = ["created"]


class ReviewInputSerializer(serializers.Serializer):
    reviewer = serializers.ChoiceField(choices=QualityReviewer.choices)
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=QualityOutcome.choices)
    dimensions = serializers.DictField(child=serializers.CharField())
    domains = serializers.DictField(child=serializers.CharField())
    comments = serializers.CharField(required=False, allow_blank=True, default="")


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

class LessonSerializer(TenantModelSerializer):
    learned_by = MemberField(required=False, allow_null=True)
    recorded_by = _user()

    class Meta:
        model = Lesson
        fields = ["id", "title", "what_was_learned", "what_changed", "learned_by", "learned_by_name", "stage",
                  "workstream", "project", "recorded_by", "created"]
        read_only_fields = ["created"]


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


ROUTES = [
    ("lifecycle/processes", ProcessViewSet, "lifecycle-process"),
    ("lifecycle/actions", LifecycleActionViewSet, "lifecycle-action"),
    ("lifecycle/raci", RaciEntryViewSet, "lifecycle-raci"),
    ("lifecycle/end-of-stage-reports", EndOfStageReportViewSet, "lifecycle-report"),
    ("lifecycle/closure", ClosureViewSet, "lifecycle-closure"),
    ("lifecycle/eias", EiaViewSet, "lifecycle-eia"),
    ("lifecycle/quality-criteria", QualityCriterionViewSet, "lifecycle-quality"),
    ("lifecycle/lessons", LessonViewSet, "lifecycle-lesson"),
    ("lifecycle", StartCloseViewSet, "lifecycle"),
]
