from decimal import Decimal

from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from benefits import realisation, services
from benefits.choices import Trend
from benefits.models import Benefit, BenefitMeasurement
from core.api.serializers_base import FastReadMixin, MemberField, TenantModelSerializer
from core.models import Organisation
from programme.models import Objective

AMOUNT = {"max_digits": 14, "decimal_places": 2, "required": False, "allow_null": True}
PREFETCHED = "prefetched_"


def prefetched(instance, name):
    """The rows the list view prefetched into ``prefetched_<name>`` (``Prefetch(..., to_attr=...)``), or None.
    A plain prefetch builds a queryset for every row, which for a page of 100 costs more than the rows."""
    return instance.__dict__.get(PREFETCHED + name)


def forget_prefetched(instance):
    """Drop the prefetched lists after a write, so the response shows the benefit as saved."""
    for key in [key for key in instance.__dict__ if key.startswith(PREFETCHED)]:
        del instance.__dict__[key]


class PrefetchedManyRelatedField(serializers.ManyRelatedField):
    def get_attribute(self, instance):
        rows = prefetched(instance, self.source)
        return super().get_attribute(instance) if rows is None else rows


class PrefetchedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Ids of a many-to-many relation, read from the view's ``prefetched_<name>`` list when there is one."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return PrefetchedManyRelatedField(**list_kwargs)


class PrefetchedListSerializer(serializers.ListSerializer):
    """Nested rows read from the view's ``prefetched_<name>`` list when there is one."""

    def get_attribute(self, instance):
        rows = prefetched(instance, self.source)
        return super().get_attribute(instance) if rows is None else rows


class AttributionSerializer(FastReadMixin, serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                                       max_value=Decimal(100))

    class Meta:
        list_serializer_class = PrefetchedListSerializer


class BenefitSerializer(FastReadMixin, TenantModelSerializer):
    """A benefit with its attribution (written as a whole: shares must add up to 100) and its position."""

    serializer_related_field = PrefetchedPrimaryKeyRelatedField
    owner = MemberField()
    objectives = PrefetchedPrimaryKeyRelatedField(
        many=True, queryset=Objective.objects.all(), allow_empty=False,
        help_text="Ids of the strategic objectives it serves; at least one.",
    )
    attributions = AttributionSerializer(many=True, required=False)
    realisation_rag = serializers.SerializerMethodField()
    double_counting = serializers.SerializerMethodField()
    double_counting_reasons = serializers.SerializerMethodField()
    # Blank until two periods are measured: the schema must allow "" (found by fuzzing the API).
    trend = serializers.ChoiceField(choices=Trend.choices, read_only=True, allow_blank=True)

    class Meta:
        model = Benefit
        fields = [
            "id", "ref", "title", "description", "objectives", "owner", "type", "unit", "baseline", "baseline_date",
            "target", "period_kind", "profile_start", "profile_end", "stage", "projects", "business_cases",
            "workstream", "level", "attributions", "planned_total", "planned_to_date", "actual_to_date",
            "realisation_percent", "realisation_rag", "trend", "latest_period", "double_counting",
            "double_counting_reasons", "restricted", "archived", "created", "updated",
        ]
        read_only_fields = ["ref", "level", "planned_total", "planned_to_date", "actual_to_date", "realisation_percent",
                            "trend", "latest_period", "archived", "created", "updated"]

    def get_realisation_rag(self, benefit) -> str:
        rag = getattr(benefit, "rag", None)
        if rag is None:
            rag = realisation.rag(benefit.actual_to_date, benefit.planned_to_date, self.context["thresholds"])
        return str(rag)

    def _double_counting(self):
        index = self.context.get("double_counting")
        if index is None:
            index = self.context["double_counting"] = services.double_counting(self.context.get("settings"))
        return index

    def get_double_counting(self, benefit) -> bool:
        return self._double_counting().flagged(benefit.pk)

    def get_double_counting_reasons(self, benefit) -> list[str]:
        return self._double_counting().reasons(benefit.pk)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        workstream = attrs["workstream"] if "workstream" in attrs else (instance.workstream if instance else None)
        projects = attrs["projects"] if "projects" in attrs else (list(instance.projects.all()) if instance else [])
        services.check_links(workstream, projects, attrs.get("objectives"))
        if "attributions" in attrs:
            rows = [(row["organisation"], row["percent"]) for row in attrs["attributions"]]
            messages = services.attribution_errors(rows)
            if messages:
                raise serializers.ValidationError({"attributions": messages})
        return attrs

    def create(self, validated_data):
        attributions = validated_data.pop("attributions", None)
        benefit = super().create(validated_data)
        if attributions is not None:
            services.set_attributions(benefit, [(row["organisation"], row["percent"]) for row in attributions])
        return benefit

    def update(self, instance, validated_data):
        attributions = validated_data.pop("attributions", None)
        benefit = super().update(instance, validated_data)
        if attributions is not None:
            services.set_attributions(benefit, [(row["organisation"], row["percent"]) for row in attributions])
            benefit._prefetched_objects_cache.pop("attributions", None)
        return benefit


class MeasurementInputSerializer(serializers.Serializer):
    """One period of the profile as written to ``benefits/<id>/measurements/``."""

    period = serializers.DateField(help_text="The first day of the period, e.g. 2026-04-01.")
    planned = serializers.DecimalField(**AMOUNT)
    actual = serializers.DecimalField(**AMOUNT)
    forecast = serializers.DecimalField(**AMOUNT)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MeasurementUpdateSerializer(MeasurementInputSerializer):
    period = None


class MeasurementSerializer(FastReadMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    realisation_percent = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    realisation_rag = serializers.SerializerMethodField()

    class Meta:
        model = BenefitMeasurement
        fields = ["period", "label", "planned", "actual", "forecast", "note", "realisation_percent",
                  "realisation_rag", "recorded_by", "updated"]
        read_only_fields = fields

    def get_realisation_rag(self, measurement) -> str:
        return str(realisation.rag(measurement.actual, measurement.planned, self.context["thresholds"]))
