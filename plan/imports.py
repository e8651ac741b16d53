"""Import the plan from a spreadsheet of the export's shape (.xlsx or CSV, ``plan.exports``): previewed, then all or
nothing (``core.imports``).

``preview(upload, user)`` reads every row and works out what importing would do, writing nothing: the items and
external dependencies it would **add**, those it would **change** field by field (old → new), those **unchanged**,
and every row **refused** with its row number and column ("Forecast date: ..."). ``plan.import_apply.apply``
writes a preview the user confirmed.

- A row whose Kind is an item's (Milestone, Deliverable, Step-change) is a plan item: its Ref (PI-0001) names the
  item it updates, a blank Ref adds one. "Waits for" is the item's whole list of predecessors by reference, each
  optionally with its type and lag as the export writes them ("PI-0003 (finish to start, lag 5 days)"): references
  added, retyped or left out change the item's dependencies. A reference must name an item already in the plan.
- A row whose Kind begins "External:" (External: A national decision) is an external dependency: its Ref (EXT-12)
  names the one it updates, a blank Ref adds one; "Needed by" is the Ref of the item that waits for it, Owner the
  person or body outside the programme, Forecast date its due date, Actual date the day it was met, Description
  its note. Import never deletes an external dependency.
- Baseline date, Variance, Status of an external row and Pushed by are the portal's to work out: they are not read.

A Ref that is not this partnership's, a reference to a missing item, a dependency on itself, one that would close
a loop (named: "PI-0003 → PI-0007 → PI-0003"), a malformed date, an unknown kind, owner, workstream, project or
stage, or a row the importer may not write is refused, and a preview with any refused row applies nothing.
"""

import copy
import datetime
import re

from django.core.exceptions import ValidationError

from core import rules
from core.exports import user_name
from core.imports import Preview, change
from core.models import User
from core.tabular import HEADER_ROWS, read_table
from core.uploads import check_upload, display_name
from plan import schedule
from plan.choices import DependencyType, ExternalKind, ItemKind, ItemStatus, Level
from plan.exports import EXTERNAL_KIND, EXTERNAL_REF, external_ref, link_text
from plan.models import ExternalDependency, PlanDependency, PlanItem
from plan.rules import (
    ADD_DEPENDENCY,
    ADD_EXTERNAL,
    ADD_ITEM,
    CHANGE_DEPENDENCY,
    CHANGE_EXTERNAL,
    CHANGE_ITEM,
    DELETE_DEPENDENCY,
)
from programme.models import Project, Stage, Workstream

MAX_ROWS = 2000
REQUIRED = ("Ref", "Kind", "Title", "Forecast date")
ITEM_REF = re.compile(r"^PI-\d+$", re.I)
EXT_REF = re.compile(rf"^{EXTERNAL_REF}(\d+)$", re.I)
LINK = re.compile(r"^\s*(?P<ref>[A-Z]+-\d+)\s*(\((?P<type>[a-z -]+?)(,\s*lag\s*(?P<lag>-?\d+)\s*days?)?\))?\s*$", re.I)
EXTERNAL = re.compile(r"^external\s*[:\-–]?\s*", re.I)
TYPES = {label.lower(): value for value, label in DependencyType.choices}
TYPE_LABELS = dict(DependencyType.choices)
DATES = ("start_date", "forecast_date", "actual_date", "due_date", "met_date")
MODELS = {"workstream": Workstream, "project": Project, "stage": Stage, "owner": User}


def text(value):
    """A cell as text: line endings as \\n (Excel writes \\r\\n), outer spaces gone."""
    return "" if value is None else str(value).strip().replace("\r\n", "\n").replace("\r", "\n")


def read_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text(value), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"\"{text(value)}\" is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")


def _choice(value, choices):
    wanted = text(value).lower()
    for key, label in choices:
        if wanted in (key, str(label).lower()):
            return key
    raise ValueError(f"\"{text(value)}\" is not one of: {', '.join(str(label) for _, label in choices)}.")


