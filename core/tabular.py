"""The one reader of uploaded spreadsheets (.xlsx and CSV), bounded whatever the file claims (SECURITY.md, issue 15).

``read_table(upload, kind)`` returns the sheet's non-blank rows as ``[(row number, [cell values])]`` (row numbers
as the spreadsheet shows them, 1-based), or raises ``django.core.exceptions.ValidationError`` with a sentence for the
person who chose the file, naming the limit, the row or the column. Nothing is trusted: not the ``<dimension>`` a
sheet declares, not the sizes inside the zip, not the row numbers a sheet gives itself.

**.xlsx.** Before openpyxl sees the file, every XML part of the zip is streamed once through expat (``_Scan``), which
keeps no tree and stops at the first thing refused:

- a ``<!DOCTYPE`` or an entity declaration in any part (no entity expansion, no external references);
- more than ``MAX_XML_BYTES`` of XML once unpacked, or more than ``MAX_ELEMENTS`` elements in all;
- a sheet of more than ``MAX_CELLS`` cells, a row of more than ``MAX_ROW_CELLS`` cells, a value to the right of
  column ``MAX_COLUMNS``;
- a malformed cell: a row or cell reference that is not one, a number cell that is not a number, a date cell that is
  not an ISO 8601 date, a true/false cell that is neither, a shared string that does not exist; each named by its row
  and column.

openpyxl then reads the first sheet in read-only mode (``data_only=False``: a formula cell is its text, never the
value Excel cached), row by row, ``max_col`` bounded and ``max_row`` given (never the sheet's own dimension); blank
rows are skipped and reading stops at the first non-blank row past ``max_rows + HEADER_ROWS``.

**CSV.** The text (UTF-8, with or without a byte-order mark, else Windows-1252) is read by ``csv.reader`` one row at a
time; blank lines are skipped without being kept, and the same row and column limits apply.

The bounds keep the parse of any accepted file (5 MB at most, ``core.uploads``) within a few seconds and well under
256 MB (``tests/security/test_upload_parsing.py`` builds the attack files and measures both).
"""

import csv
import datetime
import re
import zipfile
from xml.parsers import expat

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_ISO8601

MAX_ROWS = 5000  # data rows; a caller may ask for fewer
HEADER_ROWS = 20  # title, header and heading rows read on top of the data rows
MAX_COLUMNS = 30  # the registers' layouts use at most 10
MAX_ROW_CELLS = 1000  # cells (values or formatting only) one row of a sheet may hold
MAX_CELLS = (MAX_ROWS + HEADER_ROWS) * MAX_COLUMNS  # cells one sheet may hold
MAX_ELEMENTS = 4 * MAX_CELLS  # XML elements in all the workbook's parts
MAX_XML_BYTES = 40 * 1024 * 1024  # the workbook's XML once unpacked (check_upload allows 100 MB for the whole zip)
EXCEL_MAX_ROW = 1_048_576
CHUNK = 64 * 1024
CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
LETTERS = re.compile(r"^[A-Za-z]{1,3}$")
UNREADABLE = "The file is not a valid Excel workbook (.xlsx)"


def _refuse(message, code="content"):
    raise ValidationError(message, code=code)


def _too_many_rows(limit):
    _refuse(f"The file has more than {limit:,} rows: split it into files of at most {limit:,} rows.", code="rows")


def _beyond_columns(row, column):
    _refuse(f"Row {row} has a value in column {column}: at most {MAX_COLUMNS} columns are read. Remove the cells "
            f"to the right of the table (column {get_column_letter(MAX_COLUMNS)} is the last).", code="columns")


def _column_name(index):
    """Excel's letters for a column (AD), or its number past Excel's last column."""
    return get_column_letter(index) if index <= 18278 else f"number {index:,}"


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(upload, kind, max_rows=MAX_ROWS):
    """``[(row number, [values])]`` of the first sheet's (or the CSV's) non-blank rows: at most ``max_rows``
    data rows plus ``HEADER_ROWS``, each at most ``MAX_COLUMNS`` wide. Call ``core.uploads.check_upload`` first."""
    limit = max_rows + HEADER_ROWS
    upload.seek(0)
    try:
        return _read_xlsx(upload, limit) if kind == "xlsx" else _read_csv(upload, limit)
    finally:
        upload.seek(0)


# CSV -----------------------------------------------------------------------------------------------------------

def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    _refuse("The CSV file could not be read as text (save it as UTF-8).")


