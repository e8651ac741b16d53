from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core import registry
from core.api.viewsets import TenantViewSet
from programme import filtersets
from programme.models import Body, Objective, Project, RoleAssignment, Stage, Workstream

from . import serializers


class MeView(APIView):
    """Who the caller is, in which partnership, with which roles."""

    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request):
        membership = getattr(request._request, "membership", None)
        if membership is None:
            from core.models import Membership

            membership = Membership.objects.select_related("organisation").filter(user=request.user).first()
        roles = [
            {"role": a.role, "scope_type": a.scope_type, "scope_id": a.scope_id}
            for a in RoleAssignment.objects.filter(user=request.user)
        ]
        data = {
            "username": request.user.username,
            "full_name": request.user.get_full_name(),
            "tenant": request._request.tenant.slug,
            "organisation": membership.organisation.code if membership and membership.organisation else None,
            "roles": roles,
        }
        return Response(serializers.MeSerializer(data).data)


class MyWorkView(APIView):
    """What needs the caller in this partnership, grouped as the "My work" page groups it (overdue first)."""

    @extend_schema(responses=serializers.MyWorkSerializer)
    def get(self, request):
        found = registry.work_for(request.user)
        count, overdue = registry.work_totals(found)
        data = {"count": count, "overdue": overdue, "groups": [
            {"key": source.key, "title": source.title, "count": len(items), "items": items} for source, items in found]}
        return Response(serializers.MyWorkSerializer(data).data)




class BodyViewSet(TenantViewSet):
    queryset = Body.objects.all()
    serializer_class = serializers.BodySerializer
    filterset_class = filtersets.BodyFilterSet
    search_fields = ["name", "chair", "purpose"]
    ordering_fields = ["name", "kind"]


class ObjectiveViewSet(TenantViewSet):
    queryset = Objective.objects.all()
    serializer_class = serializers.ObjectiveSerializer
    filterset_class = filtersets.ObjectiveFilterSet
    search_fields = ["code", "title", "description"]
    ordering_fields = ["code", "title"]


class StageViewSet(TenantViewSet):
    queryset = Stage.objects.all()
    serializer_class = serializers.StageSerializer
    filterset_class = filtersets.StageFilterSet
    search_fields = ["name"]
    ordering_fields = ["sequence", "start", "end", "name"]


class WorkstreamViewSet(TenantViewSet):
    queryset = (Workstream.objects.select_related("sro", "lead").annotate(project_count=Count("projects"))
                .order_by("name"))
    serializer_class = serializers.WorkstreamSerializer
    filterset_class = filtersets.WorkstreamFilterSet
    search_fields = ["name", "description", "clinical_lead", "finance_lead"]
    ordering_fields = ["name", "kind", "project_count"]


class ProjectViewSet(TenantViewSet):
    # The serializer shows only the ids of objectives and dependencies: fetch nothing else of them.
    queryset = Project.objects.select_related("manager").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.only("pk")),
        Prefetch("depends_on", queryset=Project.objects.only("pk")),
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    search_fields = ["name", "description", "workstream__name"]
    ordering_fields = ["name", "stage", "start", "end", "workstream__name"]
