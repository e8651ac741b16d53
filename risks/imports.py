"""Import a register in PID App. 7's layout (as ``exports.py`` writes it, or as a PMO keeps it by hand).

Every row is checked before anything is written; a file with any bad row imports nothing and the report
names each bad row by its spreadsheet row number (DOMAIN.md s4). Ratings may be 1–5 or H/M/L (→ 4/3/2,
as in seed 004's register). A blank residual assessment takes the inherent one, and a new risk imported so is
marked "residual not yet assessed" (``Risk.residual_assessed``). A row whose "No" is a
reference of this partnership (R-0001) updates that risk; any other row is a new risk (``import_plan``).
A formula cell is read as its text, never as the value Excel cached.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import User
from core.tabular import read_table
from core.uploads import check_upload, display_name
from risks import scoring
from risks.bands import bands_for
from risks.choices import Category, Nature
from risks.exports import CATEGORY_HEADINGS
from risks.models import Risk

HEADINGS = {heading.lower(): category for category, heading in CATEGORY_HEADINGS.items()}
HEADINGS.update({label.lower(): value for value, label in Category.choices})
HEADINGS.update({f"{label.lower()} risks": value for value, label in Category.choices})
MAX_ROWS = 5000


IMPORTED_REASON = "Imported: the source register rates residual above inherent."


@dataclass
class ParsedRow:
    row: int  # the spreadsheet's row number
    number: str  # column A: a reference such as R-0001 (update that risk) or the source register's own number
    description: str  # column C as written (title, then the description)
    owner: str  # column D as written
    values: dict = field(default_factory=dict)  # the model fields the row gives


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


def normalise(value):
    """Cell text as stored: line endings as \\n (Excel writes \\r\\n), outer spaces gone."""
    return _text(value).replace("\r\n", "\n").replace("\r", "\n")


def _date(value, name):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{name}: '{text}' is not a date (use DD/MM/YYYY).")


def _heading(cells):
    texts = [_text(c) for c in cells if _text(c)]
    if len(texts) == 1:
        return HEADINGS.get(re.sub(r"\s+", " ", texts[0]).lower())
    return None


def _find_header(rows):
    for index, (_number, row) in enumerate(rows[:15]):
        if row and _text(row[0]).lower() == "no":
            return index
    return None


def read_rows(upload):
    """The first sheet's non-blank rows as ``[(row number, cells)]``, read within bounds by the kernel's reader
    (``core.tabular``: a formula cell reads as its text, never as the value Excel cached)."""
    return read_table(upload, "xlsx", MAX_ROWS)


def owners_of(tenant):
    """The partnership's members by lower-case username and full name: whom an owner cell may name."""
    users = {}
    for user in User.objects.filter(memberships__tenant=tenant):
        users[user.username.lower()] = user
        if user.get_full_name():
            users[user.get_full_name().lower()] = user
    return users


def _owner(text, users):
    if not text:
        return None, ""
    key = text.lower()
    return users.get(key), ("" if key in users else text)


def parse_rows(rows, tenant):
    """([ParsedRow], errors) from the sheet's ``(row number, cells)``: every cell checked, nothing looked up but
    the owners."""
    header = _find_header(rows)
    if header is None:
        return [], [(1, ["No header row starting with 'No' was found in the first 15 rows (App. 7 layout)."])]
    header_row = rows[header][0]
    users = owners_of(tenant)
    category = None
    bands = bands_for(tenant)  # H/M/L read in the partnership's mapping
    parsed, errors = [], []
    for offset, cells in rows[header + 1:]:
        cells = (list(cells) + [None] * 10)[:10]
        if not any(_text(c) for c in cells):
            continue
        heading = _heading(cells)
        if heading:
            category = heading
            continue
        problems = []
        number, identified, description, owner, lk, im, controls, rlk, rim, review = cells
        if category is None:
            problems.append("There is no category heading (such as 'Strategic Risks') above this row.")
        text = normalise(description)
        if not text:
            problems.append("Risk description: required.")
        ratings = {}
        for name, value in (("inherent_likelihood", lk), ("inherent_impact", im),
                            ("residual_likelihood", rlk if _text(rlk) else lk),
                            ("residual_impact", rim if _text(rim) else im)):
            try:
                ratings[name] = bands.parse_rating(value)
            except scoring.RatingError as exc:
                problems.append(f"{name.replace('_', ' ').capitalize()}: {exc}")
        dates = {}
        for name, value in (("date_identified", identified), ("review_date", review)):
            try:
                dates[name] = _date(value, name.replace("_", " ").capitalize())
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors.append((offset, problems))
            continue
        title, _, rest = text.partition("\n")
        if len(title) > 200:
            title, rest = title[:197].rstrip() + "…", text
        owner_user, owner_name = _owner(_text(owner), users)
        parsed.append(ParsedRow(offset, _text(number), text, _text(owner), {
            "category": category, "title": title, "description": rest.strip() or (text if len(text) > 200 else ""),
            "owner": owner_user, "owner_name": owner_name[:200], "controls": normalise(controls), **dates, **ratings,
            # Both residual cells blank: the residual is not yet assessed (it takes the inherent ratings).
            "residual_assessed": bool(_text(rlk) or _text(rim)),
        }))
    if not parsed and not errors:
        errors.append((header_row, ["The sheet has no risks under its header row."]))
    if len(parsed) + len(errors) > MAX_ROWS:
        errors.append((header_row, [f"At most {MAX_ROWS} risks can be imported at once."]))
    return parsed, errors


def new_risk(row, level, project=None, workstream=None, tenant=None):
    """An unsaved risk from a row without a reference, on the register chosen for new rows."""
    # App. 7's register holds threats and states no response: the response is left "not planned", never invented
    # (a mapped import gives both, asked of the person importing where the source lacks them).
    values = {"nature": Nature.THREAT, "response": "", **row.values}
    values["date_identified"] = values["date_identified"] or timezone.localdate()
    risk = Risk(tenant=tenant, level=level, project=project, workstream=project.workstream if project else workstream,
                source_ref=row.number[:50], **values)
    if risk.residual_likelihood * risk.residual_impact > risk.inherent_likelihood * risk.inherent_impact:
        risk.residual_above_inherent_reason = IMPORTED_REASON
    return risk


def clean_errors(risk):
    """The model's own refusals of ``risk`` as messages naming the field, or []."""
    try:
        risk.clean()
    except ValidationError as exc:
        return [f"{name.replace('_', ' ').capitalize()}: {' '.join(messages)}"
                for name, messages in exc.message_dict.items()]
    return []


def import_register(upload, user, tenant, level, project=None, workstream=None, name=None):
    """Check the upload and work out what importing it would do. Writes nothing: returns an
    ``import_plan.Plan`` (added, changed field by field, unchanged, refused) for the preview page;
    ``import_plan.apply`` writes it once the user confirms."""
    from risks import import_plan

    try:
        check_upload(upload, ("xlsx",))  # size, extension, type and content (core.uploads)
        rows = read_rows(upload)
    except ValidationError as exc:
        return import_plan.Plan.refusing([(0, exc.messages)])  # the file as a whole: the message names any row
    parsed, errors = parse_rows(rows, tenant)
    return import_plan.build(parsed, errors, user, tenant, level, project, workstream,
                             name or display_name(upload, "a spreadsheet"))
