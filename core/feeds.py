"""The reporting exchange: every register as a bulk feed that Power BI, Excel and other reporting tools load
directly, with a change cursor so a tool loads only what changed since last time (README "The reporting exchange",
docs/connecting_bi.md). The HTTP side is ``core.api.feeds``; the feeds are registered by the apps
(``core.registry.register_feed`` in each app's ``feeds`` module), so the kernel knows no register.

- **Rows**: a feed's ``rows(user)`` is the queryset of what the user may read (the register's API list filtering,
  restricted items left out), read as flat values (``columns``), a page at a time in primary-key order
  (``pk > last``, an index range: the last page costs what the first does; memory holds one page).
- **Change cursor**: the last page of a load carries a ``since`` cursor holding the moment the load started. Given
  back, the feed answers the rows whose history (django-simple-history, which every register keeps) has an entry
  from ``OVERLAP`` before that moment: their current values if the user may still read them, else a tombstone
  (``{"@removed": {"reason": "deleted" | "changed"}, "id": ...}``: deleted, or no longer readable by the user).
  The overlap covers a change committed a little after it was stamped (a long transaction); a row may therefore
  come twice, which a tool keying on ``id`` absorbs. A change made without history (a bulk ``UPDATE`` in a
  migration or a script) is not seen: load the feed afresh after one.
- **Cursors** are signed (``django.core.signing``): one that was altered, or made for another feed or partnership,
  is refused (``Invalid``, a 400), never read.
- ``metadata()``: the feeds' OData v4 CSDL document (entity types with their property types and key).
"""

import datetime
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.core import signing
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, NullIf, Trim
from django.utils import timezone

from core import registry
from core.exceptions import DomainError, Invalid
from core.models import FeedSettings

SALT = "core.feeds.cursor"
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 5000
OVERLAP = datetime.timedelta(minutes=5)
NAMESPACE = "BCTPortal"
BAD_CURSOR = "The cursor is not one this feed gave (or it was altered): load the feed afresh without it."
OTHER_FEED = "The cursor was given by another feed or partnership: use the one this feed's last page gave."
TURNED_OFF = ("The reporting exchange is turned off for this partnership. The PMO can turn it on under "
              "Security audit trail > Reporting exchange (/audit/reporting-exchange/).")

EDM_TYPES = {
    "AutoField": "Edm.Int64", "BigAutoField": "Edm.Int64", "SmallAutoField": "Edm.Int64",
    "IntegerField": "Edm.Int64", "BigIntegerField": "Edm.Int64", "SmallIntegerField": "Edm.Int64",
    "PositiveIntegerField": "Edm.Int64", "PositiveBigIntegerField": "Edm.Int64",
    "PositiveSmallIntegerField": "Edm.Int64",
    "DecimalField": "Edm.Decimal", "FloatField": "Edm.Double", "BooleanField": "Edm.Boolean",
    "DateField": "Edm.Date", "DateTimeField": "Edm.DateTimeOffset", "UUIDField": "Edm.Guid",
}


class FeedsTurnedOff(DomainError):
    default_message = TURNED_OFF


@dataclass(frozen=True)
class Column:
    name: str
    source: object  # a lookup path (str) or an expression with an output_field
    edm: str
    nullable: bool
    precision: int | None = None
    scale: int | None = None


@dataclass
class Page:
    rows: list
    removed: list = field(default_factory=list)  # [(id, reason)]
    next: str | None = None  # the cursor of the next page
    since: str | None = None  # on a load's last page: the cursor of the next load (changes since this one began)
    delta: bool = False
    select: list | None = None


def turned_on(tenant):
    return FeedSettings.all_tenants.filter(tenant_id=getattr(tenant, "pk", tenant), enabled=True).exists()


def require_turned_on(tenant):
    if not turned_on(tenant):
        raise FeedsTurnedOff()


def _resolve(model, path):
    """The model field ``path`` ends on, and whether it may be null on the way (a nullable foreign key)."""
    nullable = False
    parts = path.split("__")
    for index, part in enumerate(parts):
        found = model._meta.get_field(part)
        nullable = nullable or found.null
        if index < len(parts) - 1:
            model = found.related_model
    return found, nullable


def _column(model, name, source):
    if isinstance(source, str):
        found, nullable = _resolve(model, source)
    else:
        found, nullable = source.output_field, True
    if found.is_relation:
        found = found.target_field
    edm = EDM_TYPES.get(found.get_internal_type(), "Edm.String")
    if name == model._meta.pk.attname:
        nullable = False
    if edm == "Edm.Decimal":
        return Column(name, source, edm, nullable, found.max_digits, found.decimal_places)
    return Column(name, source, edm, nullable)


def columns(feed):
    """The feed's columns, its key (the primary key, ``id``) first."""
    pk = feed.model._meta.pk.attname
    found = [_column(feed.model, pk, pk)]
    found += [_column(feed.model, name, source) for name, source in feed.columns if name != pk]
    return found


def _values(queryset, chosen):
    plain = [column.name for column in chosen if column.source == column.name]
    named = {column.name: (F(column.source) if isinstance(column.source, str) else column.source)
             for column in chosen if column.source != column.name}
    return queryset.values(*plain, **named)


def _encode(payload):
    return signing.dumps(payload, salt=SALT, compress=True)


