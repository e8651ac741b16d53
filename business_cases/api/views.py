"""The briefs and business cases API (API.md ``briefs/``, ``business-cases/``). Workflow steps are actions that
call one service function each; reads of cases are scoped to what the caller may see (restricted cases)."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from business_cases import elsewhere, pdf, services, versions
from business_cases.choices import BriefStatus
from business_cases.filtersets import BriefFilterSet, BusinessCaseFilterSet
from business_cases.models import Brief, BusinessCase, CostShare, PriorDecision, PrioritisationScore
from business_cases.versions import version_count
from core.api.permissions import require_perm
from core.api.viewsets import TenantViewSet
from core.exceptions import WrongState
from meetings.api.serializers import board_data
from meetings.decisions import HowDecided

from . import serializers


def case_queryset(user):
    # Related rows as plain lists (to_attr), which the serializer reads: see serializers.case_rows.
    return (
        BusinessCase.objects.visible_to(user)
        .select_related("project", "author", "submitted_by", "recommended_by", "decided_by", "obc_approved_by")
        .annotate(version_count=version_count())
        .prefetch_related(
            Prefetch("money_lines", to_attr="prefetched_money_lines"),
            Prefetch("stated_totals", to_attr="prefetched_stated_totals"),
            Prefetch("cost_shares", queryset=CostShare.objects.select_related("organisation"),
                     to_attr="prefetched_cost_shares"),
            Prefetch("scores", queryset=PrioritisationScore.objects.select_related("scorer"),
                     to_attr="prefetched_scores"),
            Prefetch("prior_decisions", queryset=PriorDecision.objects.select_related("recorded_by"),
                     to_attr="prefetched_prior_decisions"),
        )
        .order_by("number")
    )


class BriefViewSet(TenantViewSet):
    """Briefs (mandates) for new workstreams and projects; approval in principle creates the work."""

    serializer_class = serializers.BriefSerializer
    filterset_class = BriefFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = Brief.objects.all()

    def get_queryset(self):
        return Brief.objects.select_related("workstream", "author", "submitted_by", "decided_by")

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(author=self.request.user)
            require_perm(self.request, "business_cases.add_brief", instance)

    def perform_update(self, serializer):
        if serializer.instance.status != BriefStatus.DRAFT:
            raise WrongState(f"The brief is {serializer.instance.get_status_display().lower()}: "
                                   "only a draft can be changed.")
        require_perm(self.request, "business_cases.change_brief", serializer.instance)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, "business_cases.change_brief", instance)

    def _done(self, brief):
        return Response(self.get_serializer(self.get_queryset().get(pk=brief.pk)).data)

    @extend_schema(request=None, responses=serializers.BriefSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft brief to the Delivery Board (a workstream lead or the PMO)."""
        return self._done(services.submit_brief(self.get_object(), request.user))

    @extend_schema(request=serializers.BoardNoteSerializer, responses=serializers.BriefSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve in principle (the Delivery Board, recorded by its chair or the PMO at one of its meetings,
        ``decided_at_meeting``, or by ``chairs_action`` with ``reason``): creates the workstream or project."""
        data = board_data(request, serializers.BoardNoteSerializer)
        return self._done(services.approve_brief(self.get_object(), request.user, data["note"],
                                                 how=HowDecided.from_data(data)))

    @extend_schema(request=serializers.BoardRequiredNoteSerializer, responses=serializers.BriefSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject (the Delivery Board, as ``approve`` records it), with the reason in ``note``."""
        data = board_data(request, serializers.BoardRequiredNoteSerializer)
        return self._done(services.reject_brief(self.get_object(), request.user, data["note"],
                                                how=HowDecided.from_data(data)))


class BusinessCaseViewSet(TenantViewSet):
    """Business cases by value tier. ``value`` sets the tier; ``sections`` given in a write are merged into the
    case's sections. Only drafts are edited; the workflow moves through the actions."""

    serializer_class = serializers.BusinessCaseSerializer
    filterset_class = BusinessCaseFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = BusinessCase.objects.all()

    def get_queryset(self):
        return case_queryset(self.request.user)

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(author=self.request.user)
            require_perm(self.request, instance.perm("add"), instance)

    def perform_update(self, serializer):
        services.require_editable(serializer.instance, self.request.user)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.perm("change"), instance)

    def _case(self, case, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=code)

    @extend_schema(request=None, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft (every required section written); records a new version."""
        return self._case(services.submit(self.get_object(), request.user))

    def _board(self, request, step, required=False):
        """A board's step: the note and how the board decided (its meeting, or a chair's action)."""
        data = board_data(request, serializers.BoardRequiredNoteSerializer if required
                          else serializers.BoardNoteSerializer)
        return self._case(step(self.get_object(), request.user, data["note"], how=HowDecided.from_data(data)))

    @extend_schema(request=serializers.BoardNoteSerializer, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        """The Delivery Board recommends an OBC or FBC to the Partnership Board (recorded by its chair or the PMO
        at one of its meetings, ``decided_at_meeting``, or by ``chairs_action`` with ``reason``)."""
        return self._board(request, services.recommend)

    @extend_schema(request=serializers.BoardNoteSerializer, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """An RFF by the Delivery Board; a recommended OBC or FBC by the Partnership Board (as ``recommend``)."""
        return self._board(request, services.approve)

    @extend_schema(request=serializers.BoardRequiredNoteSerializer, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """A board rejects the case (as ``recommend``), with the reason in ``note``."""
        return self._board(request, services.reject, required=True)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Stop a case that is no longer valid; it authorises nothing more and its resources are released."""
        body = serializers.ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._case(services.withdraw(self.get_object(), request.user, body.validated_data["reason"]))

    @extend_schema(request=None, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Reopen a rejected case as a draft."""
        return self._case(services.revise(self.get_object(), request.user))

    @extend_schema(request=None, responses=serializers.BusinessCaseSerializer)
    @action(detail=True, methods=["post"], url_path="start-fbc")
    def start_fbc(self, request, pk=None):
        """Begin the Full Business Case of a top-tier case whose OBC is approved."""
        return self._case(services.start_fbc(self.get_object(), request.user))

    @extend_schema(responses=serializers.VersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # a plain list, as the schema now says
    def versions(self, request, pk=None):
        """Every submitted version, oldest first."""
        case = self.get_object()
        rows = case.versions.select_related("submitted_by").order_by("number")
        return Response(serializers.VersionSerializer(rows, many=True).data)

    @extend_schema(responses=serializers.VersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]+)")
    def version(self, request, pk=None, number=None):
        case = self.get_object()
        row = get_object_or_404(case.versions.select_related("submitted_by"), number=number)
        return Response(serializers.VersionSerializer(row).data)

    @extend_schema(parameters=[OpenApiParameter("from", int), OpenApiParameter("to", int)], responses=None)
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        """Two versions section by section (``?from=1&to=2``; by default the last two)."""
        case = self.get_object()
        older, newer = pick_versions(case, request.query_params.get("from"), request.query_params.get("to"))
        return Response({"case": case.pk, "ref": case.ref, **versions.compare(older, newer)})

    @extend_schema(request=serializers.MoneyProfileSerializer, responses=None)
    @action(detail=True, methods=["get", "put"], url_path="money-profile")
    def money_profile(self, request, pk=None):
        """The money profile with its totals and reconciliation; PUT replaces lines, split or stated totals."""
        case = self.get_object()
        if request.method == "PUT":
            body = serializers.MoneyProfileSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            services.replace_money_profile(case, request.user, **body.validated_data)
            case = self.get_queryset().get(pk=case.pk)
        return Response(serializers.profile_data(case))

    @extend_schema(methods=["GET"], responses=serializers.ScoreSerializer(many=True))
    @extend_schema(methods=["POST"], request=serializers.ScoreSerializer, responses={201: serializers.ScoreSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # a plain list, as the schema now says
    def scores(self, request, pk=None):
        """Prioritisation scores (1–5 on the six criteria); POST records or replaces the caller's own."""
        case = self.get_object()
        if request.method == "POST":
            body = serializers.ScoreSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            comment = data.pop("comment", "")
            row = services.score(case, request.user, data, comment)
            return Response(serializers.ScoreSerializer(row).data, status=status.HTTP_201_CREATED)
        return Response(serializers.ScoreSerializer(case.scores.select_related("scorer"), many=True).data)

    @extend_schema(methods=["GET"], responses=serializers.PriorDecisionSerializer(many=True))
    @extend_schema(methods=["POST"], request=serializers.PriorDecisionSerializer,
                   responses={201: serializers.PriorDecisionSerializer})
    @action(detail=True, methods=["get", "post"], url_path="prior-decisions", pagination_class=None)
    def prior_decisions(self, request, pk=None):
        """Stages decided outside the portal. POST (the PMO) records one: ``stage`` (``obc``), ``outcome``
        (``approved``, ``approved_with_conditions`` with ``conditions``, ``reviewed``), ``decided_by`` (text) and
        optionally ``body``, ``decided_on`` or ``date_not_stated: true``, ``document`` and optionally
        ``document_url``, ``note``. A case at that stage goes straight to the next one (an OBC to its FBC)."""
        case = self.get_object()
        if request.method == "POST":
            body = serializers.PriorDecisionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            decision = elsewhere.record_prior_decision(case, request.user, body.validated_data)
            return Response(serializers.PriorDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
        rows = PriorDecision.objects.filter(case=case).select_related("recorded_by")
        return Response(serializers.PriorDecisionSerializer(rows, many=True).data)

    @extend_schema(request=serializers.GrantSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def grant(self, request, pk=None):
        """Let a named member read this (restricted) case."""
        body = serializers.GrantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.grant_view(self.get_object(), request.user, body.validated_data["user"])
        return Response({"granted": body.validated_data["user"].username}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The case in the five-case layout, as a PDF."""
        case = self.get_object()
        response = HttpResponse(pdf.render_case(case), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf.filename(case)}"'
        return response


def pick_versions(case, older_number=None, newer_number=None):
    """The two versions to compare: those named, else the last two. 400 for a non-number, 404 if missing."""
    numbers = list(case.versions.order_by("number").values_list("number", flat=True))
    try:
        older_number = int(older_number) if older_number not in (None, "") else None
        newer_number = int(newer_number) if newer_number not in (None, "") else None
    except ValueError:
        raise ValidationError({"from": ["Name versions by their numbers, for example ?from=1&to=2."]}) from None
    if older_number is None and newer_number is None:
        if len(numbers) < 2:
            raise WrongState(f"{case.ref} has {len(numbers)} version{'s' if len(numbers) != 1 else ''}: "
                                   "there is nothing to compare yet.")
        older_number, newer_number = numbers[-2], numbers[-1]
    elif older_number is None or newer_number is None:
        raise ValidationError({"from": ["Give both versions to compare, for example ?from=1&to=2."]})
    rows = {v.number: v for v in case.versions.filter(number__in=[older_number, newer_number])
            .select_related("submitted_by")}
    if older_number not in rows or newer_number not in rows:
        raise Http404("No such version.")
    return rows[older_number], rows[newer_number]
