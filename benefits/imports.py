"""Import measurements from a spreadsheet (.xlsx, read with openpyxl) or a CSV file.

One row per benefit and period under a header row naming the columns ``benefit`` (its reference, B-0001),
``period`` (an ISO date, or a label such as ``2017/18``, ``Q1 2017/18`` or ``Apr 2017``), and any of ``planned``,
``actual``, ``forecast``, ``note``. A period already recorded is updated with the values given; a blank cell
leaves the recorded value as it is.

Every row is checked before anything is written (the reference, the user's right to edit that benefit, the
period's alignment with the benefit's profile, the numbers); a file with any bad row imports nothing and the
report names each bad row by its spreadsheet row number.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from benefits import realisation, services
from benefits.models import Benefit
from core.tabular import read_table
from core.uploads import check_upload, display_name

MAX_ROWS = 5000
COLUMNS = ("benefit", "period", "planned", "actual", "forecast", "note")
ALIASES = {"ref": "benefit", "benefit ref": "benefit", "reference": "benefit", "period start": "period",
           "plan": "planned", "forecast outturn": "forecast", "notes": "note", "comment": "note"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    benefits: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(row number, [messages])]

    @property
    def ok(self):
        return not self.errors


def _text(value):
    return "" if value is None else str(value).strip()


def read_rows(upload, kind):
    """The file's non-blank rows as ``(row number, cells)``, read within bounds by the kernel's reader
    (``core.tabular``)."""
    return read_table(upload, kind, MAX_ROWS)


def _header(rows):
    for position, (_number, cells) in enumerate(rows[:10]):
        names = [ALIASES.get(_text(c).lower(), _text(c).lower()) for c in cells]
        if "benefit" in names and "period" in names:
            return position, {name: index for index, name in enumerate(names) if name in COLUMNS}
    return None, None


def parse_amount(value, name):
    """A cell as pounds-and-pence or a count: numbers, or text such as ``£487,323.00``; blank is None."""
    if value is None or _text(value) in ("", "-", "–"):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        try:
            number = Decimal(_text(value).replace("£", "").replace(",", "").replace(" ", ""))
        except InvalidOperation:
            raise ValueError(f"{name.capitalize()}: '{_text(value)}' is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"{name.capitalize()}: '{_text(value)}' is not a number.")
    rounded = number.quantize(Decimal("0.01"))
    if abs(rounded - number) > Decimal("0.000001"):
        raise ValueError(f"{name.capitalize()}: use at most 2 decimal places ({_text(value)}).")
    if abs(rounded) >= Decimal("1e12"):
        raise ValueError(f"{name.capitalize()}: {_text(value)} is too large.")
    return rounded


def parse(rows, user):
    """({benefit: [(row number, values)]}, errors) for the rows under the header, checked but unsaved."""
    position, columns = _header(rows)
    if position is None:
        return {}, [(1, ["No header row naming the 'benefit' and 'period' columns was found in the first 10 rows."])]
    refs = {_text(cells[columns["benefit"]]).upper() for _, cells in rows[position + 1:]
            if len(cells) > columns["benefit"]}
    benefits = {b.ref.upper(): b for b in Benefit.objects.visible_to(user).filter(ref__in=refs)}
    grouped, errors, seen, may_edit = defaultdict(list), [], {}, {}

    def cell(cells, name):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in rows[position + 1:]:
        if not any(_text(c) for c in cells):
            continue
        problems = []
        ref = _text(cell(cells, "benefit")).upper()
        benefit = benefits.get(ref)
        if benefit is None:
            problems.append(f"Benefit: '{ref or '(blank)'}' is not a benefit of this partnership." if ref
                            else "Benefit: the reference is blank.")
        elif benefit.pk not in may_edit:
            may_edit[benefit.pk] = user.has_perm(benefit.perm("edit"), benefit)
        if benefit is not None and not may_edit[benefit.pk]:
            problems.append(f"You may not record measurements for {benefit.ref}.")
        elif benefit is not None and benefit.archived:
            problems.append(f"{benefit.ref} is archived: its measurements can no longer change.")
        values = {}
        if benefit is not None:
            try:
                values["period"] = realisation.parse_period(cell(cells, "period"), benefit.period_kind)
            except ValueError as exc:
                problems.append(f"Period: {exc}")
        for name in ("planned", "actual", "forecast"):
            try:
                amount = parse_amount(cell(cells, name), name)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            if amount is not None:
                values[name] = amount
        if "note" in columns and _text(cell(cells, "note")):
            values["note"] = _text(cell(cells, "note"))[:500]
        if benefit is not None and "period" in values:
            key = (benefit.pk, values["period"])
            if key in seen:
                problems.append(f"{benefit.ref} {values['period'].isoformat()} is also on row {seen[key]}.")
            seen.setdefault(key, number)
        if problems:
            errors.append((number, problems))
        elif benefit is not None:
            grouped[benefit].append((number, values))
    if len(rows) - position - 1 > MAX_ROWS:
        errors.append((rows[position][0], [f"At most {MAX_ROWS} rows can be imported at once."]))
    if not grouped and not errors:
        errors.append((rows[position][0], ["The file has no measurements under its header row."]))
    return grouped, errors


def import_measurements(upload, user, tenant):
    """Validate every row, then save all or none. Returns an ``ImportReport``."""
    report = ImportReport()
    try:
        kind = check_upload(upload, ("xlsx", "csv"))  # size, extension, type and content (core.uploads)
        rows = read_rows(upload, kind)
    except ValidationError as exc:
        report.errors.append((0, exc.messages))  # the file as a whole (row 0): the message names any row itself
        return report
    grouped, report.errors = parse(rows, user)
    built = {}
    for benefit, numbered in grouped.items():
        try:
            built[benefit] = services.build_measurements(benefit, [values for _, values in numbered], replace=True)
        except services.MeasurementErrors as exc:
            for index, problems in exc.by_index.items():
                report.errors.append((numbered[index][0], [
                    f"{'' if name == 'non_field_errors' else name.capitalize() + ': '}{' '.join(messages)}"
                    for name, messages in problems.items()]))
    report.errors.sort(key=lambda error: error[0])
    if report.errors:
        return report
    reason = f"Imported from {display_name(upload)}"
    with transaction.atomic():
        for benefit, measurements in built.items():
            for measurement in measurements:
                if measurement.pk:
                    report.updated += 1
                else:
                    report.created += 1
                measurement.recorded_by = user
                measurement._history_user = user
                measurement._change_reason = reason
                measurement.save()
            benefit.refresh_position()
            report.benefits.append(benefit)
    return report
