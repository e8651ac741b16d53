from decimal import Decimal

from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from benefits import apportion, realisation, services
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
    profile_total = serializers.DecimalField(source="planned_total", max_digits=14, decimal_places=2, read_only=True,
                                             allow_null=True, help_text="The sum of the planned values.")
    target_differs_from_profile = serializers.BooleanField(
        read_only=True,
        help_text="The target and the profile's total are both known and differ (a flag, not an error).")
    target_difference = serializers.DecimalField(
        source="profile_difference", max_digits=14, decimal_places=2, read_only=True, allow_null=True,
        help_text="The profile's total less the target, when they differ.")
    attribution_rounding = serializers.SerializerMethodField(
        help_text="When the shares add up to 100 only within the rounding rule: their sum, the residue (100 less the "
                  "sum) and the organisation whose share takes it (the largest; equals by organisation name).")

    class Meta:
        model = Benefit
        fields = [
            "id", "ref", "title", "description", "objectives", "owner", "type", "unit", "baseline", "baseline_date",
            "target", "period_kind", "profile_start", "profile_end", "stage", "projects", "business_cases",
            "workstream", "level", "attributions", "planned_total", "planned_to_date", "actual_to_date",
            "realisation_percent", "realisation_rag", "trend", "latest_period", "double_counting",
            "double_counting_reasons", "profile_total", "target_differs_from_profile", "target_difference",
            "attribution_rounding", "restricted", "archived", "created", "updated",
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

    def get_attribution_rounding(self, benefit) -> dict | None:
        rows = prefetched(benefit, "attributions")
        if rows is None:
            rows = list(benefit.attributions.all())
        shares = [(a.organisation_id, a.organisation.name, a.percent) for a in rows]
        residue = apportion.residue(shares)
        if residue == 0:
            return None
        key, name, _ = apportion.residue_holder(shares)
        return {"sum": f"{100 - residue:.2f}", "residue": f"{residue:.2f}", "organisation": key,
                "organisation_name": name, "note": apportion.residue_note(shares)}

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


class BenefitDetailSerializer(BenefitSerializer):
    """One benefit (``GET benefits/<id>/``): its fields and its profile summed by financial year."""

    financial_years = serializers.SerializerMethodField(
        help_text="Planned, actual and forecast summed by financial year (April to March), earliest first; "
                  "``partial`` when the profile covers only some of the year's periods.")

    class Meta(BenefitSerializer.Meta):
        fields = [*BenefitSerializer.Meta.fields, "financial_years"]

    def get_financial_years(self, benefit) -> list[dict]:
        def money(value):
            return None if value is None else f"{value:.2f}"

        points = [realisation.Point(m.period, m.planned, m.actual, m.forecast)
                  for m in benefit.measurements.order_by("period")]
        return [{"year": year.year, "planned": money(year.planned), "actual": money(year.actual),
                 "forecast": money(year.forecast), "partial": year.partial, "periods": year.periods,
                 "periods_in_year": year.of}
                for year in realisation.financial_year_totals(points, benefit.period_kind, benefit.profile_start,
                                                              benefit.profile_end)]


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