class _Lines:
    """The text's lines for ``csv.reader``, with runs of blank lines outside a quoted cell skipped in C (a file of
    five million newlines is one regular-expression search), and the physical line number of each line given."""

    NOT_NEWLINE = re.compile(r"[^\r\n]")

    def __init__(self, text):
        self.text, self.position, self.line, self.quotes = text, 0, 0, 0
        self.row_start = 0  # the line number where the row last read began

    def __iter__(self):
        return self

    def __next__(self):
        text, position = self.text, self.position
        outside = self.quotes % 2 == 0
        if outside:  # not inside a quoted cell: blank lines are nothing
            found = self.NOT_NEWLINE.search(text, position)
            if found is None:
                raise StopIteration
            self.line += text.count("\n", position, found.start())
            position = found.start()
        elif position >= len(text):
            raise StopIteration
        end = text.find("\n", position)
        end = len(text) if end == -1 else end + 1
        line = text[position:end]
        self.position, self.line = end, self.line + 1
        if line.count(",") >= MAX_ROW_CELLS:  # counted in C, before csv makes a list of a million cells
            _refuse(f"Row {self.line} has more than {MAX_ROW_CELLS:,} cells: at most {MAX_COLUMNS} columns are read. "
                    "Remove the cells to the right of the table.", code="columns")
        if outside:
            self.row_start = self.line
        self.quotes += line.count('"')
        return line


def _read_csv(upload, limit):
    lines = _Lines(_decode(upload.read()))
    reader = csv.reader(lines)
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            _refuse(f"Row {lines.row_start} could not be read: {exc}.")
        number = lines.row_start
        if len(cells) > MAX_COLUMNS:
            extra = next((index for index, cell in enumerate(cells[MAX_COLUMNS:], MAX_COLUMNS + 1)
                          if not _blank(cell)), None)
            if extra is not None:
                _beyond_columns(number, _column_name(extra))
            cells = cells[:MAX_COLUMNS]
        if all(_blank(cell) for cell in cells):
            continue
        if len(rows) == limit:
            _too_many_rows(limit - HEADER_ROWS)
        rows.append((number, cells))
    return rows


# .xlsx: the scan -----------------------------------------------------------------------------------------------

class _Scan:
    """One streaming pass over one XML part: refuses DTDs and entities, counts elements and, in a worksheet,
    checks every row and cell (see the module's docstring). ``shared`` is the number of ``<si>`` in a shared
    string table; ``strings_used`` the highest shared-string index a sheet refers to, with its row and column."""

    def __init__(self, budget):
        self.budget = budget  # elements still allowed in the whole workbook
        self.depth = 0
        self.root = None
        self.shared = 0
        self.strings_used = (-1, None, None)
        self.cells = 0
        self.row, self.row_cells, self.column = 0, 0, 0
        self.cell_type, self.value, self.in_value = "n", None, False
        self._locals = {}

    def _local(self, name):
        local = self._locals.get(name)
        if local is None:
            local = self._locals[name] = name.rpartition(" ")[2]
        return local

    def doctype(self, *args):
        _refuse(f"{UNREADABLE}: it declares a document type (<!DOCTYPE>), which a workbook never needs.")

    def start(self, name, attrs):
        self.budget -= 1
        if self.budget < 0:
            _refuse(f"{UNREADABLE}: it holds more than {MAX_ELEMENTS:,} elements.", code="size")
        local = self._local(name)
        self.depth += 1
        if self.depth == 1:
            self.root = local
        elif self.root == "sst" and self.depth == 2 and local == "si":
            self.shared += 1
        elif self.root == "worksheet":
            if local == "row" and self.depth == 3:
                self._row(attrs)
            elif local == "c" and self.depth == 4:
                self._cell(attrs)
            elif local in ("v", "f", "is") and self.depth == 5 and self.column > MAX_COLUMNS:
                _beyond_columns(self.row, _column_name(self.column))
            elif local == "v" and self.depth == 5:
                self.in_value, self.value = True, ""

    def _row(self, attrs):
        given = attrs.get("r")
        if given is None:
            self.row += 1
        elif given.isdigit() and 0 < int(given) <= EXCEL_MAX_ROW:
            self.row = int(given)
        else:
            _refuse(f"{UNREADABLE}: after row {self.row} there is a row numbered '{given[:20]}'.")
        self.row_cells, self.column = 0, 0

    def _cell(self, attrs):
        self.cells += 1
        self.row_cells += 1
        if self.cells > MAX_CELLS:
            _refuse(f"The sheet has more than {MAX_CELLS:,} cells (at most {MAX_ROWS:,} rows of {MAX_COLUMNS} "
                    "columns): split it.", code="size")
        if self.row_cells > MAX_ROW_CELLS:
            _refuse(f"Row {self.row} has more than {MAX_ROW_CELLS:,} cells: at most {MAX_COLUMNS} columns are read. "
                    "Remove the cells to the right of the table.", code="columns")
        reference = attrs.get("r")
        if reference is None:
            self.column += 1
        else:
            match = CELL_REF.match(reference)
            if match is None or int(match.group(2)) != self.row:
                _refuse(f"{UNREADABLE}: row {self.row} has a cell named '{reference[:20]}'.")
            self.column = _column_index(match.group(1))
        style = attrs.get("s", "0")
        if not style.isdigit():
            _refuse(f"Row {self.row}, column {_column_name(self.column)}: the cell's style is not valid.")
        self.cell_type, self.value = attrs.get("t", "n"), None

    def text(self, data):
        if self.in_value and len(self.value) < 400:
            self.value += data

    def end(self, name):
        local = self._local(name)
        if self.root == "worksheet":
            if local == "v" and self.depth == 5:
                self.in_value = False
            elif local == "c" and self.depth == 4:
                self._check_value()
        self.depth -= 1

    def _check_value(self):
        text = (self.value or "").strip()
        if not text:
            return
        where = f"Row {self.row}, column {_column_name(self.column)}"
        kind = self.cell_type
        try:
            if kind == "n":
                float(text) if "." in text or "e" in text or "E" in text else int(text)
            elif kind == "d":
                if not isinstance(from_ISO8601(text), (datetime.date, datetime.time, datetime.timedelta)):
                    raise ValueError
            elif kind == "b":
                if text not in ("0", "1"):
                    raise ValueError
            elif kind == "s":
                index = int(text)
                if index < 0:
                    raise ValueError
                if index > self.strings_used[0]:
                    self.strings_used = (index, self.row, self.column)
        except (ValueError, OverflowError):
            label = {"n": "a number", "d": "a date", "b": "true or false", "s": "a shared string's number"}
            _refuse(f"{where}: '{text[:40]}' is not {label.get(kind, 'a value')}, although the cell is marked as "
                    "one. Retype the cell in Excel and save the workbook again.")


