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


class WorkItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="The item's page in the portal (a path).")
    kind = serializers.CharField(help_text="What is asked, in a few words: 'Case to decide', 'Risk review'...")
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    place = serializers.CharField(help_text="The workstream or project it sits in; blank for the programme.")


class WorkGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()
    items = WorkItemSerializer(many=True)


class MyWorkSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    overdue = serializers.IntegerField()
    groups = WorkGroupSerializer(many=True)
