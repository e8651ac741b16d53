"""Import the plan from a spreadsheet of the export's shape (.xlsx or CSV): all or nothing.

Every row is read and checked before anything is written; a file with any bad row imports nothing and each error
names its spreadsheet row and column ("Row 4, Forecast date: ..."). A row whose Ref is an item of this partnership
updates it; a row with no Ref (or one not known here) adds an item. "Waits for" lists the items it depends on by
reference, each optionally with its type and lag as the export writes them ("PI-0003 (finish to start, lag 5 days)");
a reference may name an item added by an earlier row of the same file only through its Ref, so new items are
linked from the item that waits for them once they are numbered. A dependency that would close a loop is refused
with the loop named. External dependencies ("External: ...") are left as they are.
"""

import csv
import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from core.models import User
from core.tenancy import get_current_tenant
from core.uploads import check_upload
from plan import schedule
from plan.choices import DependencyType, ItemKind, ItemStatus, Level
from plan.models import PlanDependency, PlanItem
from plan.rules import ADD_ITEM, CHANGE_ITEM
from programme.models import Project, Stage, Workstream

MAX_ROWS = 2000
REQUIRED = ("Kind", "Title", "Level", "Forecast date")
LINK = re.compile(r"^\s*(?P<ref>[A-Z]+-\d+)\s*(\((?P<type>[a-z -]+?)(,\s*lag\s*(?P<lag>-?\d+)\s*days?)?\))?\s*$", re.I)
TYPES = {label.lower(): value for value, label in DependencyType.choices}


def _text(value):
    return "" if value is None else str(value).strip()


def read_rows(upload):
    """[(spreadsheet row number, {heading: value})] from the header row ("Ref" in column A) on."""
    try:
        kind = check_upload(upload, kinds=("xlsx", "csv"))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if kind == "xlsx":
        sheet = load_workbook(upload, read_only=True, data_only=False).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 3))
    else:
        text = upload.read().decode("utf-8-sig", errors="replace")
        rows = list(csv.reader(io.StringIO(text)))[: MAX_ROWS + 3]
    for index, cells in enumerate(rows[:3]):
        if cells and _text(cells[0]).lower() == "ref":
            headings = [_text(cell) for cell in cells]
            found = []
            for number, values in enumerate(rows[index + 1:], start=index + 2):
                if not any(_text(value) for value in values):
                    continue
                found.append((number, dict(zip(headings, values, strict=False))))
            return headings, found
    raise ValidationError({"file": ["The file has no header row: its first column must be headed \"Ref\"."]})


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("Write the date as YYYY-MM-DD or DD/MM/YYYY.")


def _choice(value, choices, heading):
    text = _text(value).lower()
    for key, label in choices:
        if text in (key, str(label).lower()):
            return key
    raise ValueError(f"Use one of: {', '.join(str(label) for _, label in choices)}.")


def _named(model, value, field="name"):
    text = _text(value)
    if not text:
        return None
    found = model.objects.filter(**{f"{field}__iexact": text}).first()
    if found is None:
        raise ValueError(f"There is no {model._meta.verbose_name} \"{text}\" in this partnership.")
    return found


def _owner(value):
    text = _text(value)
    if not text:
        return None
    members = User.objects.filter(memberships__tenant=get_current_tenant())
    found = members.filter(username__iexact=text).first()
    if found is None:
        matches = [user for user in members if user.get_full_name().lower() == text.lower()]
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise ValueError(f"\"{text}\" is not a member of this partnership (give a username or full name).")
    return found


READERS = {
    "Kind": ("kind", lambda v: _choice(v, ItemKind.choices, "Kind")),
    "Title": ("title", _text),
    "Level": ("level", lambda v: _choice(v, Level.choices, "Level")),
    "Workstream": ("workstream", lambda v: _named(Workstream, v)),
    "Project": ("project", lambda v: _named(Project, v)),
    "Stage": ("stage", lambda v: _named(Stage, v)),
    "Owner": ("owner", _owner),
    "Start": ("start_date", _date),
    "Forecast date": ("forecast_date", _date),
    "Actual date": ("actual_date", _date),
    "Status": ("status", lambda v: _choice(v, ItemStatus.choices, "Status") if _text(v) else ItemStatus.NOT_STARTED),
    "Outputs and outcomes": ("outputs", _text),
}
FIELD_HEADINGS = {field: heading for heading, (field, _) in READERS.items()}


