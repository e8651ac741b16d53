"""The one place registers are written to .xlsx and CSV (README "Exports and the Excel round trip").

Every register's download goes through here, so every file has the same shape and the same safety:

- **.xlsx**: a title row (register, partnership, date and time, the filters applied), the header row frozen
  below it with an autofilter over the header and every data row, then the rows;
- **CSV**: the header row, then the rows (UTF-8 with a byte-order mark, so Excel reads it as UTF-8);
- **formula safety**: text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
  formula in a spreadsheet (CSV injection). In .xlsx such a cell is written as a string with Excel's quote
  prefix (``core.xlsx``), so it shows as typed and never runs; in CSV it is prefixed with a single quote.

An app describes its register as ``Column``\\s (heading, how to read a row, width) and calls ``xlsx_response`` or
``csv_response`` (or ``export_response``, which picks by ``?format=``). ``describe_filters(filterset)`` turns a
bound FilterSet into the "Filters:" part of the title.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.utils import get_column_letter

from core import export_jobs
from core.xlsx import SheetWriter, is_formula_like

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = {"bold": True, "size": 12}
HEADER = {"bold": True, "fill": "D8DDE0"}
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def csv_safe(value):
    """A CSV field that no spreadsheet runs: formula-like text gets a leading single quote."""
    return f"'{value}" if is_formula_like(value) else value


def title_text(register, tenant, filters=()):
    """The title row's text: "Risk register · LLR · exported 04/12/2026 14:05 · Filters: Level: Project"."""
    parts = [register, tenant.name, f"exported {timezone.localtime():%d/%m/%Y %H:%M}"]
    parts.append("Filters: " + ("; ".join(f"{label}: {value}" for label, value in filters) if filters else "none"))
    return " · ".join(parts)


def _display(field, value):
    choices = dict(getattr(field, "choices", None) or ())
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):  # a list or a queryset
        return ", ".join(_display(field, item) for item in value)
    if isinstance(value, slice):
        return f"{value.start or ''}–{value.stop or ''}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(choices.get(value, choices.get(str(value), value)))


def describe_filters(filterset, extra=()):
    """[(label, value)] of the filters a bound FilterSet applied (empty values left out), then ``extra``."""
    applied = []
    form = filterset.form
    if form.is_valid():
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
                continue
            applied.append((str(field.label or name.replace("_", " ").capitalize()), _display(field, value)))
    return applied + [pair for pair in extra if pair[1]]


@dataclass
class Column:
    heading: str
    value: Callable[[Any], Any]
    width: int = 15
    wrap: bool = False


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    return value


def write_table(stream, sheet_name, title, columns, rows):
    """A workbook with the title row, the frozen, filtered header and one row per item of ``rows``, written row by
    row (``core.xlsx``)."""
    with SheetWriter(stream, sheet_name[:31], [column.width for column in columns], frozen_rows=2) as sheet:
        sheet.append([title], [sheet.style(**TITLE)])
        sheet.append([column.heading for column in columns], [sheet.style(**HEADER)] * len(columns))
        plain, dates, times = ([sheet.style(wrap=column.wrap, number_format=number_format) for column in columns]
                               for number_format in (None, DATE_FORMAT, DATETIME_FORMAT))
        count = 0
        for item in streamed(rows):
            values = [_xlsx_value(column.value(item)) for column in columns]
            sheet.append(values, [times[index] if isinstance(value, datetime.datetime) else dates[index]
                                  if isinstance(value, datetime.date) else plain[index]
                                  for index, value in enumerate(values)])
            count += 1
            export_jobs.progress(count)
        sheet.auto_filter = f"A2:{get_column_letter(len(columns))}{2 + count}"
    return stream


def streamed(rows):
    """A queryset's rows read in chunks (memory flat in the row count), unless it was read already; anything else as
    it is."""
    if isinstance(rows, QuerySet) and rows._result_cache is None:
        return rows.iterator(chunk_size=1000)
    return rows


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return csv_safe(value) if isinstance(value, str) else value


def csv_writer(stream):
    """A ``csv.writer`` whose every field is made safe (``writer.writerow`` as usual)."""
    writer = csv.writer(stream)

    class SafeWriter:
        def writerow(self, values):
            return writer.writerow([_csv_value(value) for value in values])

        def writerows(self, rows):
            for values in rows:
                self.writerow(values)

    return SafeWriter()


def filename(slug, tenant, extension):
    return f"{slug}-{tenant.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def attachment(content_type, name):
    """The download's response: in the export worker, one that writes to the job's file (``core.export_jobs``)."""
    spooled = export_jobs.spooled_response(content_type, name)
    if spooled is not None:
        return spooled
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_response(request, slug, register, columns, rows, filters=()):
    waiting = export_jobs.background_or_none(request, rows, f"{register} (.xlsx)")
    if waiting is not None:
        return waiting
    response = attachment(XLSX, filename(slug, request.tenant, "xlsx"))
    buffer = io.BytesIO()
    write_table(buffer, register, title_text(register, request.tenant, filters), columns, rows)
    response.write(buffer.getvalue())
    return response


def csv_response(request, slug, columns, rows, register=None):
    waiting = export_jobs.background_or_none(request, rows, f"{register or slug} (CSV)")
    if waiting is not None:
        return waiting
    response = attachment("text/csv; charset=utf-8", filename(slug, request.tenant, "csv"))
    response.write("\ufeff")  # so Excel opens it as UTF-8
    writer = csv_writer(response)
    writer.writerow([column.heading for column in columns])
    for count, item in enumerate(streamed(rows), start=1):
        writer.writerow([column.value(item) for column in columns])
        export_jobs.progress(count)
    return response


FORMATS = ("xlsx", "csv")


def wants_export(request):
    """Whether the register page was asked for its download (``?format=xlsx`` or ``?format=csv``)."""
    return request.GET.get("format") in FORMATS


def export_response(request, slug, register, columns, rows, filters=()):
    """``?format=csv`` → CSV, else .xlsx (the register's page links both with its current filters)."""
    if request.GET.get("format") == "csv":
        return csv_response(request, slug, columns, rows, register)
    return xlsx_response(request, slug, register, columns, rows, filters)


def user_name(user, fallback=""):
    """A person as the registers show them: full name, else username, else the free-text name."""
    if user is None:
        return fallback or ""
    return user.get_full_name() or user.username
