"""Fast inserts for generated data: ``bulk_create`` in batches, stored timestamps as generated, history rows.

``bulk_create`` bypasses ``save()``, so the builders set the tenant and every derived column themselves
(refs and numbers, scores, tiers, authorities, positions); the named database constraints check them.
"""

import datetime
import random
from contextlib import contextmanager

from django.db import models
from django.utils import timezone

BATCH = 2000
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def insert(model, rows, batch_size=BATCH):
    """Insert ``rows`` (unsaved instances, tenant set) and return them with their primary keys."""
    manager = getattr(model, "all_tenants", None) or model._default_manager
    with stored_timestamps(model):
        return manager.bulk_create(rows, batch_size=batch_size)


@contextmanager
def stored_timestamps(model):
    """Keep the ``created``/``updated`` values the generator chose: ``auto_now``/``auto_now_add`` would
    overwrite them with the time of the insert. Only for the generator's own bulk inserts."""
    toggled = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
            toggled.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in toggled:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def history_model(model):
    return model.history.model


def tracked_attnames(history):
    return [f.attname for f in history._meta.concrete_fields if f.name not in HISTORY_FIELDS]


class HistoryWriter:
    """Collects historical rows for one model and inserts them in batches.

    ``record(obj, when, kind, user_id, reason, **changed)`` stores the object's fields as they are, except
    ``changed`` (the values it had at that moment), so a change log can diff consecutive rows."""

    def __init__(self, model):
        self.history = history_model(model)
        self.names = tracked_attnames(self.history)
        self.rows = []
        self.count = 0

    def record(self, obj, when, kind="+", user_id=None, reason="", **changed):
        values = {name: getattr(obj, name) for name in self.names}
        values.update(changed)
        self.rows.append(self.history(**values, history_date=when, history_type=kind, history_user_id=user_id,
                                      history_change_reason=reason))
        if len(self.rows) >= BATCH * 5:
            self.flush()

    def flush(self):
        if self.rows:
            self.history.all_tenants.bulk_create(self.rows, batch_size=BATCH)
            self.count += len(self.rows)
            self.rows = []
        return self.count


def moment(day, rng):
    """An aware datetime on ``day`` during working hours."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + rng.randrange(10), rng.randrange(60))))


def spread(rng, start, end):
    """A random date between ``start`` and ``end`` inclusive."""
    days = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, days))


def later_dates(rng, start, end, count):
    """``count`` sorted dates after ``start`` and not after ``end``."""
    if end <= start:
        return [start] * count
    return sorted(spread(rng, start + datetime.timedelta(days=1), end) for _ in range(count))


def rng_for(seed, *parts):
    return random.Random(f"{seed}:{':'.join(map(str, parts))}")
