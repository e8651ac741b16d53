"""The lifecycle API (``/api/v1/lifecycle/...``): every Appendix 3 process as an action, stages and end-of-stage
reports, starting and closing workstreams and projects, programme closure, EIAs, quality and lessons.

Errors as everywhere (API.md): 400 field messages, 403 naming the allowed roles, 409 when the item's state
forbids the step. A board's step (a report's, an EIA's, the closure's decision, a board's Appendix 3 process) takes
how the board decided (``meetings.api.serializers.BoardDecisionSerializer``: ``decided_at_meeting``, or
``chairs_action`` with ``reason``; ``conditions``, ``interests``).
"""

from rest_framework import serializers

from core.api.serializers_base import MemberField, TenantModelSerializer
from core.models import RaciEntry
from lifecycle.choices import ClosureStatus, Decision, QualityOutcome, QualityReviewer
from lifecycle.models import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    LifecycleAction,
    ProgrammeClosure,
    QualityCriterion,
    QualityReview,
)
from lifecycle.workflows import NOT_STARTED
from meetings.api.serializers import BoardDecisionSerializer
from programme.choices import WorkstreamKind
from programme.models import Project, Stage, Workstream


def _user(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


class LifecycleActionSerializer(TenantModelSerializer):
    actor = _user()
    decision = serializers.CharField(read_only=True, help_text="approve or reject; blank for a performed action")

    class Meta:
        model = LifecycleAction
        fields = ["id", "process", "process_name", "kind", "actor", "note", "target", "stage", "workstream",
                  "project", "decides", "decision", "created"]
        read_only_fields = fields


class PerformSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    target = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    stage = serializers.PrimaryKeyRelatedField(queryset=Stage.objects.all(), required=False, allow_null=True)
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all(), required=False, allow_null=True)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)


def decision_field(**kwargs):
    """``approve`` or ``reject`` (checked by the services: 400 otherwise)."""
    return serializers.CharField(max_length=10, help_text="approve or reject", **kwargs)


class ProcessDecisionSerializer(BoardDecisionSerializer):
    """A process's decision; of a process the PID gives to a board, how the board decided (its meeting or a
    chair's action), which is not asked of an individual's decision."""

    action = serializers.PrimaryKeyRelatedField(queryset=LifecycleAction.objects.all(), required=False,
                                                allow_null=True)
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class CommentSerializer(serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=LifecycleAction.objects.all(), required=False,
                                                allow_null=True, help_text="the performed action; the latest if none")
    note = serializers.CharField(max_length=10000, allow_blank=True, help_text="the consulted role's view")


class ProcessSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    letters = serializers.DictField(child=serializers.CharField(), help_text="role -> RACI letters")
    may_perform = serializers.BooleanField()
    may_decide = serializers.BooleanField()
    may_comment = serializers.BooleanField()


class RaciEntrySerializer(TenantModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", max_length=100,
                                   help_text="why the letters change, kept in the entry's history")

    class Meta:
        model = RaciEntry
        fields = ["id", "process", "process_name", "group", "role", "letters", "reason"]
        read_only_fields = ["process", "process_name", "group", "role"]
        extra_kwargs = {"letters": {"help_text": "any of R, A, C, I (each once); blank for none"}}

    def validate(self, attrs):
        return attrs  # the letters are checked, all or nothing, by services.set_letters


class EndOfStageReportSerializer(TenantModelSerializer):
    prepared_by = _user()
    delivery_board_decided_by = _user()
    partnership_board_decided_by = _user()
    stage_name = serializers.CharField(source="stage.name", read_only=True)

    class Meta:
        model = EndOfStageReport
        fields = ["id", "stage", "stage_name", "prepared_by", "changes_delivered", "benefits_delivered",
                  "next_stage_plan", "risks_summary", "lessons", "status", "submitted_at",
                  "delivery_board_decided_by", "delivery_board_decided_at", "partnership_board_decided_by",
                  "partnership_board_decided_at", "decision_note", "stage_closed_at", "created"]
        read_only_fields = ["status", "submitted_at", "delivery_board_decided_at", "partnership_board_decided_at",
                            "decision_note", "stage_closed_at", "created"]