class Lookups:
    """The partnership's workstreams, projects, stages and members by name, read once per import."""

    def __init__(self, tenant):
        self.named = {model: {obj.name.lower(): obj for obj in model.objects.all()}
                      for model in (Workstream, Project, Stage)}
        members = list(User.objects.filter(memberships__tenant=tenant).distinct())
        by_name = {}
        for user in members:
            by_name.setdefault(user.get_full_name().lower(), []).append(user)
        # A full name two members share names neither; a username always names its user.
        self.users = {name: users[0] for name, users in by_name.items() if name and len(users) == 1}
        self.users.update({user.username.lower(): user for user in members})

    def name(self, model, value):
        wanted = text(value)
        if not wanted:
            return None
        found = self.named[model].get(wanted.lower())
        if found is None:
            raise ValueError(f"There is no {model._meta.verbose_name} \"{wanted}\" in this partnership.")
        return found

    def owner(self, value):
        wanted = text(value)
        if not wanted:
            return None
        found = self.users.get(wanted.lower())
        if found is None:
            raise ValueError(f"\"{wanted}\" is not a member of this partnership (give a username or full name).")
        return found


def item_readers(lookups):
    """{heading: (field, read)} of an item's row."""
    return {
        "Kind": ("kind", lambda v: _choice(v, ItemKind.choices)),
        "Title": ("title", text),
        "Level": ("level", lambda v: _choice(v, Level.choices)),
        "Workstream": ("workstream", lambda v: lookups.name(Workstream, v)),
        "Project": ("project", lambda v: lookups.name(Project, v)),
        "Stage": ("stage", lambda v: lookups.name(Stage, v)),
        "Owner": ("owner", lambda v: lookups.owner(v)),
        "Start": ("start_date", read_date),
        "Forecast date": ("forecast_date", read_date),
        "Actual date": ("actual_date", read_date),
        "Status": ("status", lambda v: _choice(v, ItemStatus.choices) if text(v) else ItemStatus.NOT_STARTED),
        "Outputs and outcomes": ("outputs", text),
        "Description": ("description", text),
    }


EXTERNAL_READERS = {
    "Kind": ("kind", lambda v: _choice(EXTERNAL.sub("", text(v)), ExternalKind.choices)),
    "Title": ("title", text),
    "Owner": ("owner", text),
    "Forecast date": ("due_date", read_date),
    "Actual date": ("met_date", read_date),
    "Description": ("note", text),
}
HEADINGS = {field: heading for heading, (field, _) in item_readers(None).items()} | {
    field: heading for heading, (field, _) in EXTERNAL_READERS.items()} | {"item": "Needed by",
                                                                          "predecessor": "Waits for"}


def read_rows(upload):
    """(headings, [(spreadsheet row number, {heading: value})]) from the header row ("Ref" in column A) on."""
    kind = check_upload(upload, kinds=("xlsx", "csv"))
    rows = read_table(upload, kind, MAX_ROWS)
    for index, (_number, cells) in enumerate(rows[:HEADER_ROWS]):
        if cells and text(cells[0]).lower() == "ref":
            headings = [text(cell) for cell in cells]
            return headings, [(number, dict(zip(headings, values, strict=False)))
                              for number, values in rows[index + 1:]]
    raise ValidationError("The file has no header row: its first column must be headed \"Ref\".")


def parse_links(value):
    """[(ref, type, lag)] from a "Waits for" cell; the older export's "External: ..." parts are skipped."""
    found = []
    for part in text(value).split(";"):
        part = part.strip()
        if not part or part.lower().startswith("external:"):
            continue
        match = LINK.match(part)
        if not match:
            raise ValueError(f"\"{part}\" is not a reference such as PI-0003 (finish to start, lag 5 days).")
        type_ = TYPES.get((match["type"] or "finish to start").strip().lower())
        if type_ is None:
            raise ValueError(f"\"{match['type']}\" is not a dependency type: use {', '.join(TYPES)}.")
        found.append((match["ref"].upper(), type_, int(match["lag"] or 0)))
    return found


