"""The register in PID App. 7's layout, as .xlsx (``core.xlsx``, row by row) and as CSV.

App. 7 groups the register by category and gives, per risk: No, Date identified, Risk description, Risk
owner, Assessment (Likelihood, Impact), Controls, Residual assessment (Likelihood, Impact), Review date.
Columns A–J are exactly that; K–R add the inherent and residual scores and RAGs, the level, the project and
workstream and the status for readers who filter the sheet. A residual not yet assessed
(``Risk.residual_assessed``) leaves its residual likelihood and impact blank; its residual score columns carry the
inherent one. ``imports.py`` reads the same shape back (and updates each row by its reference). The title row, the
frozen header and the autofilter follow ``core.exports``; ``core.xlsx`` writes the rows (and keeps formula-like text
as text), as for every register. The RAGs are those stored in the partnership's bands (``risks.bands``), which the
title row states beside the title (column C).
"""

import io
import itertools
from operator import itemgetter

from django.db.models import Case, Value, When
from openpyxl.utils import get_column_letter

from core import export_jobs
from core.exports import Column, csv_writer
from core.xlsx import SheetWriter
from risks.choices import Category, Level, Rag, RiskStatus
from risks.scoring import DEFAULT_BANDS

APPENDIX_7_COLUMNS = [
    "No", "Date identified", "Risk description", "Risk owner", "Likelihood", "Impact", "Controls",
    "Likelihood", "Impact", "Review date",
]
EXTRA_COLUMNS = ["Inherent score", "Inherent RAG", "Residual score", "Residual RAG", "Level", "Project", "Workstream",
                 "Status"]
GROUP_ROW = ["", "", "", "", "Assessment", "", "", "Residual assessment", "", ""]
WIDTHS = [9, 13, 60, 22, 11, 9, 50, 11, 9, 13, 10, 10, 10, 10, 22, 30, 22, 9]
RESIDUAL_RAG = 13  # the column of the residual RAG (and INHERENT_RAG that of the inherent one)
INHERENT_RAG = 11
CATEGORY_HEADINGS = {
    Category.STRATEGIC: "Strategic Risks",
    Category.CLINICAL: "Clinical Risks",
    Category.FINANCIAL: "Financial Risks",
    Category.PEOPLE: "People, Engagement and Leadership Risks",
    Category.PROGRAMME_MANAGEMENT: "Programme Management Risks",
}
RAG_FILLS = {Rag.RED: "F4B6B6", Rag.AMBER: "FCD9A8", Rag.YELLOW: "FFF2A8", Rag.GREEN: "C5E5C0"}
FIELDS = [
    "number", "ref", "category", "date_identified", "title", "description", "owner__first_name", "owner__last_name",
    "owner__username", "owner_name", "inherent_likelihood", "inherent_impact", "controls", "residual_likelihood",
    "residual_impact", "review_date", "inherent_score", "inherent_rag", "residual_score", "residual_rag", "level",
    "project__name", "workstream__name", "status", "residual_assessed",
]
CATEGORY = FIELDS.index("category")
LEVEL_LABELS = dict(Level.choices)
RAG_LABELS = dict(Rag.choices)
STATUS_LABELS = dict(RiskStatus.choices)


def description_text(title, description):
    """Title on the first line, then the description: App. 7 has one "Risk description" column."""
    return f"{title}\n{description}" if description and description != title else title


def _rows(queryset):
    """(category, the values of columns A–N of each of its risks) in App. 7 order: by category, then by number.
    One query, ordered so, read in chunks and written as it is read: memory stays flat in the
    number of risks (a 100,000-risk register is written by a worker, ``core.export_jobs``)."""
    position = Case(*[When(category=category, then=Value(index)) for index, category in enumerate(Category.values)])
    rows = queryset.order_by(position, "number").values_list(*FIELDS).iterator(chunk_size=2000)
    pending = list(Category.values)  # every category's heading is written, empty or not
    for category, group in itertools.groupby(rows, key=itemgetter(CATEGORY)):
        while pending[0] != category:
            yield pending.pop(0), iter(())
        pending.pop(0)
        yield category, map(_values, group)
    for category in pending:
        yield category, iter(())


