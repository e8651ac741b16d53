"""A database's refusal (``IntegrityError``) in words a user can act on, never the database's own text.

Forms and serializers validate every named constraint before saving, but two people saving at once, or a constraint
Django cannot check in Python, can still make the database refuse the row. Its text ("UNIQUE constraint failed:
risks_risk.tenant_id, risks_risk.ref", 'violates check constraint "risk_…"') names tables and columns, so it is never
shown: the constraint it names gives its ``violation_error_message`` (every portal constraint has one,
tests/test_constraint_messages.py), a unique column set the sentence Django's own unique check would give, and
anything else a general sentence. ``core.forms.save_form`` puts it on the form; ``core.api.exceptions`` answers 400.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models

GENERAL = ("This conflicts with an existing record: someone may have saved the same thing a moment ago. "
           "Check the details and save again.")


@dataclass(frozen=True)
class Conflict:
    """What to tell the user, and the model fields it concerns (in the constraint's order; may be none)."""

    message: str
    fields: tuple = ()


def constraint_fields(constraint):
    """The model fields a constraint names: a unique constraint's fields, else those its condition reads."""
    names = list(getattr(constraint, "fields", ()) or ())
    if not names and getattr(constraint, "condition", None) is not None:
        names = sorted(constraint.condition.referenced_base_fields)
    return tuple(names)


def _models_to_search(model):
    found = [model] if model is not None else []
    return found + [candidate for candidate in apps.get_models() if candidate is not model]


def _named_constraint(text, model):
    """The constraint whose name the database's text contains (the longest, so one name inside another is no match)."""
    best = None
    for candidate in _models_to_search(model):
        for constraint in candidate._meta.constraints:
            if re.search(rf"(?<![\w]){re.escape(constraint.name)}(?![\w])", text) and (
                    best is None or len(constraint.name) > len(best.name)):
                best = constraint
    return best


def _unique_columns(text):
    """(table, [columns]) of a unique violation: SQLite lists "table.column"s, PostgreSQL "Key (a, b)=(…)"."""
    sqlite = re.search(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)", text)
    if sqlite:
        pairs = [item.split(".", 1) for item in sqlite.group(1).split(", ") if "." in item]
        if pairs:
            return pairs[0][0], [column for _, column in pairs]
    postgres = re.search(r'unique constraint "\w+"', text) and re.search(r"Key \(([^)]*)\)=", text)
    if postgres:
        table = re.search(r'relation "(\w+)"', text)
        return (table.group(1) if table else None), [name.strip().strip('"') for name in postgres.group(1).split(",")]
    return None, []


def _unique_conflict(model, columns):
    """The sentence Django's unique check gives for these columns of ``model``, or None if it has no such set."""
    by_column = {field.column: field for field in model._meta.concrete_fields}
    if not all(column in by_column for column in columns):
        return None
    names = tuple(by_column[column].name for column in columns)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and set(constraint_fields(constraint)) == set(names):
            message = str(constraint.get_violation_error_message())
            if constraint.name not in message:
                return Conflict(message, names)
    shown = [by_column[column] for column in columns if by_column[column].name != "tenant"]
    if not shown:
        return None
    labels = " and ".join(str(field.verbose_name) for field in shown)
    return Conflict(f"A {model._meta.verbose_name} with this {labels} already exists.", names)


def explain(exc, model=None):
    """A ``Conflict`` for an ``IntegrityError`` (``model``, the row's model where known, is searched first)."""
    text = " ".join(str(part) for part in (exc, exc.__cause__) if part is not None)
    constraint = _named_constraint(text, model)
    if constraint is not None:
        message = str(constraint.get_violation_error_message())
        if constraint.name not in message:  # Django's default message names the constraint: never shown
            return Conflict(message, constraint_fields(constraint))
    table, columns = _unique_columns(text)
    if columns:
        # Without the table's name (PostgreSQL's text may omit it) only the row's own model is asked.
        for candidate in _models_to_search(model) if table else [model] if model else []:
            if table in (None, candidate._meta.db_table):
                conflict = _unique_conflict(candidate, columns)
                if conflict is not None:
                    return conflict
    return Conflict(GENERAL)
