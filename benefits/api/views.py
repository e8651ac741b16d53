"""The benefits register API (API.md ``benefits/``, ``benefits/<id>/measurements/``)."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from benefits import services
from benefits.figures import benefit_figure
from benefits.filtersets import BenefitFilterSet
from benefits.history import change_log
from benefits.models import Benefit, BenefitAttribution
from business_cases.models import BusinessCase
from core.api.permissions import require_perm
from core.api.viewsets import TenantViewSet
from core.exceptions import WrongState
from core.tenancy import get_current_tenant
from programme.models import Objective, Project

from . import serializers

MAX_BATCH = 500
SUB_RESOURCES = {"measurements", "measurement", "chart", "history"}


class SvgRenderer(renderers.BaseRenderer):
    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("utf-8")
        return renderers.JSONRenderer().render(data)  # an error body (404) stays readable


def benefit_queryset(user, thresholds):
    # Related rows as plain lists (to_attr), which BenefitSerializer reads: see serializers.prefetched.
    return (
        Benefit.objects.visible_to(user).with_rag(thresholds)
        .select_related("owner")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.only("pk"), to_attr="prefetched_objectives"),
            Prefetch("projects", queryset=Project.objects.only("pk"), to_attr="prefetched_projects"),
            Prefetch("business_cases", queryset=BusinessCase.objects.only("pk"), to_attr="prefetched_business_cases"),
            Prefetch("attributions", queryset=BenefitAttribution.objects.select_related("organisation"),
                     to_attr="prefetched_attributions"),
        )
    )


class BenefitViewSet(TenantViewSet):
    """The tenant's benefits. Create and edit need R for the benefit's level (project, workstream or
    programme, derived from its projects and workstream); measurements are recorded under the same right."""

    serializer_class = serializers.BenefitSerializer
    filterset_class = BenefitFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = Benefit.objects.all()

    @cached_property
    def benefit_settings(self):
        return services.settings_for(get_current_tenant())

    @property
    def thresholds(self):
        return self.benefit_settings.thresholds

    def get_queryset(self):
        if self.action in SUB_RESOURCES:  # they read the benefit's own columns only: no links to prefetch
            return Benefit.objects.visible_to(self.request.user)
        return benefit_queryset(self.request.user, self.thresholds)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.BenefitDetailSerializer
        return super().get_serializer_class()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["thresholds"] = self.thresholds
        context["settings"] = self.benefit_settings
        return context

    def get_object(self):
        """A detail URL finds any visible benefit of the tenant, archived or not (lists hide archived ones)."""
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(created_by=self.request.user)
            require_perm(self.request, instance.perm("edit"), instance)

    def perform_update(self, serializer):
        require_perm(self.request, serializer.instance.perm("edit"), serializer.instance)
        if serializer.instance.archived:
            raise WrongState(f"{serializer.instance.ref} is archived: it is kept as it was.")
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, instance.perm("edit"), instance)
        serializers.forget_prefetched(instance)

    # Measurements -----------------------------------------------------------------------------------
    def _measurement_context(self):
        return {"thresholds": self.thresholds, "request": self.request}

    @extend_schema(
        request=serializers.MeasurementInputSerializer(many=True),
        responses={200: serializers.MeasurementSerializer(many=True),
                   201: serializers.MeasurementSerializer(many=True)},
        description="GET: the profile, period by period (paginated). POST: one object or a list; all are saved or "
                    "none (400 naming each bad item, by position in the list). A period already recorded is "
                    "refused: change it with PATCH measurements/<period>/.",
    )
    @action(detail=True, methods=["get", "post"])
    def measurements(self, request, pk=None):
        benefit = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(benefit.measurements.select_related("recorded_by").order_by("period"))
            data = serializers.MeasurementSerializer(page, many=True, context=self._measurement_context()).data
            return self.get_paginated_response(data)
        require_perm(request, benefit.perm("edit"), benefit)
        many = isinstance(request.data, list)
        items = request.data if many else [request.data]
        if not items:
            raise ValidationError({"non_field_errors": ["Send at least one measurement."]})
        if len(items) > MAX_BATCH:
            raise ValidationError({"non_field_errors": [f"Send at most {MAX_BATCH} measurements at once."]})
        body = serializers.MeasurementInputSerializer(data=items, many=True)
        if not body.is_valid():
            raise ValidationError({"measurements": body.errors} if many else body.errors[0])
        try:
            saved = services.record_measurements(benefit, request.user, body.validated_data)
        except services.MeasurementErrors as exc:
            errors = [exc.by_index.get(index, {}) for index in range(len(items))]
            raise ValidationError({"measurements": errors} if many else errors[0]) from None
        data = serializers.MeasurementSerializer(saved, many=True, context=self._measurement_context()).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.MeasurementUpdateSerializer, responses=serializers.MeasurementSerializer)
    @action(detail=True, methods=["get", "put", "patch"], url_path=r"measurements/(?P<period>\d{4}-\d{2}-\d{2})")
    def measurement(self, request, pk=None, period=None):
        """One period: read it, or change its values (the period itself stays)."""
        benefit = self.get_object()
        try:
            day = parse_date(period) if period else None
        except ValueError:  # shaped like a date but not one (2017-13-45)
            day = None
        measurement = benefit.measurements.filter(period=day).first() if day else None
        if measurement is None:
            raise Http404
        if request.method != "GET":
            require_perm(request, benefit.perm("edit"), benefit)
            body = serializers.MeasurementUpdateSerializer(data=request.data, partial=request.method == "PATCH")
            body.is_valid(raise_exception=True)
            try:
                services.record_measurements(benefit, request.user, [{"period": day, **body.validated_data}],
                                             replace=True)
            except services.MeasurementErrors as exc:
                raise ValidationError(exc.by_index.get(0, {})) from None
            measurement.refresh_from_db()
        return Response(serializers.MeasurementSerializer(measurement, context=self._measurement_context()).data)

    # Figures, workflow, history -------------------------------------------------------------------
    @extend_schema(responses={(200, "image/svg+xml"): OpenApiResponse(description="An accessible SVG chart.")})
    @action(detail=True, methods=["get"], renderer_classes=[SvgRenderer])
    def chart(self, request, pk=None):
        """Planned, actual and forecast by period as an SVG image (the same chart as the benefit's page)."""
        benefit = self.get_object()
        return Response(benefit_figure(benefit, list(benefit.measurements.all())).svg)

    @extend_schema(request=None, responses=serializers.BenefitSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive instead of delete: the benefit leaves the live register and keeps its history."""
        benefit = self.get_object()
        require_perm(request, benefit.perm("edit"), benefit)
        if benefit.archived:
            raise WrongState(f"{benefit.ref} is already archived.")
        benefit.archived = True
        benefit._history_user = request.user
        benefit.save()
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded change to the benefit, its measurements and its attribution (who, when, what)."""
        benefit = self.get_object()
        return Response({"id": benefit.pk, "ref": benefit.ref, "changes": change_log(benefit)})

    @extend_schema(request=None, responses=None)
    @action(detail=False, methods=["get"], url_path="double-counting")
    def double_counting(self, request):
        """The benefits claimed by several business cases, those claiming the same savings as another case's, and
        the organisations whose attributed savings exceed what their business cases deliver (seed 004 s7.7.1)."""
        index = services.double_counting(self.benefit_settings)
        visible = set(self.get_queryset().values_list("pk", flat=True))
        refs = dict(Benefit.objects.filter(pk__in=visible).values_list("pk", "ref"))
        return Response({
            "several_cases": [
                {"benefit": pk, "ref": refs[pk], "business_cases": list(cases)}
                for pk, cases in sorted(index.several.items()) if pk in visible
            ],
            "same_savings": [
                {"benefit": pk, "ref": refs[pk], "benefits": [other for other in others if other in visible]}
                for pk, others in sorted(index.same_savings.items()) if pk in visible
            ],
            "organisations": [
                {"organisation": over.organisation_id,
                 "name": index.organisation_names.get(over.organisation_id, ""),
                 "claimed": f"{over.claimed:.2f}", "delivered": f"{over.delivered:.2f}",
                 "benefits": [pk for pk in over.benefit_ids if pk in visible]}
                for over in index.over_claims
            ],
        })
