"""The FilterSets of meetings, the actions log and board packs (the API's ``?body=``, ``?status=``... filters)."""

import django_filters

from core.filters import BoundedNumberFilter, PersonFilter
from meetings.models import BoardPack, Meeting, MeetingAction


class MeetingFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    body_kind = django_filters.CharFilter(field_name="body__kind")

    class Meta:
        model = Meeting
        fields = ["body", "status", "in_public", "risk_review", "date_from", "date_to", "body_kind"]


class MeetingActionFilterSet(django_filters.FilterSet):
    body = BoundedNumberFilter(field_name="meeting__body")
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = MeetingAction
        fields = ["meeting", "body", "status", "owner", "due_before"]


class BoardPackFilterSet(django_filters.FilterSet):
    body = BoundedNumberFilter(field_name="meeting__body")

    class Meta:
        model = BoardPack
        fields = ["meeting", "status", "published", "body"]
