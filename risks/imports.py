"""Import a register in PID App. 7's layout (as ``exports.py`` writes it, or as a PMO keeps it by hand).

Every row is checked before anything is written; a file with any bad row imports nothing and the report
names each bad row by its spreadsheet row number (DOMAIN.md s4). Ratings may be 1–5 or H/M/L (→ 4/3/2,
as in seed 004's register). A blank residual assessment takes the inherent one.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from core.models import User
from core.uploads import check_upload
from risks import scoring
from risks.choices import Category, Nature, Response
from risks.exports import CATEGORY_HEADINGS
from risks.models import Risk

HEADINGS = {heading.lower(): category for category, heading in CATEGORY_HEADINGS.items()}
HEADINGS.update({label.lower(): value for value, label in Category.choices})
HEADINGS.update({f"{label.lower()} risks": value for value, label in Category.choices})
MAX_ROWS = 5000


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(row number, [messages])]

    @property
    def ok(self):
        return not self.errors


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


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
    for index, row in enumerate(rows[:15]):
        if row and _text(row[0]).lower() == "no":
            return index
    return None


def read_rows(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ValidationError("The file could not be read as an Excel workbook.") from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 20)]
    workbook.close()
    return rows


def _owner(text, users):
    if not text:
        return None, ""
    key = text.lower()
    return users.get(key), ("" if key in users else text)


def build_risks(rows, level, project=None, workstream=None, tenant=None):
    """(risks, errors) from the sheet's rows, validated but unsaved."""
    header = _find_header(rows)
    if header is None:
        return [], [(1, ["No header row starting with 'No' was found in the first 15 rows (App. 7 layout)."])]
    users = {}
    for user in User.objects.filter(memberships__tenant=tenant):
        users[user.username.lower()] = user
        if user.get_full_name():
            users[user.get_full_name().lower()] = user
    category = None
    risks, errors = [], []
    for offset, cells in enumerate(rows[header + 1:], start=header + 2):
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
        text = _text(description)
        if not text:
            problems.append("Risk description: required.")
        ratings = {}
        for name, value in (("inherent_likelihood", lk), ("inherent_impact", im),
                            ("residual_likelihood", rlk if _text(rlk) else lk),
                            ("residual_impact", rim if _text(rim) else im)):
            try:
                ratings[name] = scoring.parse_rating(value)
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
        risk = Risk(
            tenant=tenant, title=title, description=rest.strip() or (text if len(text) > 200 else ""),
            category=category, nature=Nature.THREAT, level=level, project=project,
            workstream=project.workstream if project else workstream, owner=owner_user, owner_name=owner_name[:200],
            controls=_text(controls), response=Response.REDUCE, source_ref=_text(number)[:50],
            date_identified=dates["date_identified"] or timezone.localdate(), review_date=dates["review_date"],
            **ratings,
        )
        if risk.residual_likelihood * risk.residual_impact > risk.inherent_likelihood * risk.inherent_impact:
            risk.residual_above_inherent_reason = "Imported: the source register rates residual above inherent."
        try:
            risk.clean()
        except ValidationError as exc:
            errors.append((offset, [f"{name.replace('_', ' ').capitalize()}: {' '.join(messages)}"
                                    for name, messages in exc.message_dict.items()]))
            continue
        risks.append(risk)
    if not risks and not errors:
        errors.append((header + 1, ["The sheet has no risks under its header row."]))
    if len(risks) + len(errors) > MAX_ROWS:
        errors.append((header + 1, [f"At most {MAX_ROWS} risks can be imported at once."]))
    return risks, errors


def import_register(upload, user, tenant, level, project=None, workstream=None):
    """Validate every row, then save all or none. Returns an ``ImportReport``."""
    report = ImportReport()
    try:
        check_upload(upload, ("xlsx",))  # size, extension, type and content (core.uploads)
        rows = read_rows(upload)
    except ValidationError as exc:
        report.errors.append((1, exc.messages))
        return report
    risks, report.errors = build_risks(rows, level, project, workstream, tenant)
    if report.errors:
        return report
    with transaction.atomic():
        for risk in risks:
            risk.created_by = user
            risk._history_user = user
            risk._change_reason = f"Imported from {getattr(upload, 'name', 'a spreadsheet')}"
            risk.save()
            report.created.append(risk)
    return report
