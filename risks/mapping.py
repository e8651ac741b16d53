"""Import a risk register in any column layout: map its columns to the portal's fields once (README "Importing a
register in any layout").

``read_source`` reads an .xlsx or CSV upload (``core.tabular``) into its header row and data rows. A ``Layout``
says which column is which field (``FIELDS``), how the source's own words map to categories, responses and natures
(``values``), the value chosen for the whole file where the source has no such column (``choices``: category and
response are never invented), and the partner's own bands (``source_bands``). ``check_layout`` refuses a layout by
name (two columns mapped to one field, a required field unmapped, an unknown column or field); ``parse_rows`` turns
each source row into the same ``risks.imports.ParsedRow`` the App. 7 parser gives, so ``risks.import_plan`` builds
the preview (add/update/unchanged/refused) and applies it all or nothing as for an App. 7 file.

A layout is found again by ``signature``: the digest of the normalised header row (case, spaces and line breaks
ignored), per partnership (``RiskImportLayout``).
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from core.exceptions import Invalid
from core.tabular import read_table
from core.uploads import check_upload, display_name
from risks import scoring
from risks.bands import bands_for
from risks.choices import Category, Nature, Rag, Response
from risks.exports import description_text
from risks.imports import HEADINGS, MAX_ROWS, ParsedRow, _date, _owner, _text, normalise, owners_of

IGNORE = "ignore"
# The portal fields a source column may be mapped to, with the names the mapping form shows.
FIELDS = {
    IGNORE: "Ignore this column",
    "number": "No or reference",
    "title": "Title",
    "description": "Description",
    "title_description": "Title and description (one column: title on the first line)",
    "category": "Category",
    "nature": "Threat or opportunity",
    "owner": "Risk owner",
    "date_identified": "Date identified",
    "inherent_likelihood": "Likelihood (inherent)",
    "inherent_impact": "Impact (inherent)",
    "inherent_rag": "Rating or RAG (inherent), as the source rates it",
    "controls": "Controls",
    "residual_likelihood": "Likelihood (residual, current)",
    "residual_impact": "Impact (residual, current)",
    "residual_rag": "Rating or RAG (residual, current), as the source rates it",
    "response": "Response",
    "actions": "Actions",
    "review_date": "Review date",
}
REQUIRED = (("title", "title_description"), ("inherent_likelihood",), ("inherent_impact",))
# Fields whose source words may be mapped to the portal's choices, and where the source may lack them.
CHOICES = {"category": Category, "response": Response, "nature": Nature}
ASKED = ("category", "response")  # never defaulted: a file without the column must be given a value
SIGNATURE_SPACES = re.compile(r"\s+")


def _key(text):
    return SIGNATURE_SPACES.sub(" ", _text(text)).lower()


def signature(headers):
    """The digest of a header row, blind to case, spacing and blank trailing columns."""
    names = [_key(name) for name in headers]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256("|".join(names).encode()).hexdigest()


def column_names(cells):
    """The header row's headings as the mapping names them: a blank heading is "Column C", a heading used twice
    is told apart by its column ("Impact (column F)")."""
    texts = [SIGNATURE_SPACES.sub(" ", _text(cell)) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    counts = {}
    for text in texts:
        counts[text.lower()] = counts.get(text.lower(), 0) + 1
    names = []
    for index, text in enumerate(texts, 1):
        letter = get_column_letter(index)
        if not text:
            names.append(f"Column {letter}")
        elif counts[text.lower()] > 1:
            names.append(f"{text} (column {letter})")
        else:
            names.append(text)
    return names


# The upload -------------------------------------------------------------------------------------------------------

@dataclass
class Source:
    """An uploaded register: its headings and data rows (cells as JSON), staged between the mapping's steps."""

    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # [[row number, [cells]]]
    filename: str = ""
    level: str = ""
    project: int | None = None
    workstream: int | None = None
    token: str = ""

    def samples(self, count=3):
        """{heading: [up to ``count`` distinct non-blank values]} for the mapping form."""
        found = {name: [] for name in self.headers}
        for _row, cells in self.rows:
            for name, cell in zip(self.headers, cells, strict=False):
                text = _text(cell)
                if text and len(found[name]) < count and text not in found[name]:
                    found[name].append(text[:80] + ("…" if len(text) > 80 else ""))
        return found

    def distinct(self, heading, limit=50):
        """The distinct non-blank values of a column (as written, first seen first), at most ``limit``."""
        index = self.headers.index(heading)
        seen = {}
        for _row, cells in self.rows:
            text = _text(cells[index]) if index < len(cells) else ""
            if text and text.lower() not in seen:
                seen[text.lower()] = text
                if len(seen) >= limit:
                    break
        return list(seen.values())


