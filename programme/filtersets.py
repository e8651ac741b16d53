"""One FilterSet per model, serving the API and the browser alike."""

import django_filters

from programme.models import Body, Objective, Project, Stage, Workstream


class BodyFilterSet(django_filters.FilterSet):
    class Meta:
        model = Body
        fields = ["kind", "parent", "risk_review_cycle"]


class ObjectiveFilterSet(django_filters.FilterSet):
    class Meta:
        model = Objective
        fields = ["code"]


class StageFilterSet(django_filters.FilterSet):
    class Meta:
        model = Stage
        fields = ["kind", "status"]


class WorkstreamFilterSet(django_filters.FilterSet):
    sro = django_filters.CharFilter(field_name="sro__username")
    lead = django_filters.CharFilter(field_name="lead__username")

    class Meta:
        model = Workstream
        fields = ["kind", "sro", "lead", "reports_to"]


class ProjectFilterSet(django_filters.FilterSet):
    manager = django_filters.CharFilter(field_name="manager__username")

    class Meta:
        model = Project
        fields = ["workstream", "stage", "manager", "objectives"]
