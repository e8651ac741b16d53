"""Import actual spend from a partner's ledger extract (.xlsx or CSV): all or nothing.

The layout (README "Programme finance"): a header row, within the first rows, with the columns

    Month | Project | Organisation | Amount | Capital/Revenue | Reference

- **Month**: a date in the month (YYYY-MM-DD, DD/MM/YYYY, MM/YYYY or "Apr 2026"); kept as the month's first day;
- **Project**: the project's name or its id in the portal;
- **Organisation**: the partner's code (UHL, LPT, ...) or full name;
- **Amount**: pounds, ≥ 0 ("£1,250.00" and "1250" both read);
- **Capital/Revenue**: Capital, Revenue, or blank for "not stated";
- **Reference**: the ledger's reference (optional).

Every row is read and checked before anything is written; a file with any bad row records nothing and each error
names its row and column ("Row 4, Amount: ..."). A month already recorded for the project, organisation and kind is
corrected to the file's figure (``services.record_actuals``).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from core.models import Organisation
from core.tabular import read_table
from core.uploads import check_upload
from finance import services
from finance.choices import SpendKind
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
        for pk, name in Project.objects.values_list("pk", "name"):
            self.projects[str(pk)] = pk
            self.projects[name.lower()] = pk
        self.organisations = {}
        for pk, code, name in Organisation.objects.values_list("pk", "code", "name"):
            self.organisations[code.lower()] = pk
            self.organisations[name.lower()] = pk

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


def parse(upload):
    """[(row number, item)] of the file's rows, or ValidationError naming every bad row and column."""
    if upload is None:
        raise ValidationError({"file": ["Choose a ledger extract (.xlsx or CSV) to import."]})
    lookup = Lookup()
    readers = {"Month": ("month", _month), "Project": ("project_id", lookup.project),
               "Organisation": ("organisation_id", lookup.organisation), "Amount": ("amount", _amount),
               "Capital/Revenue": ("spend_kind", _kind), "Reference": ("reference", lambda v: _text(v)[:100])}
    errors, items = [], []
    rows = read_rows(upload)
    if not rows:
        raise ValidationError({"file": ["The file has a header row but no spend under it."]})
    for number, row in rows:
        item = {}
        for column, (name, reader) in readers.items():
            value = row.get(column)
            if column in REQUIRED and not _text(value):
                errors.append(f"Row {number}, {column}: this column must be filled in.")
                continue
            try:
                item[name] = reader(value)
            except ValueError as exc:
                errors.append(f"Row {number}, {column}: {exc}")
        items.append((number, item))
    if errors:
        raise ValidationError({"file": errors})
    return items


def import_actuals(upload, user):
    """Record every row of the file, or none: errors name the row and column."""
    items = parse(upload)
    projects = Project.objects.in_bulk({item["project_id"] for _, item in items})
    organisations = Organisation.objects.in_bulk({item["organisation_id"] for _, item in items})
    values = [{"project": projects[item.pop("project_id")], "organisation": organisations[item.pop("organisation_id")],
               **item} for _, item in items]
    try:
        return services.record_actuals(user, values)
    except ValidationError as exc:
        raise ValidationError({"file": list(_rows_of(exc, [number for number, _ in items]))}) from None


def _rows_of(exc, numbers):
    """The service's ``items[i].field`` errors as "Row n, Column: ..."."""
    for key, messages in exc.message_dict.items():
        match = re.match(r"^items\[(\d+)\]\.(\w+)$", key)
        if not match:
            yield from messages
            continue
        number, field = numbers[int(match.group(1))], match.group(2)
        column = FIELD_COLUMN.get(field, field)
        for message in messages:
            yield f"Row {number}, {column}: {message}"


__all__ = ["COLUMNS", "import_actuals", "parse"]
