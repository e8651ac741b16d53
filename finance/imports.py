"""Import actual spend from a partner's ledger extract (.xlsx or CSV): previewed, then all or nothing
(``core.imports``; ``finance.import_apply`` writes a confirmed preview).

The layout (README "Programme finance"): a header row, within the first rows, with the columns

    Month | Project | Organisation | Amount | Capital/Revenue | Reference

- **Month**: a date in the month (YYYY-MM-DD, DD/MM/YYYY, MM/YYYY or "Apr 2026"); kept as the month's first day;
- **Project**: the project's name or its id in the portal;
- **Organisation**: the partner's code (UHL, LPT, ...) or full name;
- **Amount**: pounds, ≥ 0 ("£1,250.00" and "1250" both read);
- **Capital/Revenue**: Capital, Revenue, or blank for "not stated";
- **Reference**: the ledger's reference (optional).

``preview(upload, user)`` reads every row and writes nothing: the months it would **add**, the months already
recorded (same project, organisation, month and kind) whose amount or reference it would **change** (old → new),
those **unchanged**, and every row **refused** with its row number and column ("Amount: ..."): a bad cell, a month
not yet begun, a month the file gives twice, or a row the importer may not write. A preview with any refused row
applies nothing.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from core.imports import Preview, change
from core.models import Organisation
from core.tabular import read_table
from core.tenancy import get_current_tenant
from core.uploads import check_upload, display_name
from finance.choices import SpendKind
from finance.models import Actual
from finance.rules import ADD_ACTUAL, CHANGE_ACTUAL
from programme.models import Project

MAX_ROWS = 5000
COLUMNS = ("Month", "Project", "Organisation", "Amount", "Capital/Revenue", "Reference")
REQUIRED = ("Month", "Project", "Organisation", "Amount")
FIELD_COLUMN = {"project": "Project", "organisation": "Organisation", "month": "Month", "amount": "Amount",
                "spend_kind": "Capital/Revenue", "reference": "Reference"}
MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


def _text(value):
    return "" if value is None else str(value).strip()


def _month(value):
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = _text(value)
    match = MONTH_YEAR.match(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return datetime.date(int(match.group(2)), int(match.group(1)), 1)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%b %Y", "%B %Y", "%Y-%m"):
        try:
            return datetime.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError("Write the month as a date in it (YYYY-MM-DD or DD/MM/YYYY), MM/YYYY or 'Apr 2026'.")


def _amount(value):
    text = _text(value).replace("£", "").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"\"{_text(value)}\" is not an amount of money: give pounds, e.g. 1250.00.") from None
    if not amount.is_finite():
        raise ValueError("Give an amount of money in pounds.")
    if amount < 0:
        raise ValueError("Spend cannot be negative: a refund is a correction to that month's figure.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Give the amount to the penny (at most two decimal places).")
    return amount


def _kind(value):
    text = _text(value).lower()
    if not text or text in ("not stated", "n/a", "-"):
        return SpendKind.NOT_STATED
    for key, label in SpendKind.choices:
        if text in (key, label.lower()):
            return key
    raise ValueError("Write Capital, Revenue, or leave it blank.")


class Lookup:
    """Projects by name or id and organisations by code or name, loaded once per file."""

    def __init__(self):
        self.projects = {}
        for project in Project.objects.only("pk", "name", "workstream_id"):
            self.projects[str(project.pk)] = project
            self.projects[project.name.lower()] = project
        self.organisations = {}
        for organisation in Organisation.objects.only("pk", "code", "name", "tenant_id"):
            self.organisations[organisation.code.lower()] = organisation
            self.organisations[organisation.name.lower()] = organisation

    def project(self, value):
        text = _text(value)
        if text.lower() not in self.projects:
            raise ValueError(f"There is no project \"{text}\" in this partnership (give its name or id).")
        return self.projects[text.lower()]

    def organisation(self, value):
        text = _text(value)
        if text.lower() not in self.organisations:
            raise ValueError(f"There is no organisation \"{text}\" in this partnership (give its code, e.g. UHL).")
        return self.organisations[text.lower()]


def read_rows(upload):
    """[(row number, {column: value})] under the header row; a missing column is refused."""
    try:
        kind = check_upload(upload, kinds=("xlsx", "csv"))
        rows = read_table(upload, kind, max_rows=MAX_ROWS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    for position, (_, cells) in enumerate(rows[:10]):
        headings = [_text(cell) for cell in cells]
        if "Month" in headings:
            missing = [name for name in REQUIRED if name not in headings]
            if missing:
                raise ValidationError({"file": [f"The header row has no {', '.join(missing)} column: the layout is "
                                                f"{', '.join(COLUMNS)}."]})
            return [(number, dict(zip(headings, values, strict=False))) for number, values in rows[position + 1:]]
    raise ValidationError({"file": [f"The file has no header row: it must have the columns {', '.join(COLUMNS)}."]})


def _readers(lookup):
    return {"Month": ("month", _month), "Project": ("project", lookup.project),
            "Organisation": ("organisation", lookup.organisation), "Amount": ("amount", _amount),
            "Capital/Revenue": ("spend_kind", _kind), "Reference": ("reference", lambda v: _text(v)[:100])}


def _read_row(row, readers):
    """({field: value}, [problems]) of one row, each problem naming its column."""
    values, problems = {}, []
    for column, (name, reader) in readers.items():
        value = row.get(column)
        if column in REQUIRED and not _text(value):
            problems.append(f"{column}: this column must be filled in.")
            continue
        try:
            values[name] = reader(value)
        except ValueError as exc:
            problems.append(f"{column}: {exc}")
    return values, problems


def money(amount):
    return f"£{Decimal(amount):,.2f}"


def describe(actual):
    return (f"{actual.project.name}, {actual.organisation.code}, {actual.month:%B %Y}, "
            f"{actual.get_spend_kind_display().lower()}")


def _check(actual):
    """The model's own checks and the importer's right, as the row's problems."""
    try:
        actual.clean_fields(exclude=["tenant", "project", "organisation"])
        actual.clean()
    except ValidationError as exc:
        return [f"{FIELD_COLUMN.get(name, name)}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
    return []


def preview(upload, user):
    """What importing the ledger extract would do (``core.imports.Preview``), writing nothing."""
    result = Preview(filename=display_name(upload))
    try:
        rows = read_rows(upload)
    except ValidationError as exc:
        return Preview.refusing([(0, exc.messages)], filename=result.filename)
    if not rows:
        return Preview.refusing([(0, ["The file has a header row but no spend under it."])], filename=result.filename)
    tenant, lookup = get_current_tenant(), Lookup()
    readers = _readers(lookup)
    read = []
    for number, row in rows:
        values, problems = _read_row(row, readers)
        if problems:
            result.refuse(number, *problems)
            continue
        read.append((number, Actual(tenant=tenant, **values)))
    existing = {(a.project_id, a.organisation_id, a.month, a.spend_kind): a for a in Actual.objects.filter(
        project_id__in={actual.project_id for _, actual in read})}
    seen = {}
    for number, actual in read:
        key = (actual.project_id, actual.organisation_id, actual.month, actual.spend_kind)
        current = existing.get(key)
        problems = _check(actual)
        if key in seen:
            problems.append(f"Month: row {seen[key]} already gives {describe(actual)}.")
        rule = ADD_ACTUAL if current is None else CHANGE_ACTUAL
        if not problems and not user.has_perm(rule, current or actual):
            problems.append(f"Project: you may not record {actual.project.name}'s spend.")
        if problems:
            result.refuse(number, *problems)
            continue
        seen[key] = number
        if current is None:
            result.added.append({"row": number, "number": f"{actual.month:%B %Y}",
                                 "show": f"{actual.project.name}, {actual.organisation.code}, "
                                         f"{actual.get_spend_kind_display().lower()}: {money(actual.amount)}",
                                 "values": {"project": actual.project_id, "organisation": actual.organisation_id,
                                            "month": actual.month.isoformat(), "spend_kind": actual.spend_kind,
                                            "amount": str(actual.amount), "reference": actual.reference}})
            continue
        changes = []
        if current.amount != actual.amount:
            changes.append(change("amount", "Amount", str(current.amount), str(actual.amount),
                                  money(current.amount), money(actual.amount)))
        if current.reference != actual.reference:
            changes.append(change("reference", "Reference", current.reference, actual.reference,
                                  current.reference, actual.reference))
        entry = {"row": number, "ref": describe(current)}
        if changes:
            result.changed.append({**entry, "pk": current.pk, "changes": changes})
        else:
            result.unchanged.append(entry)
    return result


__all__ = ["COLUMNS", "describe", "preview"]
