from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from benefits.models import Benefit
from core.api.serializers_base import FastReadMixin, MemberField, TenantModelSerializer
from meetings.api.serializers import BoardDecisionSerializer
from programme.models import Project, Workstream
from risks.bands import FIELDS as BANDS_FIELDS
from risks.choices import ISSUE_LEVELS, Level
from risks.models import BafEntry, Issue, IssueEscalation, MitigationAction, Risk, RiskMove, RiskSettings
from risks.services import benefits_to_keep, linkable_benefits

PREFETCHED = "prefetched_"


def prefetched(instance, name):
    """The rows a list view prefetched into ``prefetched_<name>`` (``Prefetch(..., to_attr=...)``), or None.

    A ``to_attr`` prefetch hands each row a plain list; a plain prefetch builds a queryset (with the tenant filter)
    for every row, which for a page of 100 costs more than the rows themselves."""
    return instance.__dict__.get(PREFETCHED + name)


def forget_prefetched(instance):
    """Drop the prefetched lists after a write, so the response shows the row as saved."""
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


RATING_ERRORS = {
    "invalid": "Use a whole number from 1 (lowest) to 5 (highest).",
    "max_value": "Use a whole number from 1 (lowest) to 5 (highest).",
    "min_value": "Use a whole number from 1 (lowest) to 5 (highest).",
}


