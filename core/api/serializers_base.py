"""Serializer bases shared by every app's API."""

import copy
import datetime
from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from core.forms import TEXT_MAX_LENGTH
from core.models import User
from core.tenancy import get_current_tenant, get_current_tenant_id


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

    def build_standard_field(self, field_name, model_field):
        """A free-text field without a limit of its own takes what the browser's forms do (core.forms)."""
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and kwargs.get("max_length") is None and not kwargs.get(
                "read_only"):
            kwargs["max_length"] = TEXT_MAX_LENGTH
        return field_class, kwargs

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
    """One entry of ``core.history.change_log``: the shape of every ``<resource>/<id>/history/``."""

    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    type = serializers.CharField()
    subject = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)


# The read-only fast path -------------------------------------------------------------------------------------

def _same(value):
    return value


def _as_str(value):
    return value if type(value) is str else str(value)


def _as_int(value):
    return value if type(value) is int else int(value)


_CONVERTERS = {
    serializers.CharField.to_representation: _as_str,
    serializers.IntegerField.to_representation: _as_int,
    serializers.ReadOnlyField.to_representation: _same,
}
_PLAIN, _FOREIGN_KEY, _SLUG, _OTHER = range(4)


def _overrides(field, base, *names):
    return any(getattr(type(field), name) is not getattr(base, name) for name in names)


def _converter(field):
    """A function equal to ``field.to_representation`` for a non-None value, cheaper where it can be; or None."""
    cls = type(field)
    if cls.get_attribute is not serializers.Field.get_attribute:
        return None
    method = cls.to_representation
    if method in _CONVERTERS:
        return _CONVERTERS[method]
    if method is serializers.BooleanField.to_representation:
        return lambda value: value if value is True or value is False else field.to_representation(value)
    if method is serializers.ChoiceField.to_representation:
        return lambda value: (field.choice_strings_to_values.get(value, value) if type(value) is str and value
                              else field.to_representation(value))
    if method is serializers.DateField.to_representation:
        output_format = getattr(field, "format", api_settings.DATE_FORMAT)
        if isinstance(output_format, str) and output_format.lower() == ISO_8601:
            return lambda value: value.isoformat() if type(value) is datetime.date else field.to_representation(value)
        return None
    return field.to_representation  # e.g. a DateTimeField or DecimalField: only the attribute look-up is saved


def _plan(serializer, model):
    """How to read each readable field of ``serializer`` from an instance of ``model``: (name, kind, attribute,
    field, converter). Anything not recognised exactly is read the ordinary way (``_OTHER``)."""
    steps = []
    for field in serializer._readable_fields:
        name, attrs = field.field_name, field.source_attrs
        step = (name, _OTHER, None, field, None)
        if len(attrs) == 1:
            attr = attrs[0]
            try:
                model_field = model._meta.get_field(attr)
            except FieldDoesNotExist:
                model_field = None
            if isinstance(field, serializers.PrimaryKeyRelatedField):
                if (not _overrides(field, serializers.PrimaryKeyRelatedField, "get_attribute", "to_representation",
                                   "use_pk_only_optimization")
                        and field.pk_field is None and model_field is not None and model_field.concrete
                        and (model_field.many_to_one or model_field.one_to_one)):
                    step = (name, _FOREIGN_KEY, model_field.attname, field, None)
            elif isinstance(field, serializers.SlugRelatedField):
                if (not _overrides(field, serializers.SlugRelatedField, "get_attribute", "to_representation",
                                   "use_pk_only_optimization") and "__" not in field.slug_field):
                    step = (name, _SLUG, attr, field, field.slug_field)
            elif not isinstance(field, serializers.RelatedField | serializers.ManyRelatedField |
                                serializers.BaseSerializer | serializers.SerializerMethodField):
                converter = _converter(field)
                if converter is not None and (model_field is None or not model_field.is_relation):
                    step = (name, _PLAIN, attr, field, converter)
        steps.append(step)
    return steps


class FastReadMixin:
    """``to_representation`` without DRF's per-field indirection, for the hot list endpoints.

    DRF reads every field of every row through ``field.get_attribute`` (a generic attribute walk with a callable
    check) and ``field.to_representation``; for a page of 100 rows of ~40 fields that is most of the request. Here
    each field is classified once per serializer (``_plan``): a plain attribute with a known converter, a foreign
    key read from its ``_id`` column, a slug of a related object; everything else (nested serializers, method
    fields, dotted sources, any field class that overrides the methods involved) goes the ordinary way. The
    output is the same as DRF's, key for key and value for value (``tests/perf/test_fast_serializers.py``)."""

    def to_representation(self, instance):
        if isinstance(instance, Mapping) or not isinstance(instance, models.Model):
            return super().to_representation(instance)
        plans = self.__dict__.setdefault("_fast_plans", {})
        steps = plans.get(type(instance))
        if steps is None:
            steps = plans[type(instance)] = _plan(self, type(instance))
        ret = {}
        for name, kind, attr, field, extra in steps:
            if kind == _FOREIGN_KEY:
                value = getattr(instance, attr)
                ret[name] = None if value is None else getattr(value, "pk", value)
                continue
            if kind != _OTHER:
                try:
                    value = getattr(instance, attr)
                except ObjectDoesNotExist:
                    value = None
                except (AttributeError, KeyError):
                    value = _MISSING
                if value is not _MISSING and not callable(value):
                    if value is None:
                        ret[name] = None
                    elif kind == _PLAIN:
                        ret[name] = extra(value)
                    else:
                        ret[name] = getattr(value, extra)
                    continue
            # The ordinary way, as Serializer.to_representation does it.
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[name] = None if check_for_none is None else field.to_representation(attribute)
        return ret


_MISSING = object()