def _decode(token, feed, tenant_id, kind, name):
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Invalid({name: [BAD_CURSOR]}) from None
    if not isinstance(payload, dict) or payload.get("kind") != kind:
        raise Invalid({name: [BAD_CURSOR]})
    if payload.get("f") != feed.key or payload.get("t") != tenant_id:
        raise Invalid({name: [OTHER_FEED]})
    return payload


def _when(text, name):
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise Invalid({name: [BAD_CURSOR]}) from None


def choose(feed, select):
    """The columns ``$select`` names (comma-separated), the key always among them; all of them for None."""
    every = columns(feed)
    if not select:
        return every
    names = [name.strip() for name in select.split(",") if name.strip()]
    known = {column.name: column for column in every}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise Invalid({"$select": [f"No such column in {feed.key}: {', '.join(unknown)}. "
                                   f"The columns are listed in $metadata."]})
    return [every[0]] + [known[name] for name in dict.fromkeys(names) if name != every[0].name]


def start(feed, tenant_id, *, since=None, select=None, size=DEFAULT_PAGE_SIZE, top=None):
    """The state of a new load: from the first row, or (``since``: a cursor a previous load's last page gave) of
    what changed since that load began."""
    state = {"kind": "page", "f": feed.key, "t": tenant_id, "a": timezone.now().isoformat(), "k": 0, "n": size,
             "r": top, "s": None, "c": select}
    if since:
        previous = _decode(since, feed, tenant_id, "since", "since")
        state["s"] = (_when(previous.get("a"), "since") - OVERLAP).isoformat()
    return state


def resume(feed, tenant_id, cursor):
    """The state a next page's cursor holds."""
    state = _decode(cursor, feed, tenant_id, "page", "cursor")
    size = state.get("n")
    if not isinstance(state.get("k"), int) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise Invalid({"cursor": [BAD_CURSOR]})
    if state.get("s") is not None:
        _when(state["s"], "cursor")
    return state


def read(feed, user, state):
    """One page of the load ``state`` describes (``start`` or ``resume``)."""
    chosen = choose(feed, state.get("c"))
    size = state["n"] if state.get("r") is None else min(state["n"], state["r"])
    rows = feed.rows(user).prefetch_related(None).order_by("pk")
    if state.get("s") is None:
        found = list(_values(rows.filter(pk__gt=state["k"]), chosen)[:size + 1])
        more = len(found) > size
        page = Page(found[:size], select=[column.name for column in chosen] if state.get("c") else None)
        last = page.rows[-1][chosen[0].name] if page.rows else state["k"]
    else:
        history = feed.model.history.model
        ids = list(history.objects.filter(history_date__gte=_when(state["s"], "cursor"), id__gt=state["k"])
                   .order_by("id").values_list("id", flat=True).distinct()[:size + 1])
        more = len(ids) > size
        ids = ids[:size]
        found = list(_values(rows.filter(pk__in=ids), chosen))
        readable = {row[chosen[0].name] for row in found}
        missing = [pk for pk in ids if pk not in readable]
        existing = set(feed.model.objects.filter(pk__in=missing).values_list("pk", flat=True)) if missing else set()
        page = Page(found, [(pk, "changed" if pk in existing else "deleted") for pk in missing], delta=True,
                    select=[column.name for column in chosen] if state.get("c") else None)
        last = ids[-1] if ids else state["k"]
    remaining = None if state.get("r") is None else state["r"] - len(page.rows) - len(page.removed)
    if more and (remaining is None or remaining > 0):
        page.next = _encode({**state, "k": last, "r": remaining})
    elif not more and state.get("r") is None:
        page.since = _encode({"kind": "since", "f": feed.key, "t": state["t"], "a": state["a"]})
    return page


def entity_type(feed):
    return "".join(part.title() for part in re.split(r"[^A-Za-z0-9]+", feed.key) if part)


def metadata():
    """The OData v4 CSDL (XML) describing every feed: ``$metadata``."""
    edmx = ElementTree.Element("edmx:Edmx", {"Version": "4.0", "xmlns:edmx": "http://docs.oasis-open.org/odata/ns/edmx"})
    services = ElementTree.SubElement(edmx, "edmx:DataServices")
    schema = ElementTree.SubElement(services, "Schema", {"Namespace": NAMESPACE,
                                                         "xmlns": "http://docs.oasis-open.org/odata/ns/edm"})
    for feed in registry.feeds():
        entity = ElementTree.SubElement(schema, "EntityType", {"Name": entity_type(feed)})
        key = ElementTree.SubElement(entity, "Key")
        every = columns(feed)
        ElementTree.SubElement(key, "PropertyRef", {"Name": every[0].name})
        for column in every:
            attributes = {"Name": column.name, "Type": column.edm, "Nullable": "true" if column.nullable else "false"}
            if column.precision is not None:
                attributes.update(Precision=str(column.precision), Scale=str(column.scale))
            ElementTree.SubElement(entity, "Property", attributes)
    container = ElementTree.SubElement(schema, "EntityContainer", {"Name": "Container"})
    for feed in registry.feeds():
        ElementTree.SubElement(container, "EntitySet", {"Name": feed.key,
                                                        "EntityType": f"{NAMESPACE}.{entity_type(feed)}"})
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(edmx, encoding="utf-8",
                                                                              xml_declaration=False)


def person(path):
    """A column of the name of the person ``path`` (a foreign key to a user: ``owner``) points to, or null."""
    joined = Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name"), output_field=models.CharField())
    return NullIf(Trim(joined), Value(""), output_field=models.CharField())
