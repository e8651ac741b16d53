
from core import filtersets
from core.models import Organisation

from . import serializers
from .viewsets import TenantViewSet


class OrganisationViewSet(TenantViewSet):
    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "kind"]


