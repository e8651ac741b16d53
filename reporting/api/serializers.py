"""The highlight reports' API (``highlight-reports/``) and the dashboard's (``dashboard/``)."""

from rest_framework import serializers

from core.api.serializers_base import TenantModelSerializer
from reporting.choices import DIMENSIONS
from reporting.models import HighlightReport
from reporting.services import EDIT_FIELDS

SUGGESTED = [f"{dimension}_suggested" for dimension in DIMENSIONS] + ["overall_suggested"]


class HighlightReportSerializer(TenantModelSerializer):
    """Writable: the place and period on creation; the RAGs, forecasts, commentary and texts while a draft (or
    returned). Left out on creation, a RAG takes the registers' suggestion (green where there is none)."""

    class Meta:
        model = HighlightReport
        fields = [
            "id", "ref", "level", "workstream", "project", "period_start", "period_end", "due_date", "version",
            "status", *EDIT_FIELDS, *SUGGESTED, "prefill", "author", "submitted_by", "submitted_at",
            "signed_off_by", "signed_off_at", "returned_by", "returned_at", "return_reason", "created", "updated",
        ]
        read_only_fields = ["level", "period_end", "due_date", "version", "status", *SUGGESTED, "prefill",
                            "author", "submitted_by", "submitted_at", "signed_off_by", "signed_off_at",
                            "returned_by", "returned_at", "return_reason"]
        # The service refuses a second report for a place and period, with the sentence to act on.
        validators = []
        extra_kwargs = {
            **{name: {"required": False} for name in EDIT_FIELDS},
            "workstream": {"required": False}, "period_start": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("workstream", "project", "period_start"):
                fields[name].read_only = True
        return fields

    def validate(self, attrs):
        # The service checks the whole report (RAGs, commentary, the period) as it saves it; a partial update
        # cannot be judged here without the pre-filled suggestions.
        return attrs


class ReportReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class PrefillQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(required=False)
    workstream = serializers.IntegerField(required=False)
    period = serializers.DateField(required=False)


class DashboardRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="place.pk")
    name = serializers.CharField(source="place.name")
    workstream = serializers.IntegerField(source="workstream.pk")
    overall = serializers.CharField(allow_null=True)
    overall_source = serializers.CharField()
    trend = serializers.CharField(allow_null=True)
    rags = serializers.SerializerMethodField()
    report = serializers.CharField(source="latest.ref", allow_null=True, default=None)
    late_milestones = serializers.IntegerField(source="late")
    worst_risk = serializers.IntegerField(allow_null=True)
    benefit_realisation_percent = serializers.DecimalField(source="percent", max_digits=8, decimal_places=2,
                                                           allow_null=True)
    report_state = serializers.CharField(source="state")

    def get_rags(self, row) -> dict:
        return {key: rag for key, _, rag in row.rags}


class DashboardSerializer(serializers.Serializer):
    """The dashboard's answer: the current reporting period, when its reports are due, and the rows."""

    period = serializers.DateField(help_text="The first day of the period being reported now.")
    due = serializers.DateField(help_text="When its reports are due.")
    rows = DashboardRowSerializer(many=True)
