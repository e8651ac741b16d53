"""The API of the stakeholder register: ``stakeholders/`` (the register's filters, ``?format=xlsx|csv``, each
stakeholder's ``history/`` and, for the PMO, ``erase/``). Personal data (``contact_name``, ``email``, ``phone``,
``postal_address``) is in an answer only for the PMO and the stakeholder's owner: for anyone else the fields are
left out, and sending them is a 400 with nothing saved."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.exports import ExportMixin
from core.api.serializers_base import ChangeLogEntrySerializer, MemberField, TenantModelSerializer
from core.api.viewsets import TenantViewSet
from core.exports import XLSX
from core.history import change_log
from engagement import stakeholder_exports
from engagement import stakeholders as services
from engagement.models import PERSONAL_FIELDS, Stakeholder
from engagement.rules import is_pmo
from engagement.stakeholder_filters import StakeholderFilterSet


class StakeholderSerializer(TenantModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    erased_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    quadrant = serializers.CharField(read_only=True)

    class Meta:
        model = Stakeholder
        fields = ["id", "ref", "name", "kind", "category", "description", "interest", "influence", "quadrant",
                  "current_support", "target_support", "owner", "workstreams", "service_changes", *PERSONAL_FIELDS,
                  "erased_at", "erased_by", "created", "updated"]
        read_only_fields = ["erased_at"]
        extra_kwargs = {"name": {"allow_blank": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        pmo = self.context.get("pmo")
        if request is None or not services.visible_personal_data(request.user, instance, pmo=pmo):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class EraseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=70, help_text="Whose request and when, without naming the person.")


class StakeholderViewSet(ExportMixin, TenantViewSet):
    """The stakeholder register (PID s4.2): organisations, groups and named people, with interest and influence
    (1-5), current and target support, owner, and the workstreams and service changes that affect them. Those who
    keep the register (Appendix 3 "engage stakeholders", R or C) add and change stakeholders. Personal data is
    seen and given only by the PMO and the stakeholder's owner; the PMO erases it on request (``erase/``)."""

    serializer_class = StakeholderSerializer
    filterset_class = StakeholderFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = Stakeholder.objects.all()
    export_slug, export_title = "stakeholders", "Stakeholder register"

    def get_queryset(self):
        return Stakeholder.objects.select_related("owner", "erased_by").prefetch_related("workstreams",
                                                                                         "service_changes")

    @property
    def export_columns(self):
        filterset = self.filterset_class(self.request.query_params, queryset=self.get_queryset(), request=self.request)
        return stakeholder_exports.columns(self.request.user, filterset.qs if filterset.is_valid() else
                                           Stakeholder.objects.none())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["pmo"] = is_pmo(self.request.user)
        return context

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=["xlsx", "csv"], description="Download instead")],
                   responses={(200, "application/json"): StakeholderSerializer(many=True),
                              (200, "text/csv"): OpenApiTypes.STR, (200, XLSX): OpenApiTypes.BINARY})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.create_stakeholder(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_stakeholder(serializer.instance, self.request.user,
                                                          **serializer.validated_data)

    @extend_schema(request=EraseSerializer, responses=StakeholderSerializer)
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Erase the stakeholder's personal data on request (the PMO): the contact details blanked, a named
        person's name and description replaced here and in the history; ``reason`` is kept in the history."""
        stakeholder = self.get_object()
        body = EraseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.erase(stakeholder, request.user, body.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=done.pk)).data)

    @extend_schema(request=None, responses=ChangeLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded change to the stakeholder (who, when, what), newest first; personal data is never in it."""
        return Response(ChangeLogEntrySerializer(change_log(self.get_object()), many=True).data)


def register(router):
    router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
