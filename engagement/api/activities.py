"""The engagement plan and log's API (``engagement-activities/``, ``engagement-responses/``,
``engagement-objectives/``, ``engagement-measures/``): filters as the browser's, ``?format=xlsx|csv`` downloads on
the lists, ``history/`` on each activity, response and objective, and every write through ``activity_services``
(RACI from Appendix 3's "control and deliver communications" row, ``engagement.rules``)."""

from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.exports import ExportMixin
from core.api.serializers_base import ChangeLogEntrySerializer, MemberField, TenantModelSerializer
from core.api.viewsets import TenantViewSet
from core.forms import TEXT_MAX_LENGTH
from core.history import change_log
from engagement import activity_exports as exports
from engagement import activity_services as services
from engagement.filtersets_activities import (
    EffectivenessMeasureFilterSet,
    EngagementActivityFilterSet,
    EngagementResponseFilterSet,
)
from engagement.models import EffectivenessMeasure, EngagementActivity, EngagementObjective, EngagementResponse
from risks.models import Risk


class EngagementActivitySerializer(TenantModelSerializer):
    owner = MemberField()
    response_count = serializers.SerializerMethodField()

    class Meta:
        model = EngagementActivity
        fields = ["id", "ref", "title", "kind", "channel", "audience", "planned_date", "owner", "objectives",
                  "stakeholders", "workstream", "service_change", "status", "held_on", "reach", "responses_received",
                  "themes", "summary", "response_count", "created", "updated"]
        extra_kwargs = {"title": {"allow_blank": False}}

    def get_response_count(self, activity) -> int:
        return len(activity.responses.all())


class LogSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    reach = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10**9)
    responses_received = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10**9)
    themes = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, default="")
    summary = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, default="")


class EngagementResponseSerializer(TenantModelSerializer):
    owner = MemberField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = EngagementResponse
        fields = ["id", "ref", "activity", "you_said", "owner", "due_date", "we_did", "responded_on", "decision",
                  "change_request", "plan_item", "overdue", "created", "updated"]
        read_only_fields = ["we_did", "responded_on", "decision", "change_request", "plan_item"]
        extra_kwargs = {"you_said": {"allow_blank": False}}

    def get_overdue(self, response) -> bool:
        return response.responded_on is None and response.due_date < timezone.localdate()


class RespondSerializer(TenantModelSerializer):
    """What we did: ``we_did`` is required (a "you said, we did" without a response is refused, 400)."""

    class Meta:
        model = EngagementResponse
        fields = ["we_did", "responded_on", "decision", "change_request", "plan_item"]
        extra_kwargs = {"we_did": {"required": True, "allow_blank": False}}

    def validate(self, attrs):
        return attrs  # the service applies the model's checks (the day defaults to today)


class EngagementObjectiveSerializer(TenantModelSerializer):
    class Meta:
        model = EngagementObjective
        fields = ["id", "number", "title", "description", "risks"]
        read_only_fields = ["number"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["risks"].child_relation.queryset = (Risk.objects.visible_to(request.user) if request is not None
                                                   else Risk.objects.none())
        return fields


class MeasureActualSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="Any day of the month; stored as its first day.")
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, default="")


class ActualRowSerializer(serializers.Serializer):
    period = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField()


class EffectivenessMeasureSerializer(TenantModelSerializer):
    actuals = ActualRowSerializer(many=True, read_only=True)

    class Meta:
        model = EffectivenessMeasure
        fields = ["id", "objective", "name", "kind", "unit", "target", "higher_is_better", "actuals"]


