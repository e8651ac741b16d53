"""Serializers of ``meetings/``, ``meeting-actions/`` and ``board-packs/`` (API.md): what the API reads and writes
of meetings, their agendas, decisions and actions, and board packs."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.serializers_base import MemberField, TenantModelSerializer
from meetings.choices import PackStatus
from meetings.models import AgendaItem, BoardPack, Meeting, MeetingAction, MeetingDecision
from meetings.models.meetings import ActionStatus


class AgendaItemSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="get_section_display")

    class Meta:
        model = AgendaItem
        fields = ["id", "section", "title", "purpose", "description", "presenter", "paper_ref", "link"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    """A decisions-log entry: at a meeting, or a chair's action (``meeting`` null, ``chairs_action`` true)."""

    interests = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = MeetingDecision
        fields = ["id", "meeting", "body", "agenda_item", "text", "outcome", "conditions", "interests",
                  "chairs_action", "reason", "decided_on", "recorded_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="MeetingAction")  # "Action" + "status" clashed with risks' ActionStatusEnum
class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_display", read_only=True)
    owner_username = serializers.SlugRelatedField(
        source="owner", slug_field="username", read_only=True, allow_null=True,
        help_text="The owner's username when the owner is a portal user, else null (see owner).")
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = MeetingAction
        fields = ["id", "meeting", "agenda_item", "description", "owner", "owner_username", "due_date", "status",
                  "completed_on", "overdue"]
        read_only_fields = fields


@extend_schema_serializer(component_name="MeetingDecisionRecord")
class DecisionRecordSerializer(serializers.Serializer):
    """A decision to log against the meeting, optionally under one of its agenda items."""

    text = serializers.CharField(max_length=10000)
    agenda_item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all(), required=False,
                                                     allow_null=True, help_text="An item of this meeting's agenda.")


@extend_schema_serializer(component_name="MeetingActionRecord")
class ActionRecordSerializer(serializers.Serializer):
    """An action the meeting gives: ``owner`` (a member's username) or ``owner_name`` (anyone else) is needed."""

    description = serializers.CharField(max_length=10000)
    owner = MemberField(required=False, allow_null=True, help_text="The owner's username, if a portal user.")
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                       help_text="The owner's name, when not a portal user.")
    due_date = serializers.DateField(required=False, allow_null=True)
    agenda_item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all(), required=False,
                                                     allow_null=True, help_text="An item of this meeting's agenda.")


@extend_schema_serializer(component_name="MeetingActionStatusChange")
class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "14:00:00"})
class WallClockTimeField(serializers.TimeField):
    """A local time of day without offset ("14:00:00"), which JSON Schema's ``format: time`` does not allow."""


class MeetingSerializer(TenantModelSerializer):
    time = WallClockTimeField(required=False, allow_null=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "body", "body_name", "date", "time", "location", "status", "in_public", "risk_review",
                  "notes", "agenda", "decisions", "actions"]


class BoardPackSerializer(serializers.ModelSerializer):
    pdf = serializers.SerializerMethodField()
    delayed_note = serializers.CharField(source="note", read_only=True)

    class Meta:
        model = BoardPack
        fields = ["id", "meeting", "version", "status", "progress", "stage", "published", "published_at", "delayed",
                  "delayed_note", "error", "requested_at", "rendered_at", "pages", "size", "sha256", "pdf"]
        read_only_fields = fields

    def get_pdf(self, pack) -> str | None:
        if pack.status != PackStatus.READY:
            return None
        return reverse("boardpack-pdf", args=[pack.pk], request=self.context.get("request"))


class BoardPackRequestSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())


class BoardDecisionSerializer(serializers.Serializer):
    """How a board decided (``meetings.decisions``, PID s3.2): at one of its meetings in progress or held
    (``decided_at_meeting``), or by ``chairs_action`` with its ``reason``. Every board-level step's body includes
    these; the service answers 400 naming them when neither is given. Combine with a step's own fields by
    inheritance."""

    decided_at_meeting = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="The id of the board's meeting (in progress or held) at which it decided.")
    chairs_action = serializers.BooleanField(
        required=False, default=False, help_text="Decided by the chair's action between meetings (give reason).")
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="",
                                   help_text="Why a chair's action could not wait for the next meeting.")
    conditions = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="",
                                       help_text="Conditions attached to the decision.")
    interests = serializers.ListField(child=serializers.CharField(max_length=150), required=False, default=list,
                                      help_text="Usernames of members who declared an interest.")


def board_data(request, serializer_class=BoardDecisionSerializer):
    """The validated body of a board-level step (400 naming the bad fields)."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data