def _links(value):
    """[(ref, type, lag)] from a "Waits for" cell; external dependencies are skipped."""
    found = []
    for part in _text(value).split(";"):
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


def import_plan(upload, user):
    """Check every row, then (only if all are good) add and update the items and their dependencies. Returns
    (added, updated). Raises ValidationError({"file": [row-named errors]}) and saves nothing otherwise."""
    from core import rules

    headings, rows = read_rows(upload)
    missing = [heading for heading in REQUIRED if heading not in headings]
    if missing:
        raise ValidationError({"file": [f"The header row has no column {', '.join(missing)}."]})
    if not rows:
        raise ValidationError({"file": ["The file has no rows below its header."]})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": [f"A file may have at most {MAX_ROWS} rows."]})
    existing = {item.ref: item for item in PlanItem.objects.all()}
    errors, planned = [], []
    for number, cells in rows:
        ref = _text(cells.get("Ref")).upper()
        item = existing.get(ref) or PlanItem(tenant=get_current_tenant())
        row_errors = []
        for heading, (field, read) in READERS.items():
            if heading not in cells:
                continue
            try:
                setattr(item, field, read(cells[heading]))
            except ValueError as exc:
                row_errors.append(f"Row {number}, {heading}: {exc}")
        try:
            links = _links(cells.get("Waits for"))
        except ValueError as exc:
            row_errors.append(f"Row {number}, Waits for: {exc}")
            links = []
        unknown = [ref for ref, _, _ in links if ref not in existing]
        if unknown:
            row_errors.append(f"Row {number}, Waits for: no item {', '.join(unknown)} in this partnership.")
        if not row_errors:
            item.sync_place()
            try:
                item.full_clean(exclude=["tenant", "number", "ref", "baseline_date", "change_request"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    heading = FIELD_HEADINGS.get(field, field.replace("_", " ").capitalize())
                    row_errors += [f"Row {number}, {heading}: {message}" for message in messages]
        if not row_errors and not user.has_perm(CHANGE_ITEM if item.pk else ADD_ITEM, item):
            row_errors.append(f"Row {number}: your roles do not let you {'change' if item.pk else 'add'} "
                              f"{item.ref or 'an item'} at {item.place_label.lower()}.")
        errors += row_errors
        planned.append((number, item, links))
    if errors:
        raise ValidationError({"file": errors})
    added = updated = 0
    with transaction.atomic():
        for number, item, links in planned:
            is_new = item.pk is None
            item._history_user = user
            item._change_reason = "Imported"
            item.save()
            added, updated = added + is_new, updated + (not is_new)
            edges = list(PlanDependency.objects.values_list("predecessor_id", "successor_id"))
            for ref, type_, lag in links:
                predecessor = existing[ref]
                if PlanDependency.objects.filter(predecessor=predecessor, successor=item).exists():
                    continue
                cycle = schedule.find_cycle(edges, predecessor.pk, item.pk)
                if cycle:
                    refs = dict(PlanItem.objects.filter(pk__in=set(cycle)).values_list("pk", "ref"))
                    raise ValidationError({"file": [f"Row {number}, Waits for: this would make a cycle: "
                                                    f"{' → '.join(refs[pk] for pk in cycle)}. Nothing was imported."]})
                dependency = PlanDependency(tenant=item.tenant, predecessor=predecessor, successor=item, type=type_,
                                            lag_days=lag)
                rules.require(user, "plan.add_plandependency", dependency, verb="add a dependency to")
                dependency._history_user = user
                dependency.save()
                edges.append((predecessor.pk, item.pk))
    return added, updated
