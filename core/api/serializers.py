
from core.models import Organisation

from .serializers_base import TenantModelSerializer


class OrganisationSerializer(TenantModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "code", "kind"]


