"""The base viewset every app's API inherits: tenant-scoped reads, permission-checked writes.

Reads come from the model's default manager, which is scoped to the request's
tenant. Writes run in a transaction and are checked against the object both as
it was and as it would be saved, so nobody can move an item somewhere they may
not act (NetBox's re-check inside the transaction).
"""

import copy

from django.db import transaction
from django.forms.utils import ErrorDict
from django.utils.datastructures import MultiValueDict
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets

from core.filters import forms_of, per_request_choices

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


class _CleanForm:
    """What django-filter reads of a filter form that is valid: the form of a request giving none of the filters'
    parameters, whose cleaned data (every filter empty) is the same on every request."""

    errors = ErrorDict()

    def __init__(self, cleaned_data):
        self.cleaned_data = cleaned_data

    def is_valid(self):
        return True


def _omitted(form_class, data, prefix):
    """Whether ``data`` gives no value to any field of the form (each widget's own answer, as Django's forms ask)."""
    files = MultiValueDict()
    return all(field.widget.value_omitted_from_data(data, files, f"{prefix}-{name}" if prefix else name)
               for name, field in form_class.base_fields.items())


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend without its fixed cost per request: the filter form's class is built once per
    FilterSet class (django-filter builds it, and every filter's form field, on each request), and a request that
    gives none of the filters' parameters reuses the cleaned data of the empty form, computed once. Filtersets whose
    choices depend on the request (a filter with a callable ``queryset``) are built the ordinary way. The filtered
    queryset and the errors are django-filter's own (tests/test_filter_backend.py)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if filterset.is_bound and not per_request_choices(filterset):
            form_class, empty = forms_of(filterset)
            if empty is not None and _omitted(form_class, filterset.data, filterset.form_prefix):
                filterset._form = _CleanForm(copy.deepcopy(empty))
            else:
                filterset._form = form_class(filterset.data, prefix=filterset.form_prefix)
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
