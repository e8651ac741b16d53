"""The risk register and issue log API (API.md `risks/`, `issues/`)."""

from django.db import transaction
from django.db.models import Count, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from benefits.models import Benefit
from core import rules
from core.api.permissions import require_perm
from core.api.settings import SettingsView
from core.api.viewsets import FilterBackend, TenantViewSet
from core.history import change_log
from core.tenancy import get_current_tenant_id
from meetings.api.serializers import board_data
from meetings.decisions import HowDecided
from programme.models import Objective
from risks import bands, scoring, services
from risks.filtersets import IssueFilterSet, RiskFilterSet
from risks.models import BafEntry, Issue, IssueEscalation, MitigationAction, Risk, RiskMove
from risks.rules import risk_perm, visible_q

from . import rows, serializers
from .imports import RiskImportMixin


def risk_queryset(user):
    """Related rows as plain lists (to_attr): RiskSerializer reads them; see serializers.prefetched."""
    return Risk.objects.visible_to(user).select_related("owner").prefetch_related(
        Prefetch("actions", queryset=MitigationAction.objects.select_related("owner"), to_attr="prefetched_actions"),
        Prefetch("moves", queryset=RiskMove.objects.filter(status="proposed").select_related(
            "proposed_by", "decided_by"), to_attr="pending_moves"),
        Prefetch("objectives", queryset=Objective.objects.only("pk"), to_attr="prefetched_objectives"),
        Prefetch("benefits", queryset=Benefit.objects.visible_to(user).only("pk"), to_attr="prefetched_benefits"),
    )


def heatmap_cells(risk_bands, counts):
    """The 25 cells as ``RiskHeatmapCellSerializer(many=True)`` gives them (plain ints and strings: building the
    serializer would cost more than the cells; tests/risks/test_api_list_rows.py compares them)."""
    return [
        {"likelihood": lk, "impact": im, "score": score, "rag": None if rag is None else str(rag),
         "count": counts.get((lk, im), 0)}
        for lk, im, score, rag in scoring.cells(risk_bands)
    ]


class RegisterViewSet(TenantViewSet):
    """List filters (which hide archived items by default) apply to lists only: a detail URL finds any
    visible item of the tenant, archived or not."""

    def get_object(self):
        queryset = self.get_queryset()
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


