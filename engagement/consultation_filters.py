"""One FilterSet for the service change register, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Count, Q

from core.filters import DEFAULT_ORDER, BoundedNumberFilter, YesNoFilter
from core.widgets import OptionsSelect
from engagement.choices import FourTestName, ServiceChangeStatus
from engagement.models import ServiceChange
from programme.models import Workstream


class ServiceChangeFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ServiceChangeStatus.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), label="Workstream",
                                                  widget=OptionsSelect)
    business_case = BoundedNumberFilter(field_name="business_case_id", label="Business case (id)")
    unevidenced = django_filters.ChoiceFilter(choices=FourTestName.choices, method="filter_unevidenced",
                                              label="Test not evidenced")
    fully_evidenced = YesNoFilter(method="filter_fully_evidenced", label="All four tests evidenced")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("title", "title"), ("status", "status"),
                ("consultation_start", "consultation_start"), ("decided_on", "decided_on")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    search_fields = ("ref", "title", "description", "decision")

    class Meta:
        model = ServiceChange
        fields = ["status", "workstream", "business_case", "unevidenced", "fully_evidenced", "search"]

    def filter_unevidenced(self, queryset, name, value):
        """Changes whose test ``value`` has no evidence."""
        return queryset.filter(four_tests__test=value, four_tests__evidence__isnull=True).distinct()

    def filter_fully_evidenced(self, queryset, name, value):
        counted = queryset.annotate(_evidenced=Count("four_tests", filter=Q(four_tests__evidence__isnull=False),
                                                     distinct=True))
        return counted.filter(_evidenced__gte=4) if value else counted.filter(_evidenced__lt=4)

    def filter_search(self, queryset, name, value):
        condition = Q()
        for term in value.split():
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            condition &= term_q
        return queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*queryset.query.order_by, "-number")
        return queryset
