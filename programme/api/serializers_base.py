"""Serializer bases shared by every app's API."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from programme.models import User
from programme.tenancy import get_current_tenant, get_current_tenant_id


class MemberField(serializers.SlugRelatedField):
    """A user of the request's partnership, written and shown by username; anyone else is refused (400)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("queryset", User.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return User.objects.filter(memberships__tenant_id=get_current_tenant_id())

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TenantModelSerializer(serializers.ModelSerializer):
    """Related fields come from the scoped default managers, so another tenant's id is 'does not exist' (400);
    and the model's own ``clean()`` runs, so the API enforces exactly what the forms do."""

    serializer_related_field = serializers.PrimaryKeyRelatedField

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        if candidate.tenant_id is None:
            candidate.tenant = get_current_tenant()
        for name, value in attrs.items():
            field = self._model_field(model, name)
            if field is not None and not field.many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            raise serializers.ValidationError(detail) from None
        return attrs

    @staticmethod
    def _model_field(model, name):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return None
        return field if isinstance(field, models.Field) else None


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class ChangeLogEntrySerializer(serializers.Serializer):
    """One entry of ``programme.history.change_log``: the shape of every ``<resource>/<id>/history/``."""

    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    type = serializers.CharField()
    subject = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)