class RiskViewSet(RiskImportMixin, RegisterViewSet):
    """The tenant's risks at every level. Create and edit need R on the risk's level; workflow steps are actions."""

    serializer_class = serializers.RiskSerializer
    filterset_class = RiskFilterSet
    filter_backends = [FilterBackend]
    queryset = Risk.objects.all()

    def get_queryset(self):
        if self.action == "list":
            return Risk.objects.visible_to(self.request.user)  # read as values by ``list``
        return risk_queryset(self.request.user)

    def list(self, request, *args, **kwargs):
        # values() rows turned into the serializer's dicts (risks.api.rows, issue 20): the same filters, ordering,
        # cursors and bytes, without a model instance per row or the serializer. (No docstring: it would become the
        # operation's description in the OpenAPI schema.)
        queryset = self.filter_queryset(self.get_queryset())
        if self.paginator is None:
            return Response(rows.represent(list(rows.page_values(queryset)), request.user))
        page = self.paginator.paginate_queryset(queryset, request, view=self, rows=rows.page_values(queryset))
        return self.get_paginated_response(rows.represent(page, request.user))

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(created_by=self.request.user)
            require_perm(self.request, instance.perm("edit"), instance)

    def perform_update(self, serializer):
        require_perm(self.request, serializer.instance.perm("edit"), serializer.instance)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.perm("edit"), instance)
        serializers.forget_prefetched(instance)

    def _move_response(self, move, code=status.HTTP_200_OK):
        return Response(serializers.RiskMoveSerializer(move).data, status=code)

    @extend_schema(request=serializers.RiskReasonSerializer, responses={201: serializers.RiskMoveSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Propose moving the risk one level up; it moves when the receiving level's accountable role accepts."""
        body = serializers.RiskReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        move = services.escalate(self.get_object(), request.user, body.validated_data["reason"])
        return self._move_response(move, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RiskMoveProposalSerializer, responses={201: serializers.RiskMoveSerializer})
    @action(detail=True, methods=["post"])
    def deescalate(self, request, pk=None):
        """Propose moving the risk one level down (optionally naming the receiving workstream or project)."""
        body = serializers.RiskMoveProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        move = services.deescalate(
            self.get_object(), request.user, data["reason"], data.get("workstream"), data.get("project"),
        )
        return self._move_response(move, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RiskDecisionSerializer, responses=serializers.RiskMoveSerializer)
    @action(detail=True, methods=["post"], url_path="accept-escalation")
    def accept_escalation(self, request, pk=None):
        """Accept the pending move (either direction): the receiving level's accountable role only."""
        data = board_data(request, serializers.RiskDecisionSerializer)
        return self._move_response(services.accept(self.get_object(), request.user, data["note"],
                                                   how=HowDecided.from_data(data)))

    @extend_schema(request=serializers.RiskDecisionSerializer, responses=serializers.RiskMoveSerializer)
    @action(detail=True, methods=["post"], url_path="reject-escalation")
    def reject_escalation(self, request, pk=None):
        data = board_data(request, serializers.RiskDecisionSerializer)
        return self._move_response(services.reject(self.get_object(), request.user, data["note"],
                                                   how=HowDecided.from_data(data)))

    @extend_schema(request=serializers.RiskCloseSerializer, responses=serializers.RiskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = serializers.RiskCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.close(self.get_object(), request.user, body.validated_data["reason"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=serializers.RiskSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive instead of delete: the risk leaves the live register and keeps its history."""
        services.archive(self.get_object(), request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded change (who, when, what) and every move proposed or decided."""
        risk = self.get_object()
        moves = risk.moves.select_related("proposed_by", "decided_by").order_by("-proposed_at", "-pk")
        return Response({
            "id": risk.pk,
            "ref": risk.ref,
            "changes": change_log(risk),
            "moves": serializers.RiskMoveSerializer(moves, many=True).data,
        })

    @extend_schema(responses=serializers.RiskHeatmapCellSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # a plain list of 25 cells, as documented now
    def heatmap(self, request):
        """Counts of the filtered risks in each cell of the 5×5 matrix (``?basis=inherent`` or residual)."""
        basis = "inherent" if request.query_params.get("basis") == "inherent" else "residual"
        queryset = self.filter_queryset(Risk.objects.visible_to(request.user))
        counts = {
            (row[f"{basis}_likelihood"], row[f"{basis}_impact"]): row["n"]
            for row in queryset.order_by().values(f"{basis}_likelihood", f"{basis}_impact").annotate(n=Count("pk"))
        }
        return Response(heatmap_cells(bands.bands_for(request.tenant), counts))


class MitigationActionViewSet(TenantViewSet):
    serializer_class = serializers.MitigationActionSerializer
    queryset = MitigationAction.objects.all()
    filterset_fields = ["risk", "status"]
    ordering_fields = ["due_date", "status"]
    search_fields = ["description", "owner_name"]

    def get_queryset(self):
        # The risk's visibility through the join, not a subquery over the whole register; naming the risk's tenant
        # too lets the count scan only this tenant's risks (docs/performance.md).
        return MitigationAction.objects.filter(
            visible_q(self.request.user, Risk, prefix="risk__"), risk__tenant_id=get_current_tenant_id(),
        ).select_related("owner", "risk")

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.risk.perm("edit"), instance.risk)

    def perform_update(self, serializer):
        require_perm(self.request, serializer.instance.risk.perm("edit"), serializer.instance.risk)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.risk.perm("edit"), instance.risk)


class BafEntryViewSet(TenantViewSet):
    """Principal risks on the boards' BAFs; entries are created by accepting an escalation onto a board."""

    serializer_class = serializers.BafEntrySerializer
    queryset = BafEntry.objects.all()
    filterset_fields = ["baf__level", "current", "assurance_rating"]
    ordering_fields = ["pk", "assurance_rating"]
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        return BafEntry.objects.filter(visible_q(self.request.user, Risk, prefix="risk__")).select_related(
            "baf", "risk")

    def perform_update(self, serializer):
        perm = risk_perm("assure", serializer.instance.baf.level)
        require_perm(self.request, perm, serializer.instance)
        serializer.save()


class IssueViewSet(RegisterViewSet):
    """The issue log; disputes are referred upwards with ``escalate-dispute``."""

    serializer_class = serializers.IssueSerializer
    filterset_class = IssueFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = Issue.objects.all()

    def get_queryset(self):
        return (
            Issue.objects.visible_to(self.request.user)
            .select_related("owner")
            .prefetch_related(Prefetch("escalations", queryset=IssueEscalation.objects.select_related("escalated_by"),
                                       to_attr="prefetched_escalations"))
        )

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(created_by=self.request.user)
            require_perm(self.request, instance.perm("edit"), instance)

    def perform_update(self, serializer):
        require_perm(self.request, serializer.instance.perm("edit"), serializer.instance)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.perm("edit"), instance)
        serializers.forget_prefetched(instance)

    @extend_schema(request=serializers.RiskReasonSerializer, responses=serializers.IssueSerializer)
    @action(detail=True, methods=["post"], url_path="escalate-dispute")
    def escalate_dispute(self, request, pk=None):
        """Refer the dispute one step up: Programme Director → joint SROs → Partnership Board."""
        body = serializers.RiskReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.escalate_dispute(self.get_object(), request.user, body.validated_data["reason"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=serializers.IssueSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        services.archive_issue(self.get_object(), request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        issue = self.get_object()
        return Response({"id": issue.pk, "ref": issue.ref, "changes": change_log(issue)})


class RiskBandsView(SettingsView):
    """The partnership's RAG bands and H/M/L ratings, one object per partnership (``risks.bands``). Every member
    reads them; whoever may change the risk settings changes them (PUT with every field, PATCH with any, and the
    ``reason``): every risk's stored RAG is recomputed in the same transaction, each change in the risk's history
    with the reason, and the answer counts the risks that ``changed`` colour. A set that overlaps, leaves a score
    uncovered, or reads H below M is a 400 naming it, and nothing is saved."""

    serializer_class = serializers.RiskBandsSerializer
    permission = bands.PERMISSION
    verb = bands.VERB

    def current(self):
        return bands.current(self.request.tenant)

    @extend_schema(request=serializers.RiskBandsSerializer, responses=serializers.RiskBandsChangedSerializer)
    def put(self, request):
        return super().put(request)

    @extend_schema(request=serializers.RiskBandsSerializer, responses=serializers.RiskBandsChangedSerializer)
    def patch(self, request):
        return super().patch(request)

    def _change(self, request, partial):
        settings = self.current()
        rules.require(request.user, self.permission, settings, verb=self.verb)
        body = self.serializer_class(settings, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        values = {name: getattr(settings, name) for name in bands.FIELDS}
        values.update({name: value for name, value in body.validated_data.items() if name in bands.FIELDS})
        changed = bands.change_bands(request.tenant, request.user, *bands.parts_of(values),
                                     body.validated_data.get("reason", ""))
        return Response({**self.serializer_class(self.current()).data, "changed": changed})
