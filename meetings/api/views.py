"""``meetings/`` and ``board-packs/`` (API.md): meetings of each body, and their packs rendered in the background.

A meeting's decisions and actions are recorded with ``POST meetings/<id>/decisions/`` and
``POST meetings/<id>/actions/``; ``meeting-actions/`` lists the actions log (filterable by meeting, body, owner and
status) and ``POST meeting-actions/<id>/status/ {"status": "done"}`` moves an action on. The writes call the same
services as the browser (``meetings.services``), which check the permission (403 naming the allowed roles),
refuse bad input with field messages (400, nothing saved) and a cancelled meeting (409).

``POST board-packs/ {"meeting": id}`` answers 202 at once with the pack (``queued``, progress 0); the render runs
in a Celery worker and the pack's ``status`` and ``progress`` follow it. Packs are listed only to those who may
read them (the body's members, the PMO, the Programme Director, the joint SROs); anyone else's detail is 404.
"""

import json

from django.db import transaction
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.viewsets import TenantViewSet
from core.exceptions import WrongState
from meetings import services as meetings
from meetings.choices import PackStatus
from meetings.filtersets import BoardPackFilterSet, MeetingActionFilterSet, MeetingFilterSet
from meetings.models import BoardPack, Meeting, MeetingAction
from meetings.packs import services

from .serializers import (
    ActionRecordSerializer,
    ActionSerializer,
    ActionStatusSerializer,
    BoardPackRequestSerializer,
    BoardPackSerializer,
    DecisionRecordSerializer,
    DecisionSerializer,
    MeetingSerializer,
)


class MeetingViewSet(TenantViewSet):
    """Meetings of each body. Every member reads them; the PMO and the Programme Director keep them."""

    queryset = Meeting.objects.select_related("body").prefetch_related(
        "agenda_items", "decisions__interests", "actions__owner").order_by("date", "body__name")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    search_fields = ["body__name", "location", "notes"]
    ordering_fields = ["date", "body__name", "status"]

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            meetings.build_agenda(serializer.instance)

    @extend_schema(request=DecisionRecordSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], url_path="decisions", serializer_class=DecisionRecordSerializer)
    def record_decision(self, request, pk=None):
        """Record a decision of the meeting (the PMO and the Programme Director; 409 if it was cancelled)."""
        meeting = self.get_object()
        meetings.require_manage(request.user, meeting)
        payload = DecisionRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = meetings.record_decision(meeting, request.user, data["text"], data.get("agenda_item"))
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionRecordSerializer, responses={201: ActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions", serializer_class=ActionRecordSerializer)
    def record_action(self, request, pk=None):
        """Record an action the meeting gives (the PMO and the Programme Director; 409 if it was cancelled)."""
        meeting = self.get_object()
        meetings.require_manage(request.user, meeting)
        payload = ActionRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        recorded = meetings.record_action(
            meeting, request.user, data["description"], owner=data.get("owner"), owner_name=data["owner_name"],
            due_date=data.get("due_date"), agenda_item=data.get("agenda_item"),
        )
        location = reverse("meeting-action-detail", args=[recorded.pk], request=request)
        return Response(ActionSerializer(recorded).data, status=status.HTTP_201_CREATED, headers={"Location": location})


class MeetingActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The actions log of every body's meetings: every member reads it; the PMO and the Programme Director move
    an action on with ``status/``. Actions are recorded with ``POST meetings/<id>/actions/``."""

    queryset = MeetingAction.objects.select_related("owner", "meeting").order_by("due_date", "pk")
    serializer_class = ActionSerializer
    filterset_class = MeetingActionFilterSet
    search_fields = ["description", "owner_name", "owner__username", "owner__first_name", "owner__last_name"]
    ordering_fields = ["due_date", "status", "created", "meeting__date"]

    @extend_schema(request=ActionStatusSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"], url_path="status", serializer_class=ActionStatusSerializer)
    def set_status(self, request, pk=None):
        """Mark the action ``open``, ``done`` (which records today as its completion) or ``cancelled``."""
        recorded = self.get_object()
        meetings.require_manage(request.user, recorded.meeting)
        payload = ActionStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        recorded = meetings.set_action_status(recorded, request.user, payload.validated_data["status"])
        return Response(ActionSerializer(recorded).data)


class PDFRenderer(renderers.BaseRenderer):
    """Lets ``Accept: application/pdf`` reach the PDF action; errors still come out as JSON bytes."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class BoardPackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Board packs the caller may read. Packs are never edited: a new request makes a new version."""

    queryset = BoardPack.objects.select_related("meeting__body")
    serializer_class = BoardPackSerializer
    filterset_class = BoardPackFilterSet
    ordering_fields = ["requested_at", "version", "meeting__date"]

    def get_queryset(self):
        return super().get_queryset().readable_by(self.request.user)

    @extend_schema(request=BoardPackRequestSerializer, responses={202: BoardPackSerializer})
    def create(self, request):
        """Request the meeting's pack: 202 with the queued pack (or the one already queued or rendering)."""
        payload = BoardPackRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pack, _ = services.request_pack(payload.validated_data["meeting"], request.user)
        pack.refresh_from_db()
        data = self.get_serializer(pack).data
        location = reverse("boardpack-detail", args=[pack.pk], request=request)
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(request=None, responses=BoardPackSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a ready pack (the PMO or the Programme Director): immutable from now on, its SHA-256 recorded;
        until then only they and the body's chairs read it."""
        pack = services.publish(self.get_object(), request.user)
        return Response(self.get_serializer(pack).data)

    @extend_schema(request=None, responses={202: BoardPackSerializer})
    @action(detail=True, methods=["post"])
    def render(self, request, pk=None):
        """Render this version again after a failure (409 if it is ready or published)."""
        pack = services.rerender(self.get_object(), request.user)
        return Response(self.get_serializer(pack).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PDFRenderer])
    def pdf(self, request, pk=None):
        """The pack's PDF (409 until it is ready)."""
        pack = self.get_object()
        if pack.status != PackStatus.READY or not pack.file:
            raise WrongState(f"This pack is {pack.get_status_display().lower()}; its PDF is not ready yet.")
        return FileResponse(pack.file.open("rb"), content_type="application/pdf", filename=pack.filename)