class RiskMoveSerializer(FastReadMixin, serializers.ModelSerializer):
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = RiskMove
        fields = [
            "id", "risk", "direction", "from_level", "to_level", "to_workstream", "to_project", "reason",
            "automatic", "residual_score", "proposed_by", "proposed_at", "status", "decided_by", "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class MitigationActionSerializer(FastReadMixin, TenantModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = MitigationAction
        fields = ["id", "risk", "description", "owner", "owner_name", "due_date", "status", "overdue"]
        list_serializer_class = PrefetchedListSerializer


class VisibleBenefitsField(PrefetchedManyRelatedField):
    """The ids of the linked benefits the requesting user may read: a restricted one stays hidden."""

    def get_attribute(self, instance):
        rows = prefetched(instance, self.source)
        if rows is not None:
            return rows
        return instance.benefits.filter(pk__in=Benefit.objects.visible_to(self.context["request"].user).values("pk"))


class LinkableBenefitField(PrefetchedPrimaryKeyRelatedField):
    """A benefit the requesting user may read (``risks.services.linkable_benefits``); any other id is refused as
    not found, so a restricted benefit's existence is not confirmed."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return VisibleBenefitsField(**list_kwargs)

    def get_queryset(self):
        return linkable_benefits(self.context["request"].user)


class RiskSerializer(FastReadMixin, TenantModelSerializer):
    serializer_related_field = PrefetchedPrimaryKeyRelatedField
    benefits = LinkableBenefitField(
        many=True, required=False, help_text="Ids of the benefits this risk threatens (those you may read).",
    )
    owner = MemberField(required=False, allow_null=True)
    inherent_rag = serializers.CharField(read_only=True)
    residual_rag = serializers.CharField(read_only=True)
    target_score = serializers.IntegerField(read_only=True, allow_null=True)
    target_rag = serializers.CharField(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)
    pending_move = serializers.SerializerMethodField()
    actions = MitigationActionSerializer(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id", "ref", "title", "description", "category", "nature", "owner", "owner_name", "level", "project",
            "workstream", "inherent_likelihood", "inherent_impact", "inherent_score", "inherent_rag", "controls",
            "residual_likelihood", "residual_impact", "residual_score", "residual_rag", "target_likelihood",
            "target_impact", "target_score", "target_rag", "response", "residual_above_inherent_reason",
            "proximity", "date_identified", "review_date", "overdue", "status", "closed_on", "restricted",
            "archived", "objectives", "benefits", "source_ref", "pending_move", "actions", "created", "updated",
            "residual_assessed",
        ]
        read_only_fields = ["ref", "inherent_score", "residual_score", "status", "closed_on", "archived", "created",
                            "updated"]
        extra_kwargs = {
            name: {"error_messages": RATING_ERRORS}
            for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
                         "target_likelihood", "target_impact")
        }

    @extend_schema_field(RiskMoveSerializer(allow_null=True))
    def get_pending_move(self, risk):
        moves = getattr(risk, "pending_moves", None)
        if moves is None:
            moves = list(risk.moves.filter(status="proposed"))
        if not moves:
            return None
        # One RiskMoveSerializer per list, not one per row: building a serializer's fields costs more than using it.
        serializer = self.__dict__.get("_move_serializer")
        if serializer is None:
            serializer = self.__dict__["_move_serializer"] = RiskMoveSerializer()
        return serializer.to_representation(moves[0])

    def validate_benefits(self, value):
        return benefits_to_keep(self.instance, value, self.context["request"].user)

    def validate(self, attrs):
        """A residual not yet assessed follows the inherent ratings unless residual ones are given (``Risk.clean``
        then asks for ``residual_assessed``)."""
        assessed = attrs.get("residual_assessed", getattr(self.instance, "residual_assessed", True))
        if not assessed and not {"residual_likelihood", "residual_impact"} & set(attrs):
            for part in ("likelihood", "impact"):
                attrs[f"residual_{part}"] = attrs.get(f"inherent_{part}", getattr(self.instance, f"inherent_{part}",
                                                                                  None))
        return super().validate(attrs)

    def validate_level(self, value):
        if self.instance is not None and value != self.instance.level:
            raise serializers.ValidationError(
                "A risk changes level only when an escalation or de-escalation is accepted."
            )
        return value


class BafEntrySerializer(FastReadMixin, TenantModelSerializer):
    level = serializers.CharField(source="baf.level", read_only=True)
    risk_ref = serializers.CharField(source="risk.ref", read_only=True)
    residual_score = serializers.IntegerField(source="risk.residual_score", read_only=True)
    residual_rag = serializers.CharField(source="risk.residual_rag", read_only=True)

    class Meta:
        model = BafEntry
        fields = [
            "id", "level", "risk", "risk_ref", "principal_risk", "controls", "sources_of_assurance", "gaps_in_control",
            "gaps_in_assurance", "assurance_rating", "current", "added_on", "residual_score", "residual_rag",
        ]
        read_only_fields = ["risk", "current", "added_on"]


class IssueEscalationSerializer(FastReadMixin, serializers.ModelSerializer):
    escalated_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = IssueEscalation
        fields = ["from_stage", "to_stage", "reason", "escalated_by", "escalated_at"]
        list_serializer_class = PrefetchedListSerializer


class IssueSerializer(FastReadMixin, TenantModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    level = serializers.ChoiceField(choices=[(lv.value, lv.label) for lv in ISSUE_LEVELS], default=Level.PROGRAMME)
    escalations = IssueEscalationSerializer(many=True, read_only=True)

    class Meta:
        model = Issue
        fields = [
            "id", "ref", "title", "description", "owner", "owner_name", "level", "workstream", "project", "priority",
            "status", "resolution", "raised_on", "resolved_on", "dispute_stage", "risk", "restricted", "archived",
            "escalations", "created", "updated",
        ]
        read_only_fields = ["ref", "dispute_stage", "resolved_on", "archived", "created", "updated"]


class RiskReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class RiskMoveProposalSerializer(RiskReasonSerializer):
    """For a de-escalation: optionally, the workstream or project whose register should take the risk."""

    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all(), required=False)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False)


class RiskDecisionSerializer(BoardDecisionSerializer):
    """Accepting or rejecting a pending move: a note; for a move onto a board's BAF, how the board decided
    (``decided_at_meeting``, or ``chairs_action`` with ``reason``; ignored for other levels)."""

    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RiskCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RiskHeatmapCellSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    score = serializers.IntegerField()
    rag = serializers.CharField()
    count = serializers.IntegerField()


class RiskBandsSerializer(TenantModelSerializer):
    """The partnership's RAG bands and H/M/L ratings (``risk-bands/``, ``risks.bands``): each colour's lowest and
    highest score (both null to leave the colour out), and the rating H, M and L read as. A change gives its
    ``reason``; the answer says how many risks ``changed`` colour."""

    reason = serializers.CharField(write_only=True, max_length=200,
                                   help_text="Why the bands change (kept in the settings' and each risk's history).")
    description = serializers.SerializerMethodField(help_text="The bands in words, as the exports state them.")
    default = serializers.SerializerMethodField(help_text="Whether these are PID Appendix 7's bands (H=4, M=3, L=2).")

    class Meta:
        model = RiskSettings
        fields = [*BANDS_FIELDS, "description", "default", "reason"]
        extra_kwargs = {name: {"required": True} for name in BANDS_FIELDS}  # PUT gives every one; PATCH any

    def get_description(self, settings) -> str:
        return settings.bands.describe()

    def get_default(self, settings) -> bool:
        return settings.bands.is_default


class RiskBandsChangedSerializer(RiskBandsSerializer):
    changed = serializers.IntegerField(read_only=True, help_text="How many risks changed colour.")

    class Meta(RiskBandsSerializer.Meta):
        fields = [*RiskBandsSerializer.Meta.fields, "changed"]
