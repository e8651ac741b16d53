"""One FilterSet per model, serving the API and the browser alike."""

import django_filters

from core.models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "code"]


