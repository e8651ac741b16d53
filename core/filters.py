"""Filters every register shares (one FilterSet per model serves the API and the browser alike).

A filter form sends only what the user chose: every select starts with a blank "Any" option
(``FILTERS_EMPTY_CHOICE_LABEL`` for django-filter's choice filters, ``ANY`` below for the typed ones), the
portal's script leaves blank fields out of the query string (``static/js/filters.js``), and a blank value
that arrives anyway (no script, a hand-made URL) is "not chosen": django-filter skips it.
"""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

ANY = "Any"
DEFAULT_ORDER = "Default order"  # the blank of a "Sort by" select
BOOLEAN_CHOICES = [("true", "Yes"), ("false", "No")]


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.TypedChoiceFilter):
    """``true`` or ``false`` (a select of Any/Yes/No in the browser); blank is not chosen; anything else a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("", ANY), *BOOLEAN_CHOICES])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


class TypedAnyChoiceFilter(django_filters.TypedChoiceFilter):
    """A typed choice (e.g. a 1–5 rating coerced to ``int``) whose select starts with a blank "Any"."""

    def __init__(self, *args, choices=(), **kwargs):
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, choices=[("", ANY), *choices], **kwargs)


class PersonFilter(django_filters.CharFilter):
    """A person on the row (``field_name`` is the user foreign key) found by username or by name.

    The API's ``?owner=<username>`` keeps working (the username, in any case); otherwise every word of the
    value must be in the person's first or last name, in any case ("smith", "Sarah Smith", "sar smi"), or in
    one of ``name_fields`` (e.g. an imported register's owner written as text).
    """

    def __init__(self, *args, name_fields=(), **kwargs):
        self.name_fields = tuple(name_fields)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES or not value.strip():
            return qs
        value = value.strip()
        person = self.field_name
        by_name = Q()
        for term in value.split():
            term_q = Q(**{f"{person}__first_name__icontains": term}) | Q(**{f"{person}__last_name__icontains": term})
            for field in self.name_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            by_name &= term_q
        return qs.filter(Q(**{f"{person}__username__iexact": value}) | by_name)


class BoundedNumberFilter(django_filters.NumberFilter):
    """A number filter bounded like the field it filters (``max_digits``, ``decimal_places``), so ``1e999999`` is a
    400 naming the parameter, not an exception when the database is asked (issue 15). Defaults: a whole number
    of at most 18 digits, for ids."""

    def __init__(self, *args, max_digits=18, decimal_places=0, **kwargs):
        super().__init__(*args, max_digits=max_digits, decimal_places=decimal_places, **kwargs)


class AmountFilter(BoundedNumberFilter):
    """Pounds and pence, bounded as the money fields are (14 digits, 2 places)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_digits=14, decimal_places=2, **kwargs)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with a tie-breaker (``tie_breaker``: the register number, or ``"pk"`` for a model without one), so
    the pages of a sorted register never overlap."""

    def __init__(self, *args, tie_breaker="number", **kwargs):
        self.tie_breaker = tie_breaker
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, self.tie_breaker)
        return qs


_FORMS = {}  # FilterSet class -> (its form class, the form's cleaned data when no parameter is given, or None)


def per_request_choices(filterset):
    """Whether a filter's choices depend on the request (a callable ``queryset``): its form is built every time."""
    return any(callable(getattr(f, "queryset", None)) for f in filterset.filters.values())


def forms_of(filterset):
    """The filter form's class for ``filterset``'s class, built once (django-filter builds it, and every filter's form
    field, on each request; a form made from it deep-copies its fields, querysets read afresh), with the cleaned
    data of the form given nothing. Not for filtersets with ``per_request_choices``."""
    cls = type(filterset)
    forms = _FORMS.get(cls)
    if forms is None:
        form_class = filterset.get_form_class()
        empty = form_class(QueryDict(), prefix=filterset.form_prefix)
        forms = _FORMS[cls] = (form_class, empty.cleaned_data if empty.is_valid() else None)
    return forms


def bind_form(filterset):
    """Give a bound ``filterset`` its form from the class built once (``forms_of``); the same form django-filter
    would build, for a page that shows it. Returns the filterset."""
    if filterset.is_bound and not per_request_choices(filterset):
        form_class, _ = forms_of(filterset)
        filterset._form = form_class(filterset.data, prefix=filterset.form_prefix)
    return filterset