def _json_cell(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # dates and date-times: the date (read back by imports._date)
    return value


def read_source(upload):
    """The ``Source`` of an .xlsx or CSV upload, or ``Invalid`` naming what is wrong with the file. The header row is
    the first row with at least two headings in the first 15 rows; rows repeating it (a table split across pages)
    are skipped."""
    try:
        kind = check_upload(upload, ("xlsx", "csv"))  # size, extension, type and content (core.uploads)
        rows = read_table(upload, kind, MAX_ROWS)
    except ValidationError as exc:
        raise Invalid({"file": exc.messages}) from exc
    header = next((index for index, (_n, cells) in enumerate(rows[:15])
                   if sum(1 for cell in cells if _text(cell)) >= 2), None)
    if header is None:
        raise Invalid({"file": ["No header row (a row of at least two column headings) was found in the first "
                                "15 rows."]})
    headers = column_names(rows[header][1])
    repeated = [_key(cell) for cell in rows[header][1]]
    data = []
    for number, cells in rows[header + 1:]:
        cells = [_json_cell(cell) for cell in (list(cells) + [None] * len(headers))[:len(headers)]]
        if [_key(cell) for cell in cells] == repeated[:len(cells)] or not any(_text(c) for c in cells):
            continue
        data.append([number, cells])
    if not data:
        raise Invalid({"file": ["The file has no rows under its header row."]})
    return Source(headers=headers, rows=data, filename=display_name(upload, "a spreadsheet"))


# The layout -------------------------------------------------------------------------------------------------------

@dataclass
class Layout:
    """A mapping as used for one import (``RiskImportLayout`` holds the saved ones)."""

    mapping: dict  # {heading: field}
    values: dict = field(default_factory=dict)  # {"category": {"source words": "clinical"}, ...}
    choices: dict = field(default_factory=dict)  # {"category": "strategic", "response": "reduce", "nature": ...}
    rows: dict = field(default_factory=dict)  # row by row where no column gives it: {"category": {"12": "people"}}
    source_bands: dict | None = None  # {"bands": [[rag, low, high], ...], "hml": {"H": 5, "M": 3, "L": 1}}
    organisation: object = None  # core.Organisation

    @classmethod
    def of(cls, saved):
        return cls(mapping=dict(saved.mapping), values=dict(saved.values or {}), choices=dict(saved.choices or {}),
                   source_bands=saved.source_bands, organisation=saved.organisation)

    def for_headers(self, headers):
        """This layout keyed by ``headers`` as this file spells them (a saved layout matches case- and
        space-blind)."""
        spelled = {_key(heading): heading for heading in headers}
        return Layout(mapping={spelled.get(_key(heading), heading): name for heading, name in self.mapping.items()},
                      values=self.values, choices=self.choices, rows=self.rows, source_bands=self.source_bands,
                      organisation=self.organisation)

    def column(self, name):
        """The heading mapped to field ``name``, or None."""
        return next((heading for heading, mapped in self.mapping.items() if mapped == name), None)


def source_bands(data):
    """``scoring.Bands`` from a layout's ``source_bands`` (bands left out: the default bands), or ``Invalid``."""
    if not data:
        return None
    if not isinstance(data, dict) or not set(data) <= {"bands", "hml"}:
        raise Invalid({"source_bands": ['Give the source\'s bands as {"bands": [["red", 15, 25], ...], '
                                        '"hml": {"H": 5, "M": 3, "L": 1}}.']})
    try:
        bands = [tuple(band) for band in data.get("bands") or scoring.RAG_BANDS]
        if any(len(band) != 3 for band in bands):
            raise scoring.RatingError("Each band is a colour, its lowest and its highest score.")
        return scoring.Bands.checked(bands, data.get("hml"))
    except (scoring.RatingError, TypeError, ValueError) as exc:
        raise Invalid({"source_bands": [f"The source's bands: {exc}"]}) from exc


def check_layout(layout, headers):
    """Refuse (``Invalid``, naming each problem) a layout that does not fit ``headers``; returns the source's
    ``Bands`` (or None)."""
    problems = []
    if not isinstance(layout.mapping, dict):
        raise Invalid({"mapping": ["The mapping is an object of column heading to field."]})
    by_field = {}
    in_order = sorted(layout.mapping.items(), key=lambda pair: headers.index(pair[0]) if pair[0] in headers else 99)
    for heading, name in in_order:  # named in the file's column order
        if heading not in headers:
            problems.append(f"'{heading}' is not a column of the file (its columns: {', '.join(headers)}).")
        if name not in FIELDS:
            problems.append(f"'{heading}': '{name}' is not a field (use one of {', '.join(FIELDS)}).")
        elif name != IGNORE:
            by_field.setdefault(name, []).append(heading)
    for name, headings in by_field.items():
        if len(headings) > 1:
            quoted = " and ".join(f"'{heading}'" for heading in headings)
            problems.append(f"{quoted} are both mapped to {FIELDS[name]}: map one column to each field.")
    if "title_description" in by_field:
        for name in ("title", "description"):
            if name in by_field:
                combined = by_field["title_description"][0]
                problems.append(f"'{by_field[name][0]}' is mapped to {FIELDS[name]} and '{combined}' "
                                f"to {FIELDS['title_description']}: map one or the other.")
    missing = [" or ".join(FIELDS[name] for name in names) for names in REQUIRED
               if not any(name in by_field for name in names)]
    if missing:
        problems.append(f"Map a column to each required field: {'; '.join(missing)}.")
    choices = layout.choices or {}
    rows = layout.rows or {}
    for name in ASKED:
        if name not in by_field and not choices.get(name) and not any((rows.get(name) or {}).values()):
            problems.append(f"The file has no {name} column: choose the {FIELDS[name].lower()} of every row, "
                            "for the whole file or row by row (it is never assumed).")
    for name, enum in CHOICES.items():
        chosen = choices.get(name)
        if chosen and chosen not in enum.values:
            problems.append(f"'{chosen}' is not a {name} (use one of {', '.join(enum.values)}).")
        if not isinstance(rows.get(name) or {}, dict):
            problems.append(f"Give the {name} row by row as {{row number: {name}}}.")
            continue
        for row, value in (rows.get(name) or {}).items():
            if value and value not in enum.values:
                problems.append(f"Row {row}: '{value}' is not a {name}.")
        for source, value in ((layout.values or {}).get(name) or {}).items():
            if value and value not in enum.values:
                problems.append(f"{FIELDS[name]} '{source}': '{value}' is not a {name}.")
    if problems:
        raise Invalid({"mapping": problems})
    return source_bands(layout.source_bands)


# The rows ---------------------------------------------------------------------------------------------------------

def _choice(name, text, layout, row=None):
    """The portal's value for the source's ``text`` of field ``name`` (on spreadsheet row ``row``), or a
    ``ValueError`` naming it. A blank (or absent) cell takes the value chosen for the row, else for the file."""
    enum = CHOICES[name]
    chosen = ((layout.rows or {}).get(name) or {}).get(str(row)) or (layout.choices or {}).get(name)
    if not text:
        if chosen:
            return chosen
        raise ValueError(f"{FIELDS[name]}: none given; map a column to it, or choose one for this row or the "
                         "whole file.")
    mapped = {_key(k): v for k, v in ((layout.values or {}).get(name) or {}).items() if v}
    key = _key(text)
    if key in mapped:
        return mapped[key]
    known = {value: value for value in enum.values}
    known.update({_key(label): value for value, label in enum.choices})
    if name == "category":
        known.update(HEADINGS)
    if key in known:
        return known[key]
    labels = ", ".join(label for _value, label in enum.choices)
    raise ValueError(f"{FIELDS[name]}: '{text}' is not one of {labels}; map the source's value to one.")


def _rag(text, bands):
    """A source's RAG cell: a colour word, or a score banded by ``bands``."""
    key = _key(text)
    for value, label in Rag.choices:
        if key in (value, label.lower(), value[0]):
            return value
    try:
        score = int(float(key))
    except ValueError:
        raise ValueError(f"'{text}' is not a RAG colour or a score from 1 to 25.") from None
    try:
        return bands.rag(score)
    except scoring.RatingError as exc:
        raise ValueError(str(exc)) from None


def _title(layout, cell):
    """(title, description, the text as App. 7's one column would give it)."""
    if layout.column("title_description"):
        text = normalise(cell("title_description"))
        title, _, rest = text.partition("\n")
        if len(title) > 200:
            title, rest = title[:197].rstrip() + "…", text
        return title, rest.strip(), text
    title, description = normalise(cell("title")), normalise(cell("description"))
    if len(title) > 200:
        title, description = title[:197].rstrip() + "…", description_text(title, description)
    return title, description, normalise(description_text(title, description))


def parse_rows(source, layout, tenant):
    """([ParsedRow], errors) for every row of ``source`` under ``layout`` (checked first: ``Invalid``)."""
    src_bands = check_layout(layout, source.headers)
    bands = src_bands or bands_for(tenant)  # H/M/L and a RAG column's scores: the source's, else the partnership's
    users = owners_of(tenant)
    index = {heading: position for position, heading in enumerate(source.headers)}
    columns = {name: layout.column(name) for name in FIELDS if name != IGNORE}
    keeps_source = bool(layout.organisation or src_bands or columns["inherent_rag"] or columns["residual_rag"])
    parsed, errors = [], []
    for number, cells in source.rows:
        def cell(name, cells=cells):
            heading = columns[name]
            return cells[index[heading]] if heading else None

        problems, values = [], {}
        title, description, text = _title(layout, cell)
        if not title:
            problems.append(f"{FIELDS['title']}: required.")
        for name in CHOICES:
            if name == "nature" and not columns[name] and not (layout.choices or {}).get(name):
                values[name] = Nature.THREAT  # a register lists threats unless it says otherwise
                continue
            try:
                values[name] = _choice(name, _text(cell(name)), layout, number)
            except ValueError as exc:
                problems.append(str(exc))
        for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
            raw = cell(name)
            if name.startswith("residual") and not _text(raw):
                raw = cell(name.replace("residual", "inherent"))  # a blank residual takes the inherent rating
            try:
                values[name] = bands.parse_rating(raw)
            except scoring.RatingError as exc:
                problems.append(f"{FIELDS[name]}: {exc}")
        for name in ("date_identified", "review_date"):
            try:
                values[name] = _date(cell(name), FIELDS[name])
            except ValueError as exc:
                problems.append(str(exc))
        if keeps_source:
            for part in ("inherent", "residual"):
                raw = _text(cell(f"{part}_rag"))
                try:
                    if raw:
                        values[f"source_{part}_rag"] = _rag(raw, bands)
                    elif src_bands and f"{part}_impact" in values and f"{part}_likelihood" in values:
                        values[f"source_{part}_rag"] = src_bands.rag(values[f"{part}_likelihood"]
                                                                     * values[f"{part}_impact"])
                    else:
                        values[f"source_{part}_rag"] = ""
                except ValueError as exc:
                    problems.append(f"{FIELDS[part + '_rag']}: {exc}")
            values["source_bands"] = src_bands.describe()[:200] if src_bands else ""
            values["source_organisation_id"] = layout.organisation.pk if layout.organisation else None
        if problems:
            errors.append((number, problems))
            continue
        controls = normalise(cell("controls"))
        actions = normalise(cell("actions"))
        if actions:
            controls = f"{controls}\n\nActions: {actions}" if controls else f"Actions: {actions}"
        owner_text = _text(cell("owner"))
        owner, owner_name = _owner(owner_text, users)
        values.update({"title": title, "description": description, "owner": owner, "owner_name": owner_name[:200],
                       "controls": controls})
        parsed.append(ParsedRow(number, _text(cell("number")), text, owner_text, values))
    if len(parsed) + len(errors) > MAX_ROWS:
        errors.append((0, [f"At most {MAX_ROWS} risks can be imported at once."]))
    return parsed, errors


def preview(source, layout, user, tenant, level, project=None, workstream=None):
    """The ``import_plan.Plan`` of importing ``source`` under ``layout`` (``Invalid`` for a bad layout)."""
    from risks import import_plan

    parsed, errors = parse_rows(source, layout, tenant)
    return import_plan.build(parsed, errors, user, tenant, level, project, workstream, source.filename)


# Saved layouts ----------------------------------------------------------------------------------------------------

def saved_layout(tenant, headers):
    """The partnership's saved layout for this header row, or None."""
    from risks.models import RiskImportLayout

    return RiskImportLayout.objects.filter(tenant=tenant, signature=signature(headers)).first()


def save_layout(tenant, user, name, headers, layout, reason="Saved by a confirmed import"):
    """Create or update the partnership's layout for this header row (with its history)."""
    from risks.models import RiskImportLayout

    saved = saved_layout(tenant, headers) or RiskImportLayout(tenant=tenant, signature=signature(headers))
    saved.name = (name or saved.name or "Imported layout")[:200]
    saved.headers = list(headers)
    saved.mapping, saved.values, saved.choices = layout.mapping, layout.values or {}, layout.choices or {}
    saved.source_bands, saved.organisation = layout.source_bands or None, layout.organisation
    saved._history_user = user
    saved._change_reason = reason
    saved.save()
    return saved
