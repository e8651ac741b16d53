"""The base viewset every app's API inherits: tenant-scoped reads, permission-checked writes.

Reads come from the model's default manager, which is scoped to the request's
tenant. Writes run in a transaction and are checked against the object both as
it was and as it would be saved, so nobody can move an item somewhere they may
not act (NetBox's re-check inside the transaction).
"""

from django.db import transaction
from rest_framework import mixins, viewsets

from .permissions import perm_name, require_perm


class TenantViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, retrieve, create and update; items are archived through workflow actions, never deleted."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset()

    def perform_create(self, serializer):
        model = self.get_queryset().model
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, perm_name(model, "add"), instance)

    def perform_update(self, serializer):
        model = self.get_queryset().model
        require_perm(self.request, perm_name(model, "change"), serializer.instance)
        with transaction.atomic():
            instance = serializer.save()
            require_perm(self.request, perm_name(model, "change"), instance)
