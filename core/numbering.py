"""Reference numbers: the one allocator every register uses (``allocate``), on ``ReferenceCounter`` rows."""

from django.db import IntegrityError, transaction
from django.db.models import F, Max

from core.models.numbering import ReferenceCounter


def allocate(tenant_id, kind, count=1, floor=None):
    """Reserve ``count`` consecutive numbers of ``kind`` in the partnership; returns the first. Call inside the
    saving transaction. ``floor()`` is the highest number already used, read once when the kind's counter is
    first made (so registers numbered before the counter existed carry on from their last number)."""
    counters = ReferenceCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind)
    with transaction.atomic():
        if not counters.update(last=F("last") + count):
            start = (floor() or 0) if floor is not None else 0
            try:
                with transaction.atomic():
                    ReferenceCounter.all_tenants.create(tenant_id=tenant_id, kind=kind, last=start + count)
                    return start + 1
            except IntegrityError:
                # Another transaction made the counter first: take the next numbers from theirs.
                counters.update(last=F("last") + count)
        return counters.values_list("last", flat=True).get() - count + 1


def highest(model, tenant_id, field="number"):
    """A ``floor`` for ``allocate``: the highest ``field`` of ``model`` in the partnership, or 0."""
    return lambda: model.all_tenants.filter(tenant_id=tenant_id).aggregate(n=Max(field))["n"] or 0


def bump_to_at_least(tenant_id, kind, number):
    """Make later allocations come after ``number`` (after bulk loads that set numbers themselves)."""
    with transaction.atomic():
        allocate(tenant_id, kind, 0)
        ReferenceCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind, last__lt=number).update(last=number)


def number_and_save(obj, kind, save):
    """Save ``obj`` (``save()``, the model's own save) with its reference ``KIND-0001``: an existing number is
    kept; a new one is allocated in the same transaction, so it is taken only if the row is saved."""
    if obj.number:
        obj.ref = f"{kind}-{obj.number:04d}"
        return save()
    try:
        with transaction.atomic():
            obj.number = allocate(obj.tenant_id, kind, floor=highest(type(obj), obj.tenant_id))
            obj.ref = f"{kind}-{obj.number:04d}"
            return save()
    except BaseException:
        obj.number, obj.ref = None, ""
        raise