class ReportDecisionSerializer(BoardDecisionSerializer):
    board = serializers.CharField(max_length=20, help_text="delivery_board or partnership_board")
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class StageCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class StartWorkstreamSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=WorkstreamKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    sro = MemberField(required=False, allow_null=True)
    lead = MemberField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StartProjectSerializer(serializers.Serializer):
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.all())
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    manager = MemberField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandoverSerializer(serializers.Serializer):
    benefit = serializers.IntegerField()
    owner = MemberField()


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    handovers = HandoverSerializer(many=True, required=False, default=list)


class ProgrammeClosureSerializer(TenantModelSerializer):
    """The programme's closure, or ``{"id": null, "status": "not_started", ...}`` before anyone has notified it."""

    id = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        choices=[(NOT_STARTED, "Closure not started"), *ClosureStatus.choices], read_only=True
    )

    class Meta:
        model = ProgrammeClosure
        fields = ["id", "status", "notified_by", "notified_at", "closure_report", "post_implementation_review",
                  "review_by", "redeployment_confirmed", "redeployment_note", "redeployment_confirmed_by",
                  "submitted_by", "submitted_at", "decided_by", "decided_at", "decision_note", "disbanded_by",
                  "disbanded_at"]
        read_only_fields = fields


class ClosureStepSerializer(BoardDecisionSerializer):
    """A closure step's text; of ``decide``, the decision and how the Partnership Board took it."""

    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    decision = decision_field(required=False, default=Decision.APPROVE)


class CharacteristicSerializer(serializers.ModelSerializer):
    class Meta:
        model = EiaCharacteristic
        fields = ["characteristic", "impact", "evidence", "mitigation"]
        extra_kwargs = {"evidence": {"required": False}, "mitigation": {"required": False}}
        validators = []


class EiaSerializer(TenantModelSerializer):
    characteristics = CharacteristicSerializer(many=True, required=False)
    created_by = _user()
    signed_off_by = _user()
    decided_by = _user()

    class Meta:
        model = EqualityImpactAssessment
        fields = ["id", "title", "workstream", "service_change", "summary", "characteristics", "status",
                  "created_by", "signed_off_by", "signed_off_at", "decided_by", "decided_at", "decision_note",
                  "created"]
        read_only_fields = ["status", "signed_off_at", "decided_at", "decision_note", "created"]


class EiaDecisionSerializer(BoardDecisionSerializer):
    decision = decision_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class QualityReviewSerializer(TenantModelSerializer):
    recorded_by = _user()

    class Meta:
        model = QualityReview
        fields = ["id", "criterion", "reviewer", "reviewed_on", "outcome", "dimensions", "domains", "comments",
                  "recorded_by"]


class QualityCriterionSerializer(TenantModelSerializer):
    reviews = QualityReviewSerializer(many=True, read_only=True)

    class Meta:
        model = QualityCriterion
        fields = ["id", "workstream", "product", "acceptance_criteria", "reviewer", "reviews", "created"]
        read_only_fields = ["created"]


class ReviewInputSerializer(serializers.Serializer):
    reviewer = serializers.ChoiceField(choices=QualityReviewer.choices)
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=QualityOutcome.choices)
    dimensions = serializers.DictField(child=serializers.CharField())
    domains = serializers.DictField(child=serializers.CharField())
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class LessonSerializer(TenantModelSerializer):
    learned_by = MemberField(required=False, allow_null=True)
    recorded_by = _user()

    class Meta:
        model = Lesson
        fields = ["id", "title", "what_was_learned", "what_changed", "learned_by", "learned_by_name", "stage",
                  "workstream", "project", "recorded_by", "created"]
        read_only_fields = ["created"]


