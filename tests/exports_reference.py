"""The .xlsx writers as they were before ``core.xlsx`` (openpyxl's write-only workbook, issue 20): the reference
that ``tests/test_xlsx_writer.py`` and ``tests/risks/test_export_writer.py`` hold the new ones to, cell by cell and
style by style. Copied unchanged from ``risks.exports`` (``write_xlsx``, ``write_csv`` and the rows they read) and
``core.exports.write_table`` (and their helpers) as they stood; not used by the application."""

import copy
import datetime
import io
import itertools

from django.db.models import Case, Value, When
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exports import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    _xlsx_value,
    csv_writer,
    is_formula_like,
    streamed,
)
from risks.choices import Category, Rag
from risks.exports import (
    APPENDIX_7_COLUMNS,
    CATEGORY_HEADINGS,
    EXTRA_COLUMNS,
    FIELDS,
    GROUP_ROW,
    INHERENT_RAG,
    LEVEL_LABELS,
    RAG_FILLS,
    RESIDUAL_RAG,
    STATUS_LABELS,
    WIDTHS,
    bands_note,
    description_text,
)
from risks.scoring import DEFAULT_BANDS

TITLE_FONT = Font(bold=True, size=12)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D8DDE0")
WRAP = Alignment(wrap_text=True, vertical="top")


def safe_cell(sheet, value, font=None, fill=None, alignment=None, number_format=None):
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    if number_format:
        cell.number_format = number_format
    return cell


def set_safe(cell, value):
    if is_formula_like(value):
        fresh = safe_cell(cell.parent, value)
        fresh._style = copy.copy(cell._style)
        fresh.quotePrefix = True
        return fresh
    cell.value = value
    return cell


def safe_row(sheet, values):
    return [safe_cell(sheet, value) if is_formula_like(value) else value for value in values]


def _rows(queryset):
    """(category, the values of columns A–N of each of its risks) in App. 7 order: by category, then by number.
    One query, ordered so, read in chunks and written as it is read: memory stays flat in the
    number of risks (a 100,000-risk register is written by a worker, ``core.export_jobs``)."""
    position = Case(*[When(category=category, then=Value(index)) for index, category in enumerate(Category.values)])
    rows = queryset.order_by(position, "number").values_list(*FIELDS).iterator(chunk_size=2000)
    records = (dict(zip(FIELDS, row, strict=True)) for row in rows)
    pending = list(Category.values)  # every category's heading is written, empty or not
    for category, group in itertools.groupby(records, key=lambda record: record["category"]):
        while pending[0] != category:
            yield pending.pop(0), iter(())
        pending.pop(0)
        yield category, (_values(record) for record in group)
    for category in pending:
        yield category, iter(())


def _values(record):
    owner = " ".join(part for part in (record["owner__first_name"], record["owner__last_name"]) if part)
    owner = owner or record["owner__username"] or record["owner_name"]
    return [
        record["ref"], record["date_identified"], description_text(record["title"], record["description"]),
        owner, record["inherent_likelihood"], record["inherent_impact"], record["controls"],
        # A residual not yet assessed is left blank, as imports read it (and as the source stated it).
        *((record["residual_likelihood"], record["residual_impact"]) if record["residual_assessed"] else ("", "")),
        record["review_date"],
        record["inherent_score"], Rag(record["inherent_rag"]).label,
        record["residual_score"], Rag(record["residual_rag"]).label,
        LEVEL_LABELS[record["level"]], record["project__name"] or "", record["workstream__name"] or "",
        STATUS_LABELS[record["status"]],
    ]


def write_csv(queryset, stream):
    writer = csv_writer(stream)
    writer.writerow(["Category", *APPENDIX_7_COLUMNS[:4], "Inherent likelihood", "Inherent impact", "Controls",
                     "Residual likelihood", "Residual impact", "Review date", *EXTRA_COLUMNS])
    for category, rows in _rows(queryset):
        label = CATEGORY_HEADINGS[category]
        for values in rows:
            writer.writerow([label, *values])
    return stream


