"""The one check every uploaded file passes before anything reads it (SECURITY.md "Uploads").

``check_upload(upload, kinds)`` refuses, with a message for the person who chose the file:
- anything larger than ``max_bytes`` (5 MB unless the caller says otherwise);
- a name whose extension is not one of ``kinds``;
- content that does not match the extension: an .xlsx must start with a zip's local file header
  (``PK\\x03\\x04``), be a readable zip of at most ``MAX_ZIP_MEMBERS`` entries whose uncompressed size is at most
  ``MAX_UNZIPPED_BYTES`` (a "zip bomb" expands to gigabytes) and contain ``[Content_Types].xml`` and ``xl/``;
  a .csv must be text (no NUL byte, not a zip or other binary signature, decodable as UTF-8 or Windows-1252);
- a declared Content-Type that contradicts a spreadsheet whatever its name (HTML, script, a program, an image, a
  PDF: ``CONTRADICTING_TYPES``); other declared types are accepted, because clients send text/plain,
  application/octet-stream or nothing for these files, and the content is what is checked.

It raises ``django.core.exceptions.ValidationError`` so forms, the imports and the API report it alike, and
leaves the file positioned at its start.

``display_name(upload)`` is the file's name as the portal records it (a history reason, an import's preview): the
last path component, control characters removed, at most ``NAME_LENGTH`` characters (issue 15: a name of 90
characters overflowed the history's 100-character reason column).
"""

import re
import zipfile

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
XLSX_MAGIC = b"PK\x03\x04"
# Signatures of binary formats a renamed file might carry (zip, PDF, PE/EXE, ELF, OLE2 .xls/.doc, gzip, PNG, JPEG).
BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\x89PNG",
                b"\xff\xd8\xff")

KINDS = {
    "xlsx": {"label": "an Excel workbook (.xlsx)"},
    "csv": {"label": "a CSV file (.csv)"},
}
# Declared types that contradict a spreadsheet whatever its name: markup and script a browser would run, programs,
# and other media. Anything else is accepted as declared (browsers and tools send text/plain, application/zip,
# application/octet-stream or nothing for these files): the content is what is checked.
CONTRADICTING_TYPES = re.compile(
    r"^(text/html|application/xhtml\+xml|image/|audio/|video/|text/javascript|application/(x-)?javascript|"
    r"application/ecmascript|application/pdf|application/x-(msdownload|msdos-program|executable|sh|elf|mach-binary)|"
    r"application/vnd\.microsoft\.portable-executable|application/java-archive)"
)


def _describe(kinds):
    return " or ".join(KINDS[kind]["label"] for kind in kinds)


def _read_head(upload, count):
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head or b""


def _check_xlsx(upload):
    if _read_head(upload, 4) != XLSX_MAGIC:
        raise ValidationError("The file is not an Excel workbook (.xlsx).", code="content")
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("The file is not an Excel workbook (.xlsx): it could not be opened.",
                              code="content") from None
    finally:
        upload.seek(0)
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        raise ValidationError("The workbook is too large once unpacked.", code="size")
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ValidationError("The file is a zip archive but not an Excel workbook (.xlsx).", code="content")


def _check_csv(upload):
    head = _read_head(upload, 8192)
    if b"\x00" in head or head.startswith(BINARY_MAGIC):
        raise ValidationError("The file is not a CSV text file.", code="content")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
            return
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is not an error.
            if encoding == "utf-8-sig" and exc.start >= len(head) - 3:
                return
    raise ValidationError("The file is not a CSV text file.", code="content")


CHECKS = {"xlsx": _check_xlsx, "csv": _check_csv}
NAME_LENGTH = 60
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def display_name(upload, default="a file", length=NAME_LENGTH):
    """The upload's name fit to record and show: no folders, no control characters, at most ``length``
    characters (the end, with its extension, kept)."""
    name = CONTROL.sub(" ", str(getattr(upload, "name", "") or "")).replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        return default
    if len(name) > length:
        stem, dot, extension = name.rpartition(".")
        extension = f".{extension}" if dot and len(extension) <= 5 else ""
        name = (stem if extension else name)[:length - len(extension) - 1].rstrip() + "…" + extension
    return name


def check_upload(upload, kinds=("xlsx",), max_bytes=MAX_UPLOAD_BYTES):
    """Refuse ``upload`` unless it is one of ``kinds`` ("xlsx", "csv"), by extension and content, and at most
    ``max_bytes``. Returns the kind it is."""
    if upload is None:
        raise ValidationError("Choose a file.", code="required")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if size > max_bytes:
        raise ValidationError(f"The file is larger than {max_bytes // (1024 * 1024)} MB.", code="size")
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    name = (getattr(upload, "name", "") or "").lower()
    kind = next((k for k in kinds if name.endswith(f".{k}")), None)
    if kind is None:
        raise ValidationError(f"Choose {_describe(kinds)}.", code="extension")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if CONTRADICTING_TYPES.match(declared):
        raise ValidationError(f"The file was sent as {declared}, not as {KINDS[kind]['label']}.", code="type")
    CHECKS[kind](upload)
    return kind
