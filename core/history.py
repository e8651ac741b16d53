"""Readable change logs from simple_history rows: who changed what, and when (PID s4.8).

Every app shows the same shape, in the API (``<resource>/<id>/history/``) and in the browser:
``[{"when", "who", "type", "subject", "reason", "changes": [{"field", "label", "old", "new"}]}]``,
newest first. Foreign keys are shown by name, choices by label, dates in ISO 8601.
"""

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

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


def entries(model, records, subject=None, skip=(), shown=None):
    """Change-log entries for ``records`` (historical rows of ``model``, any order, any number of objects):
    each row is compared with the previous row of the same object. ``subject(record)`` names what changed
    when one log shows several kinds of object. With ``shown`` (history ids), the other records are only the
    baselines those are compared with."""
    skip = ALWAYS_SKIPPED | set(skip)
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous, raw = {}, []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if shown is not None and record.history_id not in shown:
            continue
        raw.append((record, _diff(model, before, record, skip) if before is not None else []))
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


HISTORY_SHOWN = 50  # changes a page shows before "Show all changes"


class ChangeLog(list):
    """A change log, newest first; ``more`` is True when older changes were left out (``change_log``'s limit)."""

    more = False


def _latest(model, records, limit, subject, skip):
    """The entries of the ``limit`` newest records of a stream. Each object's oldest record among them is compared
    with the record before it (its baseline), all of them read in one query however many objects the window holds
    (a benefit's 50 latest changes may be 50 measurements'). Returns (entries, whether older records were left
    out)."""
    newest_first = ("-history_date", "-history_id")
    window = list(records.order_by(*newest_first)[: limit + 1])
    cut = len(window) > limit
    window = window[:limit]
    earliest = {record.id: record for record in window}  # newest first: the last one kept per object is its oldest
    older = Q()
    for record in earliest.values():
        if record.history_type != "+":  # a creation has no baseline
            older |= Q(id=record.id) & (Q(history_date__lt=record.history_date)
                                        | Q(history_date=record.history_date, history_id__lt=record.history_id))
    baselines = []
    if older:
        newest = Window(RowNumber(), partition_by=[F("id")], order_by=[F("history_date").desc(),
                                                                       F("history_id").desc()])
        baselines = list(records.filter(older).annotate(baseline_rank=newest).filter(baseline_rank=1))
    shown = {record.history_id for record in window}
    return entries(model, baselines + window, subject=subject, skip=skip, shown=shown), cut


def history_limit(request):
    """``HISTORY_SHOWN``, or None (every change) when the page was asked for ``?history=all``."""
    return None if request.GET.get("history") == "all" else HISTORY_SHOWN


def change_log(instance, skip=(), also=(), limit=None):
    """Newest first. ``also`` adds other streams: ``(model, records, subject)`` triples, e.g. a benefit's
    measurements next to the benefit itself. With ``limit``, the newest ``limit`` changes only, read as such from
    the database (an object changed ten thousand times shows a page, not its whole life), and ``more`` says so."""
    model = type(instance)
    own = instance.history.select_related("history_user")
    streams = [(model, own, None), *also]
    log = ChangeLog()
    for stream_model, records, subject in streams:
        if limit is None:
            log += entries(stream_model, records, subject=subject, skip=skip)
        else:
            found, cut = _latest(stream_model, records, limit, subject, skip)
            log += found
            log.more = log.more or cut
    log.sort(key=lambda entry: entry["when"], reverse=True)
    if limit is not None and len(log) > limit:
        del log[limit:]
        log.more = True
    return log


def fit_reason(sender, history_instance, **kwargs):
    """Every history row's reason fits its column (100 characters): the one place reasons are cut, so a long
    withdrawal reason or file name never fails the save (issue 15). The whole text stays on the object itself
    (a case's ``withdrawn_reason``). Connected to simple_history's ``pre_create_historical_record``."""
    reason = getattr(history_instance, REASON_FIELD, None)
    limit = history_instance._meta.get_field(REASON_FIELD).max_length
    if reason and limit and len(reason) > limit:
        setattr(history_instance, REASON_FIELD, reason[:limit - 1].rstrip() + "…")