def write_table(stream, sheet_name, title, columns, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.append([safe_cell(sheet, title, TITLE_FONT)])
    sheet.append([safe_cell(sheet, column.heading, HEADER_FONT, HEADER_FILL) for column in columns])
    count = 0
    for item in streamed(rows):
        cells = []
        for column in columns:
            value = _xlsx_value(column.value(item))
            number_format = (DATETIME_FORMAT if isinstance(value, datetime.datetime)
                             else DATE_FORMAT if isinstance(value, datetime.date) else None)
            cells.append(safe_cell(sheet, value, alignment=WRAP if column.wrap else None, number_format=number_format))
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{2 + count}"
    workbook.save(stream)
    return stream


def write_xlsx(queryset, title, stream=None, bands=None):
    stream = stream or io.BytesIO()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Risk register")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    heading_fill = PatternFill("solid", fgColor="D8DDE0")

    sheet.append([safe_cell(sheet, title, Font(bold=True, size=12)), safe_cell(sheet, ""),
                  safe_cell(sheet, bands_note(bands or DEFAULT_BANDS), Font(italic=True))])
    sheet.append([safe_cell(sheet, value, bold) for value in GROUP_ROW])
    sheet.append([safe_cell(sheet, value, bold, heading_fill) for value in APPENDIX_7_COLUMNS + EXTRA_COLUMNS])
    templates = {index: safe_cell(sheet, None, number_format="DD/MM/YYYY") for index in (1, 9)}
    templates.update({index: safe_cell(sheet, None, alignment=wrap) for index in (2, 6)})
    rag_cells = {column: {Rag(rag).label: safe_cell(sheet, None, fill=PatternFill("solid", fgColor=colour))
                          for rag, colour in RAG_FILLS.items()} for column in (INHERENT_RAG, RESIDUAL_RAG)}
    count = 3
    for category, rows in _rows(queryset):
        sheet.append([safe_cell(sheet, CATEGORY_HEADINGS[category], bold)])
        count += 1
        for values in rows:
            cells = safe_row(sheet, values)
            for index, cell in templates.items():
                cells[index] = set_safe(cell, values[index])
            for column, fills in rag_cells.items():
                cells[column] = set_safe(fills[values[column]], values[column])
            sheet.append(cells)
            count += 1
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(WIDTHS))}{count}"
    workbook.save(stream)
    return stream


def as_read(content):
    """Everything openpyxl reads back from a one-sheet workbook that a reader could see: the sheet's name, frozen
    panes, autofilter (and its defined name), column widths and extent; every cell that exists, with its value,
    type and style (font, fill, alignment, number format, quote prefix, border, protection); and the values as the
    imports read them (read-only)."""
    workbook = load_workbook(io.BytesIO(content))
    (sheet,) = workbook.worksheets
    shape = {"names": workbook.sheetnames, "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref,
             "widths": {key: (dim.width, dim.customWidth) for key, dim in sheet.column_dimensions.items()},
             "extent": sheet.dimensions, "cells": sorted(sheet._cells),
             "names defined": {key: name.attr_text for key, name in sheet.defined_names.items()},
             "pane": repr(sheet.views.sheetView[0].pane)}
    cells = [(cell.coordinate, cell.value, cell.data_type, repr(cell.font), repr(cell.fill), repr(cell.alignment),
              cell.number_format, cell.quotePrefix, repr(cell.border), repr(cell.protection), cell.is_date)
             for row in sheet.iter_rows() for cell in row]
    values = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    return shape, cells, values


def assert_same_workbook(new, old):
    """``new`` and ``old`` (bytes) read back the same; the first difference is named."""
    (new_shape, new_cells, new_values), (old_shape, old_cells, old_values) = as_read(new), as_read(old)
    for key, value in old_shape.items():
        assert new_shape[key] == value, f"{key}: {new_shape[key]!r} != {value!r}"
    assert len(new_cells) == len(old_cells), (len(new_cells), len(old_cells))
    for mine, theirs in zip(new_cells, old_cells, strict=True):
        assert mine == theirs, f"{mine!r} != {theirs!r}"
    assert new_values == old_values