def _column_index(letters):
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _is_xml(head):
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _scan_part(archive, info, scan):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = scan.doctype
    parser.EntityDeclHandler = scan.doctype
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    with archive.open(info) as source:
        first = True
        while chunk := source.read(CHUNK):
            if first and not _is_xml(chunk[:64]):
                return False  # an image or other binary part: openpyxl does not parse it either
            first = False
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return True


def _scan_workbook(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if sum(info.file_size for info in members) > MAX_XML_BYTES + 10 * 1024 * 1024 or \
                    sum(info.file_size for info in members if not info.filename.lower().endswith(
                        (".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".bin"))) > MAX_XML_BYTES:
                _refuse(f"The workbook is too large once unpacked (more than {MAX_XML_BYTES // 2 ** 20} MB).",
                        code="size")
            budget, shared, used = MAX_ELEMENTS, 0, (-1, None, None)
            for info in members:
                scan = _Scan(budget)
                _scan_part(archive, info, scan)
                budget = scan.budget
                shared = max(shared, scan.shared)
                used = max(used, scan.strings_used, key=lambda item: item[0])
    except expat.ExpatError as exc:
        _refuse(f"{UNREADABLE}: a part of it is not well-formed XML ({expat.ErrorString(exc.code)}, "
                f"line {exc.lineno}).")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        _refuse(f"{UNREADABLE}: it could not be unpacked.")
    if used[0] >= shared:
        _refuse(f"Row {used[1]}, column {_column_name(used[2])}: the cell refers to text the workbook does not "
                "hold. Retype the cell in Excel and save the workbook again.")


# .xlsx: the rows -----------------------------------------------------------------------------------------------

def _read_xlsx(upload, limit):
    _scan_workbook(upload)
    upload.seek(0)
    rows, last = [], 0
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(min_row=1, max_row=EXCEL_MAX_ROW, max_col=MAX_COLUMNS,
                                                           values_only=True), start=1):
                last = number
                if cells.count(None) == len(cells) or all(_blank(cell) for cell in cells):
                    continue
                if len(rows) == limit:
                    _too_many_rows(limit - HEADER_ROWS)
                rows.append((number, list(cells)))
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds of error on a workbook the scan let through
        where = f" after row {last}" if last else ""
        _refuse(f"{UNREADABLE}: it could not be read{where}. Open it in Excel and save it again.")
    return rows
