"""The change-requests API (API.md ``change-requests/``): the log, and one action per step of PID s4.7."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from change_control import services
from change_control.filtersets import ChangeRequestFilterSet
from change_control.models import ChangeRequest
from core.api.serializers_base import ChangeLogEntrySerializer
from core.api.viewsets import TenantViewSet
from core.history import change_log
from meetings.decisions import HowDecided
from risks.models import Risk

from . import serializers


def change_request_queryset():
    # The linked risks' ids as a plain list (to_attr), which the serializer reads: a plain prefetch builds a
    # queryset per request on the page (docs/performance.md).
    return ChangeRequest.objects.select_related(
        "originator", "assessed_by", "proposed_by", "decided_by", "implemented_by", "successor",
    ).prefetch_related(Prefetch("linked_risks", queryset=Risk.objects.only("pk"), to_attr="prefetched_linked_risks"))


class ChangeRequestViewSet(TenantViewSet):
    """Change requests, concerns, suggestions, ideas and dissatisfactions. Any member raises one (POST); the PMO
    assesses and proposes; the authority derived from the assessment decides; the PMO or the Programme
    Director implements an approved one. ``authority`` is derived: up to £50,000 with no change to a stage,
    objective or business-case tier, the workstream SRO (the Programme Director when the request has no
    workstream); up to £250,000 the Programme Director; above, or any such change, the Delivery Board (the
    thresholds are per-partnership settings)."""

    serializer_class = serializers.ChangeRequestSerializer
    filterset_class = ChangeRequestFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = ChangeRequest.objects.all()

    def get_queryset(self):
        return change_request_queryset()

    def perform_create(self, serializer):
        serializer.instance = services.log(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update(serializer.instance, self.request.user, **serializer.validated_data)

    def _step(self, step, body_class=None):
        """Refuse (409, then 403) before reading the body, then validate it (400), then run the step."""
        change_request = self.get_object()
        services.check_step(change_request, self.request.user, step)
        data = {}
        if body_class is not None:
            body = body_class(data=self.request.data, context=self.get_serializer_context())
            body.is_valid(raise_exception=True)
            data = body.validated_data
        return change_request, data

    def _respond(self, change_request, code=status.HTTP_200_OK):
        fresh = change_request_queryset().get(pk=change_request.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=serializers.AssessSerializer, responses=serializers.ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """Record the assessment (PMO): the cost impact is required; everything else is optional."""
        change_request, data = self._step("assess", serializers.AssessSerializer)
        done = services.assess(change_request, request.user, **data)
        return self._respond(done)

    @extend_schema(request=serializers.ProposeSerializer, responses=serializers.ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """Propose the action (PMO); the authority is told it awaits their decision."""
        change_request, data = self._step("propose", serializers.ProposeSerializer)
        return self._respond(services.propose(change_request, request.user, data["proposal"]))

    @extend_schema(request=serializers.DecideSerializer, responses=serializers.ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve, reject or defer (only the derived authority; never whoever raised, assessed or proposed it).
        The originator is told the decision. The Delivery Board decides as a board: its chair or the PMO records
        the decision ``decided_at_meeting`` (the id of its meeting in progress or held) or by ``chairs_action`` with
        ``reason``, with optional ``conditions`` and ``interests`` (usernames); a 400 names ``decided_at_meeting``
        and ``chairs_action`` when neither is given, and other members get a 403."""
        change_request, data = self._step("decide", serializers.DecideSerializer)
        return self._respond(services.decide(change_request, request.user, data["decision"], data["rationale"],
                                             how=HowDecided.from_data(data)))

    @extend_schema(request=serializers.ImplementSerializer, responses=serializers.ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        """Record an approved change as implemented (PMO or Programme Director)."""
        change_request, data = self._step("implement", serializers.ImplementSerializer)
        return self._respond(services.implement(change_request, request.user, data.get("note", "")))

    @extend_schema(request=serializers.ResubmitSerializer, responses={201: serializers.ChangeRequestSerializer})
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        """Resubmit a deferred request, modified, as a new version starting at logged (answers the new one)."""
        change_request, data = self._step("resubmit", serializers.ResubmitSerializer)
        new = services.resubmit(change_request, request.user, **data)
        return self._respond(new, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=inline_serializer("ChangeRequestHistory", {
        "id": drf_serializers.IntegerField(), "ref": drf_serializers.CharField(),
        "versions": drf_serializers.ListField(child=drf_serializers.DictField()),
        "changes": ChangeLogEntrySerializer(many=True),
    }))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded change (who, when, what) and the request's versions, oldest first."""
        change_request = self.get_object()
        return Response({
            "id": change_request.pk,
            "ref": change_request.ref,
            "versions": [{"id": v.pk, "ref": v.ref, "version": v.version, "status": v.status,
                          "decision": v.decision or None} for v in services.versions(change_request)],
            "changes": ChangeLogEntrySerializer(change_log(change_request), many=True).data,
        })