class HistoryMixin:
    @extend_schema(request=None, responses=ChangeLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded change (who, when, what), newest first."""
        return Response(ChangeLogEntrySerializer(change_log(self.get_object()), many=True).data)


class EngagementActivityViewSet(ExportMixin, HistoryMixin, TenantViewSet):
    """The engagement plan and log (PID s4.2): activities with their audience, channel, date, owner and the
    objectives they serve; once held (``log/``), the people reached, the responses received and what we heard."""

    serializer_class = EngagementActivitySerializer
    filterset_class = EngagementActivityFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = EngagementActivity.objects.all()
    export_slug, export_title = "engagement-plan", "Engagement plan and log"
    export_columns = exports.activity_columns()

    def get_queryset(self):
        return EngagementActivity.objects.select_related("owner", "workstream", "service_change").prefetch_related(
            "objectives", "stakeholders", "responses")

    def perform_create(self, serializer):
        serializer.instance = services.create_activity(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_activity(serializer.instance, self.request.user,
                                                       **serializer.validated_data)

    @extend_schema(request=LogSerializer, responses=EngagementActivitySerializer)
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        """Record that the activity was held: ``held_on`` (not in the future), ``reach``, ``responses_received``,
        ``themes`` (what we heard), ``summary``. Its owner may, as may whoever keeps the plan."""
        body = LogSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = services.log_activity(self.get_object(), request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data)


class EngagementResponseViewSet(ExportMixin, HistoryMixin, TenantViewSet):
    """"You said, we did": a theme heard at an activity, its owner and due date; ``respond/`` records what we did,
    linked to the meeting decision, change request or plan item that answered it. Overdue ones are chased."""

    serializer_class = EngagementResponseSerializer
    filterset_class = EngagementResponseFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = EngagementResponse.objects.all()
    export_slug, export_title = "you-said-we-did", "You said, we did"
    export_columns = exports.response_columns()

    def get_queryset(self):
        return EngagementResponse.objects.select_related("activity", "owner", "decision", "change_request",
                                                         "plan_item")

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        serializer.instance = services.add_response(values.pop("activity"), self.request.user, **values)

    def perform_update(self, serializer):
        serializer.instance = services.update_response(serializer.instance, self.request.user,
                                                       **serializer.validated_data)

    @extend_schema(request=RespondSerializer, responses=EngagementResponseSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Answer it: ``we_did`` (required), ``responded_on`` (today if left out), and the ``decision``,
        ``change_request`` or ``plan_item`` that answered it. Its owner may, as may whoever keeps the plan."""
        body = RespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        response = services.respond(self.get_object(), request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=response.pk)).data)


class EngagementObjectiveViewSet(HistoryMixin, TenantViewSet):
    """The objectives of the engagement plan (PID s4.2's nine, seeded in each partnership); the PMO words them and
    links their communications risks (``risks``). None is added here: PUT or PATCH one."""

    serializer_class = EngagementObjectiveSerializer
    queryset = EngagementObjective.objects.all()
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        return EngagementObjective.objects.prefetch_related("risks")

    def perform_update(self, serializer):
        serializer.instance = services.update_objective(serializer.instance, self.request.user,
                                                        **serializer.validated_data)


class EffectivenessMeasureViewSet(TenantViewSet):
    """Measures of the plan's effectiveness, per objective, with their targets and monthly ``actuals``;
    ``actuals/`` records a month's value (a second value for the month replaces the first)."""

    serializer_class = EffectivenessMeasureSerializer
    filterset_class = EffectivenessMeasureFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = EffectivenessMeasure.objects.all()

    def get_queryset(self):
        return EffectivenessMeasure.objects.prefetch_related("actuals")

    def perform_create(self, serializer):
        serializer.instance = services.save_measure(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_measure(self.request.user, serializer.instance,
                                                    **serializer.validated_data)

    @extend_schema(request=MeasureActualSerializer, responses=EffectivenessMeasureSerializer)
    @action(detail=True, methods=["post"])
    def actuals(self, request, pk=None):
        """Record the measure's value for a month (``period``: any day of it; not a month still to come)."""
        body = MeasureActualSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measure = self.get_object()
        services.record_actual(measure, request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=measure.pk)).data)


def register(router):
    router.register("engagement-activities", EngagementActivityViewSet, basename="engagement-activity")
    router.register("engagement-responses", EngagementResponseViewSet, basename="engagement-response")
    router.register("engagement-objectives", EngagementObjectiveViewSet, basename="engagement-objective")
    router.register("engagement-measures", EffectivenessMeasureViewSet, basename="engagement-measure")
