from rest_framework import serializers

from core.api.serializers_base import FastReadMixin, MemberField, TenantModelSerializer
from programme.models import Body, Objective, Project, Stage, Workstream


class BodySerializer(TenantModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "kind", "parent", "chair", "purpose", "risk_review_cycle", "meets_in_public"]


class ObjectiveSerializer(TenantModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "code", "title", "description"]


class StageSerializer(TenantModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "kind", "sequence", "start", "end", "status"]


class WorkstreamSerializer(FastReadMixin, TenantModelSerializer):
    sro = MemberField(required=False, allow_null=True)
    lead = MemberField(required=False, allow_null=True)
    project_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Workstream
        fields = [
            "id", "name", "kind", "description", "sro", "lead", "clinical_lead", "finance_lead", "reports_to",
            "project_count",
        ]


class ProjectSerializer(FastReadMixin, TenantModelSerializer):
    manager = MemberField(required=False, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id", "name", "workstream", "description", "stage", "manager", "objectives", "depends_on", "start", "end",
        ]

    def validate_depends_on(self, value):
        if self.instance is not None and any(project.pk == self.instance.pk for project in value):
            raise serializers.ValidationError("A project cannot depend on itself.")
        return value


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    scope_type = serializers.CharField()
    scope_id = serializers.IntegerField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    tenant = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    roles = RoleSerializer(many=True)
