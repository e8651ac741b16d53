"""Readable change logs from simple_history rows: who changed what, and when (PID s4.8).

Every app shows the same shape, in the API (``<resource>/<id>/history/``) and in the browser:
``[{"when", "who", "type", "subject", "reason", "changes": [{"field", "label", "old", "new"}]}]``,
newest first. Foreign keys are shown by name, choices by label, dates in ISO 8601.
"""

from core.models import User

REASON_FIELD = "history_change_reason"

TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping columns that change without anyone meaning to change them.
ALWAYS_SKIPPED = {"id", "tenant", "created", "updated", "number"}
LABEL_FIELDS = ("username", "ref", "name", "title", "code")


def _label_field(model):
    names = {field.name for field in model._meta.concrete_fields}
    if model is User:
        return "username"
    return next((name for name in LABEL_FIELDS if name in names), "pk")


def _diff(model, old, new, skip):
    changes = []
    for field in new.tracked_fields:
        if field.name in skip:
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before != after:
            changes.append((field, before, after))
    return changes


def _names(changes_by_record):
    """Display names of every foreign key value mentioned, one query per related model."""
    wanted = {}
    for changes in changes_by_record:
        for field, old, new in changes:
            if field.is_relation and field.related_model is not None:
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v not in (None, ""))
    names = {}
    for model, ids in wanted.items():
        label = _label_field(model)
        for pk, text in model._base_manager.filter(pk__in=ids).values_list("pk", label):
            names[(model, pk)] = str(text)
    return names


def _display(field, value, names):
    if value in (None, ""):
        return value
    if field.is_relation and field.related_model is not None:
        return names.get((field.related_model, value), value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def entries(model, records, subject=None, skip=()):
    """Change-log entries for ``records`` (historical rows of ``model``, any order, any number of objects):
    each row is compared with the previous row of the same object. ``subject(record)`` names what changed
    when one log shows several kinds of object."""
    skip = ALWAYS_SKIPPED | set(skip)
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous, raw = {}, []
    for record in records:
        before = previous.get(record.id)
        raw.append((record, _diff(model, before, record, skip) if before is not None else []))
        previous[record.id] = record
    names = _names(changes for _, changes in raw)
    result = []
    for record, changes in raw:
        result.append({
            "when": record.history_date,
            "who": record.history_user.username if record.history_user_id else None,
            "type": TYPES.get(record.history_type, record.history_type),
            "subject": subject(record) if subject else str(model._meta.verbose_name).capitalize(),
            "reason": record.history_change_reason or "",
            "changes": [
                {
                    "field": field.name,
                    "label": str(field.verbose_name),
                    "old": _display(field, old, names),
                    "new": _display(field, new, names),
                }
                for field, old, new in changes
            ],
        })
    return result


def change_log(instance, skip=(), also=()):
    """Newest first. ``also`` adds other streams: ``(model, records, subject)`` triples, e.g. a benefit's
    measurements next to the benefit itself."""
    model = type(instance)
    log = entries(model, instance.history.select_related("history_user"), skip=skip)
    for other_model, records, subject in also:
        log += entries(other_model, records, subject=subject, skip=skip)
    log.sort(key=lambda entry: entry["when"], reverse=True)
    return log


def fit_reason(sender, history_instance, **kwargs):
    """Every history row's reason fits its column (100 characters): the one place reasons are cut, so a long
    withdrawal reason or file name never fails the save (issue 15). The whole text stays on the object itself
    (a case's ``withdrawn_reason``). Connected to simple_history's ``pre_create_historical_record``."""
    reason = getattr(history_instance, REASON_FIELD, None)
    limit = history_instance._meta.get_field(REASON_FIELD).max_length
    if reason and limit and len(reason) > limit:
        setattr(history_instance, REASON_FIELD, reason[:limit - 1].rstrip() + "…")
