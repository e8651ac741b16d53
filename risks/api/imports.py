"""The register's import over the API (``POST risks/import/``) and the saved column layouts
(``risk-import-layouts/``): README "Importing a register in any layout"."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core import imports as staging
from core.api.serializers_base import TenantModelSerializer
from core.api.viewsets import TenantViewSet
from core.exceptions import Invalid, PermissionRefused
from core.models import Organisation
from programme.models import Project, Workstream
from risks import import_plan, imports, mapping
from risks.choices import Category, Level, Nature
from risks.choices import Response as RiskResponse
from risks.models import RiskImportLayout
from risks.views.common import may_add_somewhere
from risks.views.transfer import IMPORT_REFUSAL


def _layout(serializer_data, headers):
    """A ``mapping.Layout`` from a layout's fields, checked against ``headers`` (``Invalid`` naming each problem)."""
    layout = mapping.Layout(mapping=serializer_data.get("mapping") or {}, values=serializer_data.get("values") or {},
                            choices=serializer_data.get("choices") or {},
                            source_bands=serializer_data.get("source_bands"),
                            organisation=serializer_data.get("organisation"))
    mapping.check_layout(layout, headers)
    return layout


class RiskImportLayoutSerializer(TenantModelSerializer):
    """A saved layout: ``headers`` (the source's header row), ``mapping`` ({heading: field}; fields as
    ``risks.mapping.FIELDS``), ``values`` ({"category": {"source words": "clinical"}, ...}), ``choices`` (the
    category, response or nature of every row where no column gives it), ``source_bands``
    ({"bands": [["red", 15, 25], ...], "hml": {"H": 5, "M": 3, "L": 1}}) and the partner ``organisation``."""

    headers = serializers.ListField(child=serializers.CharField(max_length=500, allow_blank=True), max_length=30)
    mapping = serializers.DictField(child=serializers.CharField(max_length=40))
    values = serializers.DictField(child=serializers.DictField(child=serializers.CharField(max_length=40)),
                                   required=False)
    choices = serializers.DictField(child=serializers.CharField(max_length=40), required=False)
    source_bands = serializers.JSONField(required=False, allow_null=True)

    class Meta:
        model = RiskImportLayout
        fields = ["id", "name", "signature", "headers", "mapping", "values", "choices", "source_bands",
                  "organisation"]
        read_only_fields = ["signature"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        merged = {name: attrs.get(name, getattr(self.instance, name, None)) for name in self.Meta.fields}
        headers = mapping.column_names(merged["headers"] or [])
        if headers != list(merged["headers"] or []):
            raise Invalid({"headers": ["Give each column a heading of its own, as column_names reads the file: "
                                       + ", ".join(headers) + "."]})
        _layout(merged, headers)
        attrs["signature"] = mapping.signature(headers)
        others = RiskImportLayout.objects.filter(signature=attrs["signature"])
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise Invalid({"headers": ["This partnership already has a layout for these column headings."]})
        return attrs


class RiskImportLayoutViewSet(TenantViewSet):
    """The partnership's saved column layouts: any member reads them; the PMO (R on the programme register's
    process) creates and edits them. A confirmed browser import saves its layout too."""

    serializer_class = RiskImportLayoutSerializer
    queryset = RiskImportLayout.objects.all()

    def get_queryset(self):
        return RiskImportLayout.objects.select_related("organisation")


class RiskImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    level = serializers.ChoiceField(choices=Level.choices, default=Level.PROGRAMME)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False)
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all(), required=False)
    layout = serializers.PrimaryKeyRelatedField(queryset=RiskImportLayout.objects.all(), required=False,
                                                help_text="A saved layout: the file is read through its mapping.")
    mapping = serializers.JSONField(binary=True, required=False, help_text="{heading: field}, instead of a layout.")
    values = serializers.JSONField(binary=True, required=False)
    rows = serializers.JSONField(binary=True, required=False,
                                 help_text='Category or response row by row: {"category": {"12": "people"}}.')
    source_bands = serializers.JSONField(binary=True, required=False)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False,
                                       help_text="The category of every row the file does not categorise.")
    response = serializers.ChoiceField(choices=RiskResponse.choices, required=False)
    nature = serializers.ChoiceField(choices=Nature.choices, required=False)

    def validate(self, attrs):
        if attrs.get("layout") and attrs.get("mapping"):
            raise Invalid({"mapping": ["Give a saved layout or a mapping, not both."]})
        if attrs["level"] == Level.PROJECT and not attrs.get("project"):
            raise Invalid({"project": ["Choose the project whose register this is."]})
        if attrs["level"] == Level.WORKSTREAM and not attrs.get("workstream"):
            raise Invalid({"workstream": ["Choose the workstream whose register this is."]})
        return attrs


class RiskImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Risks added (or that would be).")
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField(help_text="True: nothing was written.")
    changes = serializers.ListField(child=serializers.DictField(), required=False)
    refs = serializers.ListField(child=serializers.CharField(), required=False,
                                 help_text="The references of the risks added and changed.")


def _preview_of(request, data):
    project = data.get("project") if data["level"] == Level.PROJECT else None
    workstream = data.get("workstream") if data["level"] == Level.WORKSTREAM else None

    def preview(upload):
        if not (data.get("layout") or data.get("mapping")):
            return imports.import_register(upload, request.user, request.tenant, data["level"], project, workstream)
        source = mapping.read_source(upload)
        if data.get("layout"):
            layout = mapping.Layout.of(data["layout"]).for_headers(source.headers)
        else:
            if not isinstance(data["mapping"], dict):
                raise Invalid({"mapping": ["The mapping is an object of column heading to field."]})
            layout = mapping.Layout(mapping=data["mapping"], values=data.get("values") or {},
                                    source_bands=data.get("source_bands"), organisation=data.get("organisation"))
        layout.rows = data.get("rows") or {}
        if not isinstance(layout.rows, dict):
            raise Invalid({"rows": ['Give rows as {"category": {"row number": "category"}}.']})
        layout.choices = {**layout.choices, **{name: data[name] for name in ("category", "response", "nature")
                                               if data.get(name)}}
        return mapping.preview(source, layout, request.user, request.tenant, data["level"], project, workstream)

    return preview


class RiskImportMixin:
    """``POST risks/import/`` on the risk viewset."""

    @extend_schema(
        request={"multipart/form-data": RiskImportSerializer}, responses=RiskImportResultSerializer,
        parameters=[OpenApiParameter("dry_run", bool, description="true: answer what it would do and write nothing")])
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_register(self, request):
        """Import a register (``file``: .xlsx or CSV): in the App. 7 layout, or in any layout through a saved
        ``layout`` or an inline ``mapping``. The browser's preview: a bad mapping or any refused row is a 400 naming
        it, nothing saved; ``?dry_run=true`` answers what it would do; otherwise all or nothing."""
        if not may_add_somewhere(request.user, request.tenant):
            raise PermissionRefused(IMPORT_REFUSAL)
        body = RiskImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            summary, done = staging.api_import(request, _preview_of(request, body.validated_data),
                                               lambda plan: import_plan.apply(plan, request.user, request.tenant),
                                               "Attach the register as a file (.xlsx or CSV) in the field 'file'.")
        if done:
            summary["refs"] = [risk.ref for risks in done for risk in risks]
        return Response(RiskImportResultSerializer(summary).data)
