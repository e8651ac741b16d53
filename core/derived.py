"""Computations over a whole partnership, cached against a per-partnership version that every write to their inputs
changes (issue 20): a benefits page no longer runs the double-counting check over every benefit on every request.

An app declares a computation's inputs once (``watch("benefits.double_counting", [Benefit, ...])``): a save or
delete of any of them, or a change to a watched many-to-many relation, gives the partnership's ``DerivedVersion``
row for that key a new random token, inside the same transaction (a write that rolls back leaves the version as it
was). ``cached(key, compute)`` reads the token (one query) and answers the value cached under it, computing and
keeping it on a miss. The token is random, not a counter, so a version can never come back after a rollback and
meet a value cached for other data. Writes that bypass signals (``QuerySet.update``, ``bulk_create``) must call
``bump`` themselves. With no version row yet (nothing watched has been written) the value is computed each time.

``remembered`` keeps a value in the process's own memory instead, for what is read on every request (the RACI matrix,
``core.rules``): a hit is a dictionary look-up, where a cache server would cost the round trip the value saves.
"""

import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.models import DerivedVersion
from core.tenancy import get_current_tenant_id

TIMEOUT = 24 * 60 * 60  # a day: a value nobody asks for again leaves the cache
_WATCHED = {}


def bump(tenant_id, key):
    """A new version of ``key`` for this partnership (call it after a write that sends no signal)."""
    if tenant_id is None:
        return
    token = uuid.uuid4().hex
    if not DerivedVersion.all_tenants.filter(tenant_id=tenant_id, key=key).update(token=token):
        row, created = DerivedVersion.all_tenants.get_or_create(tenant_id=tenant_id, key=key,
                                                                defaults={"token": token})
        if not created:  # another write made the first version meanwhile: this write still needs a new one
            DerivedVersion.all_tenants.filter(pk=row.pk).update(token=token)


def _bump_for(key):
    def receiver(sender, instance, **kwargs):
        if kwargs.get("raw"):  # loaddata
            return
        if kwargs.get("action") and not kwargs["action"].startswith("post_"):
            return
        bump(getattr(instance, "tenant_id", None) or get_current_tenant_id(), key)

    return receiver


def watch(key, models, m2m=()):
    """Every save or delete of ``models``, and every change of the ``m2m`` through tables, versions ``key``."""
    receiver = _WATCHED.setdefault(key, _bump_for(key))
    for model in models:
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"derived:{key}:{model._meta.label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"derived-del:{key}:{model._meta.label}")
    for through in m2m:
        m2m_changed.connect(receiver, sender=through, weak=False,
                            dispatch_uid=f"derived-m2m:{key}:{through._meta.label}")


def keys():
    """Every key an app watches."""
    return sorted(_WATCHED)


def version(key, tenant_id=None):
    tenant_id = tenant_id or get_current_tenant_id()
    return DerivedVersion.all_tenants.filter(tenant_id=tenant_id, key=key).values_list("token", flat=True).first()


def cached(key, compute, tenant_id=None, variant=""):
    """``compute()``'s value for the active partnership, cached under the version of ``key``. ``variant`` tells
    apart values of one key that differ by something other than the partnership's data (a reader's visibility
    condition, say), which the caller must make part of ``variant`` whole."""
    tenant_id = tenant_id or get_current_tenant_id()
    token = version(key, tenant_id) if tenant_id else None
    if token is None:
        return compute()
    cache_key = f"derived:{key}:{tenant_id}:{token}" + (f":{variant}" if variant else "")
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


# Values every request reads, kept in this process (``remembered``) -------------------------------------------------

REMEMBER_SECONDS = 300  # a backstop: a write that bypassed ``bump`` (a shell's update()) is forgotten within minutes
REMEMBER_ENTRIES = 1024
_remembered = OrderedDict()  # (key, tenant id, token) -> (expiry on the monotonic clock, value)
_remembered_lock = threading.Lock()
UNKNOWN = object()


def remembered(key, tenant_id, token, load):
    """The value of ``key`` for the partnership at version ``token`` (as the caller read it: ``version``, or a column
    of a statement it makes anyway), from this process's memory, or ``load()``'s on a miss.

    ``load()`` returns ``(token, value)`` read in one statement, so the value is always kept under the version it
    was read with: a write committed between the caller's read of the token and the load can only leave the value
    under the newer token, never under the older one. A token that is None (no version row: no watched write since
    the partnership began) is a version like any other, which holds only for keys whose every writer bumps (bulk
    writers too); ``UNKNOWN`` skips the look-up and loads. A load that answers no token and no value (None) is not
    kept."""
    entry_key = (key, tenant_id, token)
    now = time.monotonic()
    if token is not UNKNOWN:
        found = _remembered.get(entry_key)
        if found is not None and found[0] > now:
            return found[1]
    loaded_token, value = load()
    if loaded_token is not None or value is not None:
        with _remembered_lock:
            _remembered[(key, tenant_id, loaded_token)] = (now + REMEMBER_SECONDS, value)
            _remembered.move_to_end((key, tenant_id, loaded_token))
            while len(_remembered) > REMEMBER_ENTRIES:
                _remembered.popitem(last=False)
    return value


def forget():
    """Empty this process's remembered values (tests)."""
    with _remembered_lock:
        _remembered.clear()