def _values(row):
    """The columns of one risk from its ``FIELDS`` (a tuple: unpacked, not made a dict, at 100,000 rows)."""
    (_number, ref, _category, date_identified, title, description, first_name, last_name, username, owner_name,
     inherent_likelihood, inherent_impact, controls, residual_likelihood, residual_impact, review_date,
     inherent_score, inherent_rag, residual_score, residual_rag, level, project, workstream, status,
     residual_assessed) = row
    name = f"{first_name} {last_name}" if first_name and last_name else first_name or last_name
    owner = name or username or owner_name
    return [
        ref, date_identified, description_text(title, description), owner, inherent_likelihood, inherent_impact,
        controls,
        # A residual not yet assessed is left blank, as imports read it (and as the source stated it).
        *((residual_likelihood, residual_impact) if residual_assessed else ("", "")),
        review_date, inherent_score, RAG_LABELS[inherent_rag], residual_score, RAG_LABELS[residual_rag],
        LEVEL_LABELS[level], project or "", workstream or "", STATUS_LABELS[status],
    ]


def bands_note(bands):
    """The title row's statement of the bands the RAG columns use."""
    return f"RAG bands (scores): {bands.describe()}"


def write_xlsx(queryset, title, stream=None, bands=None):
    """Write the register to ``stream`` (or a new BytesIO, returned); ``title`` is the title row's text, and the
    row states ``bands`` (the partnership's, ``risks.bands.bands_for``) in column C. Row by row, straight into the
    file (``core.xlsx``): a 100,000-risk register is written by a worker in flat memory."""
    stream = stream or io.BytesIO()
    with SheetWriter(stream, "Risk register", WIDTHS, frozen_rows=3) as sheet:  # below title, group row, header
        bold = sheet.style(bold=True)
        heading = sheet.style(bold=True, fill="D8DDE0")
        sheet.append([title, "", bands_note(bands or DEFAULT_BANDS)],
                     [sheet.style(bold=True, size=12), 0, sheet.style(italic=True)])
        sheet.append(GROUP_ROW, [bold] * len(GROUP_ROW))
        sheet.append(APPENDIX_7_COLUMNS + EXTRA_COLUMNS, [heading] * len(WIDTHS))
        styles = [0] * len(WIDTHS)
        styles[1] = styles[9] = sheet.style(number_format="DD/MM/YYYY")
        styles[2] = styles[6] = sheet.style(wrap=True)
        fills = {RAG_LABELS[rag]: sheet.style(fill=colour) for rag, colour in RAG_FILLS.items()}
        written = 0  # risks written (the progress a worker reports)
        for category, rows in _rows(queryset):
            sheet.append([CATEGORY_HEADINGS[category]], [bold])
            for values in rows:
                styles[INHERENT_RAG] = fills[values[INHERENT_RAG]]
                styles[RESIDUAL_RAG] = fills[values[RESIDUAL_RAG]]
                sheet.append(values, styles)
                written += 1
                export_jobs.progress(written)
        sheet.auto_filter = f"A3:{get_column_letter(len(WIDTHS))}{sheet.rows}"
    return stream


def write_csv(queryset, stream):
    """One header row, then every risk with its category (the same columns, flat)."""
    writer = csv_writer(stream)
    writer.writerow(["Category", *APPENDIX_7_COLUMNS[:4], "Inherent likelihood", "Inherent impact", "Controls",
                     "Residual likelihood", "Residual impact", "Review date", *EXTRA_COLUMNS])
    written = 0
    for category, rows in _rows(queryset):
        label = CATEGORY_HEADINGS[category]
        for values in rows:
            writer.writerow([label, *values])
            written += 1
            export_jobs.progress(written)
    return stream


def _issue_workstream(issue):
    return issue.workstream.name if issue.workstream_id else (issue.project.workstream.name if issue.project_id
                                                              else "")


ISSUE_COLUMNS = [
    Column("No", lambda i: i.ref, 9), Column("Title", lambda i: i.title, 40, wrap=True),
    Column("Description", lambda i: i.description, 50, wrap=True), Column("Owner", lambda i: i.owner_display, 22),
    Column("Level", lambda i: i.get_level_display(), 18), Column("Project", lambda i: i.project.name if i.project_id
                                                                 else "", 30),
    Column("Workstream", _issue_workstream, 22), Column("Priority", lambda i: i.get_priority_display(), 10),
    Column("Status", lambda i: i.get_status_display(), 12), Column("Raised on", lambda i: i.raised_on, 12),
    Column("Resolved on", lambda i: i.resolved_on, 12), Column("Resolution", lambda i: i.resolution, 40, wrap=True),
    Column("Dispute stage", lambda i: i.get_dispute_stage_display(), 20),
]