# What a row changes ---------------------------------------------------------------------------------------------

def raw(value):
    """A field's value as JSON."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def shown(obj, name, value):
    if value in (None, ""):
        return ""
    if name == "owner" and isinstance(value, User):
        return user_name(value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    choices = dict(obj._meta.get_field(name).choices or ())
    return str(choices.get(value, value))


def _label(obj, name):
    return HEADINGS.get(name) or str(obj._meta.get_field(name).verbose_name).capitalize()


def diff(obj, values):
    """[change] that ``values`` make to ``obj`` (which is left as it was)."""
    changes = []
    for name, new in values.items():
        old = getattr(obj, name)
        if raw(text(old) if isinstance(old, str) else old) != raw(new):  # text as a form saved it (\r\n) is equal
            changes.append(change(name, _label(obj, name), raw(old), raw(new), shown(obj, name, old),
                                  shown(obj, name, new)))
    return changes


def links_shown(links, refs):
    return "; ".join(link_text(refs[pk], TYPE_LABELS[type_], lag) for pk, type_, lag in links)


def refusals(exc, obj):
    """A model's ValidationError as messages naming the column."""
    return [f"{HEADINGS.get(name, name.replace('_', ' ').capitalize())}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()]


class Reader:
    """Builds the preview row by row (``preview`` below)."""

    def __init__(self, user, tenant, filename, headings):
        self.user, self.tenant, self.headings = user, tenant, headings
        self.result = Preview(filename=filename)
        self.lookups = Lookups(tenant)
        self.readers = item_readers(self.lookups)
        self.items = {item.ref: item for item in PlanItem.objects.select_related(
            "workstream", "project", "stage", "owner")}
        self.refs = {item.pk: ref for ref, item in self.items.items()}
        self.externals = {external_ref(e): e for e in ExternalDependency.objects.select_related("item")}
        self.links = {}
        for link in PlanDependency.objects.all():
            self.links.setdefault(link.successor_id, {})[link.predecessor_id] = link
        self.seen = {}
        self.new_links = {}  # successor pk: [(predecessor pk, type, lag)] for items whose "Waits for" is read
        self.link_rows = {}  # successor pk: its row

    def _refuse(self, number, problems):
        self.result.refuse(number, *problems)

    def _known(self, number, ref, known, unknown):
        """(the record ``ref`` names, its refusal): none for a blank Ref (a new row), ``unknown`` for one not
        in ``known``, a refusal for a ref already on an earlier row."""
        if not ref:
            return None, None
        if ref not in known:
            return None, unknown
        if ref in self.seen:
            return None, (f"Ref: {ref} is also on row {self.seen[ref]}; each item and external dependency is on one "
                          "row.")
        self.seen[ref] = number
        return known[ref], None

    def _read(self, readers, cells, problems):
        values = {}
        for heading, (name, read) in readers.items():
            if heading in cells and heading in self.headings:
                try:
                    values[name] = read(cells[heading])
                except ValueError as exc:
                    problems.append(f"{heading}: {exc}")
        return values

    def _may(self, perm, obj, doing):
        if self.user.has_perm(perm, obj):
            return []
        return [f"You may not {doing}. {rules.describe_refusal(perm, obj)}"]

    def item_row(self, number, cells):
        ref = text(cells.get("Ref")).upper()
        item, problem = self._known(number, ref, self.items, (
            f"Ref: there is no item {ref} in this partnership. Leave Ref blank to add a new item."
            if ITEM_REF.match(ref) or not EXT_REF.match(ref) else
            f"Ref: {ref} is an external dependency; its Kind must begin \"{EXTERNAL_KIND}\"."))
        if problem:
            return self._refuse(number, [problem])
        problems = []
        values = self._read(self.readers, cells, problems)
        links = None
        if "Waits for" in self.headings:
            try:
                links = self._links(ref, parse_links(cells.get("Waits for")), problems)
            except ValueError as exc:
                problems.append(f"Waits for: {exc}")
        if problems:
            return self._refuse(number, problems)
        candidate = PlanItem(tenant=self.tenant) if item is None else copy.copy(item)
        for name, value in values.items():
            setattr(candidate, name, value)
        candidate.sync_place()
        values["workstream"] = candidate.workstream
        try:
            candidate.full_clean(exclude=["tenant", "number", "ref", "baseline_date", "change_request"])
        except ValidationError as exc:
            return self._refuse(number, refusals(exc, candidate))
        if item is None:
            return self._add_item(number, candidate, values, links)
        return self._change_item(number, item, candidate, values, links)

    def _links(self, ref, named, problems):
        found = []
        for link_ref, type_, lag in named:
            predecessor = self.items.get(link_ref)
            if predecessor is None:
                problems.append(f"Waits for: there is no item {link_ref} in this partnership.")
            elif link_ref == ref:
                problems.append(f"Waits for: {ref} cannot depend on itself.")
            elif abs(lag) > 3650:
                problems.append(f"Waits for: the lag on {link_ref} is more than 3650 days.")
            else:
                found.append((predecessor.pk, type_, lag))
        if len({pk for pk, _, _ in found}) != len(found):
            problems.append("Waits for: an item is named twice.")
        return sorted(found)

    def _link_problems(self, item, current, links):
        """The rights the dependency changes need (``item`` waits)."""
        now = {pk: (link.type, link.lag_days) for pk, link in current.items()}
        wanted = {pk: (type_, lag) for pk, type_, lag in links}
        sample = PlanDependency(tenant=self.tenant, successor=item, predecessor=item)
        problems = []
        if set(wanted) - set(now):
            problems += self._may(ADD_DEPENDENCY, sample, f"add a dependency to {item.ref or 'this item'}")
        if any(now[pk] != wanted[pk] for pk in set(now) & set(wanted)):
            problems += self._may(CHANGE_DEPENDENCY, sample, f"change the dependencies of {item.ref}")
        if set(now) - set(wanted):
            problems += self._may(DELETE_DEPENDENCY, sample, f"remove a dependency of {item.ref}")
        return [f"Waits for: {problem}" for problem in problems]

    def _add_item(self, number, item, values, links):
        problems = self._may(ADD_ITEM, item, f"add items at {item.place_label.lower()}")
        if links:
            problems += self._link_problems(item, {}, links)
        if problems:
            return self._refuse(number, problems)
        self.result.added.append({
            "row": number, "type": "item", "number": item.get_kind_display(), "show": item.title,
            "values": {name: raw(value) for name, value in values.items()}, "links": links or [],
        })

    def _change_item(self, number, item, candidate, values, links):
        changes = diff(item, values)
        current = self.links.get(item.pk, {})
        old_links = sorted((pk, link.type, link.lag_days) for pk, link in current.items())
        if links is not None:
            self.new_links[item.pk], self.link_rows[item.pk] = links, number
            if links != old_links:
                changes.append(change("waits_for", "Waits for", old_links, links, links_shown(old_links, self.refs),
                                      links_shown(links, self.refs)))
        if not changes:
            self.result.unchanged.append({"row": number, "ref": item.ref})
            return
        problems = []
        if any(entry["field"] != "waits_for" for entry in changes):
            problems = self._may(CHANGE_ITEM, item, f"change {item.ref}")
            problems = problems or self._may(CHANGE_ITEM, candidate, f"move {item.ref} to {candidate.place_label}")
        if links is not None and links != old_links:
            problems += self._link_problems(item, current, links)
        if problems:
            return self._refuse(number, problems)
        self.result.changed.append({"row": number, "type": "item", "ref": item.ref, "pk": item.pk,
                                    "changes": changes})

    def external_row(self, number, cells):
        ref = text(cells.get("Ref")).upper()
        external, problem = self._known(number, ref, self.externals, (
            f"Ref: there is no external dependency {ref} in this partnership. Leave Ref blank to add a new one."))
        if problem:
            return self._refuse(number, [problem])
        problems = []
        values = self._read(EXTERNAL_READERS, cells, problems)
        needed_by = text(cells.get("Needed by")).upper()
        if not needed_by:
            problems.append("Needed by: give the Ref of the plan item that waits for it.")
        elif needed_by not in self.items:
            problems.append(f"Needed by: there is no item {needed_by} in this partnership.")
        else:
            values["item"] = self.items[needed_by]
        if problems:
            return self._refuse(number, problems)
        candidate = ExternalDependency(tenant=self.tenant) if external is None else copy.copy(external)
        for name, value in values.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["tenant"])
        except ValidationError as exc:
            return self._refuse(number, refusals(exc, candidate))
        if external is None:
            problems = self._may(ADD_EXTERNAL, candidate, f"add an external dependency to {needed_by}")
            if problems:
                return self._refuse(number, problems)
            self.result.added.append({"row": number, "type": "external", "number": candidate.get_kind_display(),
                                      "show": candidate.title,
                                      "values": {name: raw(value) for name, value in values.items()}})
            return
        changes = diff(external, values)
        for entry in changes:
            if entry["field"] == "item":
                entry["old_shown"], entry["new_shown"] = external.item.ref, needed_by
        if not changes:
            self.result.unchanged.append({"row": number, "ref": ref})
            return
        problems = self._may(CHANGE_EXTERNAL, external, f"change {ref}") or self._may(
            CHANGE_EXTERNAL, candidate, f"move {ref} to {needed_by}")
        if problems:
            return self._refuse(number, problems)
        self.result.changed.append({"row": number, "type": "external", "ref": ref, "pk": external.pk,
                                    "changes": changes})

    def check_cycles(self):
        """Refuse the rows whose new dependencies would close a loop once every row's "Waits for" applies."""
        edges = {(p, s) for s, links in self.links.items() for p in links if s not in self.new_links}
        edges |= {(p, s) for s, links in self.new_links.items() for p, _, _ in links}
        for successor, links in self.new_links.items():
            for predecessor, _, _ in links:
                if predecessor in self.links.get(successor, {}):
                    continue
                cycle = schedule.find_cycle(edges - {(predecessor, successor)}, predecessor, successor)
                if cycle:
                    path = " → ".join(self.refs[pk] for pk in cycle)
                    self._refuse(self.link_rows[successor], [f"Waits for: this would make a cycle: {path}."])
                    self.result.changed = [e for e in self.result.changed if e.get("pk") != successor
                                           or e["type"] != "item"]
                    break


def preview(upload, user, tenant, name=None):
    """The ``core.imports.Preview`` of importing ``upload``: writes nothing."""
    filename = name or display_name(upload, "a spreadsheet")
    try:
        headings, rows = read_rows(upload)
    except ValidationError as exc:
        return Preview.refusing([(0, exc.messages)], filename=filename)
    missing = [heading for heading in REQUIRED if heading not in headings]
    if missing:
        return Preview.refusing([(0, [f"The header row has no column {', '.join(missing)}."])], filename=filename)
    if not rows:
        return Preview.refusing([(0, ["The file has no rows below its header."])], filename=filename)
    reader = Reader(user, tenant, filename, headings)
    for number, cells in rows:
        if EXTERNAL.match(text(cells.get("Kind"))):
            reader.external_row(number, cells)
        else:
            reader.item_row(number, cells)
    reader.check_cycles()
    reader.result.refused.sort(key=lambda pair: pair[0])
    return reader.result
