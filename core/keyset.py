"""Keyset (cursor) pagination: a page is "the next N rows after this one" in the list's ordering, so the last page
of a 100,000-row register costs what the first does (``OFFSET`` reads and throws away every row before the page).

``window(queryset, size, cursor)`` reads one page. The cursor is an opaque token holding the ordering it was made
for and the ordering values of the row it follows (or precedes, going back); rows inserted or deleted between two
requests never repeat or skip a row that was there throughout. The queryset's ordering (its ``order_by`` or the
model's ``Meta.ordering``) gets the primary key appended to make it total. An ordering keyset cannot follow (an
expression, a related field, a nullable column: NULLs sort differently on PostgreSQL and SQLite) is paged by
offset instead, in the same token format, and says so (``Window.keyset``).

``capped_count`` counts at most ``cap`` + 1 rows: an exact count over a whole tenant's register costs as much as
reading it, so beyond the cap the count is the cap and ``exact`` is False.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from core.exceptions import Invalid

COUNT_CAP = 10_000
BAD_CURSOR = ("The cursor is not one this list gave (it may be from another ordering or filter): "
              "start from the first page.")


@dataclass
class Window:
    rows: list
    next: str | None  # the cursor of the page after, or None on the last page
    previous: str | None  # the cursor of the page before, or None on the first page
    keyset: bool  # False where the ordering forced paging by offset


def ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]`` ending with the primary key, or None where an ordering
    term is not a plain non-null column of the model (keyset cannot follow it)."""
    model = queryset.model
    terms = list(queryset.query.order_by) or (list(model._meta.ordering) if queryset.query.default_ordering else [])
    result = []
    pk = model._meta.pk
    for term in terms:
        if not isinstance(term, str) or term == "?":
            return None
        descending = term.startswith("-")
        name = term.lstrip("-+")
        if name == "pk":
            name = pk.name
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.null or field.is_relation or not field.concrete:
            return None
        result.append((field, descending))
        if field.primary_key or field.unique:
            return result
    result.append((pk, False))
    return result


def _encode(payload):
    text = json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token):
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid({"cursor": [BAD_CURSOR]}) from None
    if not isinstance(payload, dict):
        raise Invalid({"cursor": [BAD_CURSOR]})
    return payload


def _signature(terms):
    return [("-" if descending else "") + field.name for field, descending in terms]


def _value(row, field):
    return row[field.name] if isinstance(row, dict) else getattr(row, field.attname)


def _position(terms, row, backwards):
    return _encode({"k": _signature(terms), "v": [_value(row, field) for field, _ in terms], "b": backwards})


def _after(terms, values, backwards):
    """Rows strictly after ``values`` in the ordering (before them, ``backwards``): (a, b) > (x, y) spelled as
    a > x OR (a = x AND b > y), each term in its own direction, with a > x-or-equal on the first term as well so
    that PostgreSQL can start its index scan there."""
    either = Q()
    for index, (field, descending) in enumerate(terms):
        lookup = "lt" if descending != backwards else "gt"
        clause = Q(**{f"{field.name}__{lookup}": values[index]})
        for (earlier, _), value in zip(terms[:index], values[:index], strict=True):
            clause &= Q(**{earlier.name: value})
        either |= clause
    first, descending = terms[0]
    bound = Q(**{f"{first.name}__{'lte' if descending != backwards else 'gte'}": values[0]})
    return bound & either


def _reverse(terms):
    return [("" if descending else "-") + field.name for field, descending in terms]


def _read_values(terms, payload):
    values = payload.get("v")
    if payload.get("k") != _signature(terms) or not isinstance(values, list) or len(values) != len(terms):
        raise Invalid({"cursor": [BAD_CURSOR]})
    try:
        return [field.to_python(value) for (field, _), value in zip(terms, values, strict=True)]
    except (ValidationError, TypeError, ValueError):
        raise Invalid({"cursor": [BAD_CURSOR]}) from None


def window(queryset, size, cursor=None, offset=0):
    """One page of ``size`` rows: after the row ``cursor`` names (before it for a cursor made going back), or,
    with no cursor, the first page (starting ``offset`` rows in, for the API's old ``?page=`` links)."""
    terms = ordering(queryset)
    payload = _decode(cursor) if cursor else None
    if terms is None or (payload is not None and "o" in payload):
        return _by_offset(queryset, size, payload, offset)
    queryset = queryset.order_by(*[("-" if d else "") + f.name for f, d in terms])
    if payload is None:
        rows = list(queryset[offset:offset + size + 1])
        more = len(rows) > size
        rows = rows[:size]
        following = _position(terms, rows[-1], False) if more else None
        preceding = _position(terms, rows[0], True) if offset and rows else None
        return Window(rows, following, preceding, True)
    backwards = bool(payload.get("b"))
    values = _read_values(terms, payload)
    if not backwards:
        rows = list(queryset.filter(_after(terms, values, False))[:size + 1])
        more = len(rows) > size
        rows = rows[:size]
        following = _position(terms, rows[-1], False) if more else None
        preceding = _position(terms, rows[0], True) if rows else None
        return Window(rows, following, preceding, True)
    rows = list(queryset.filter(_after(terms, values, True)).order_by(*_reverse(terms))[:size + 1])
    more = len(rows) > size
    rows = rows[:size][::-1]
    following = _position(terms, rows[-1], False) if rows else None
    preceding = _position(terms, rows[0], True) if more else None
    return Window(rows, following, preceding, True)


def _by_offset(queryset, size, payload, offset):
    if payload is not None:
        offset = payload.get("o")
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise Invalid({"cursor": [BAD_CURSOR]})
    rows = list(queryset[offset:offset + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    following = _encode({"o": offset + size}) if more else None
    preceding = _encode({"o": max(offset - size, 0)}) if offset else None
    return Window(rows, following, preceding, False)


def capped_count(queryset, cap=COUNT_CAP):
    """``(count, exact)``: the number of rows up to ``cap``, exact, or ``cap`` and False beyond it.

    A capped count is a count over a subquery; Django's subquery for a ``values()`` queryset selects every named
    column, which keeps PostgreSQL from counting from the index alone. When those columns are the model's own (no
    join, so no row more or less) and the rows are not made distinct, counting the primary keys counts the same
    rows."""
    fields = getattr(queryset, "_fields", None)
    if fields and not queryset.query.distinct:
        own = {field.attname for field in queryset.model._meta.concrete_fields}
        own |= {field.name for field in queryset.model._meta.concrete_fields}
        if all(name in own or name == "pk" for name in fields):
            queryset = queryset.values("pk")
    counted = queryset.order_by()[:cap + 1].count()
    return (counted, True) if counted <= cap else (cap, False)
