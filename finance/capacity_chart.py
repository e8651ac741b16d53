"""The capacity heat map: skills down, financial quarters across, each cell coloured by cover and written with its
figures (pledged / demanded WTE, and "gap" with its size), so colour never carries the meaning alone; each cell has
a ``<title>``. Server-side SVG in ``benefits.charts``' manner (the same string in a page and a PDF board pack), with
the table of the same figures (``benefits.figures.Figure``)."""

from xml.sax.saxutils import escape

from benefits.charts import _open, _short, _text
from benefits.figures import Figure
from finance.capacity import COVERED, GAP, NONE, SPARE, STATUS_LABELS

# NHS identity colours; text is dark on the light fills and white on the red (contrast ≥ 4.5:1).
FILLS = {GAP: ("#d5281b", "#ffffff"), COVERED: ("#c8e6c9", "#212b32"), SPARE: ("#e8edee", "#212b32"),
         NONE: ("#ffffff", "#4c6272")}
COLUMNS = ["Skill", "Quarter", "Pledged WTE", "Demanded WTE", "Gap WTE", "Status"]


def wte(value):
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def describe(cell):
    text = f"{cell.skill}, {cell.quarter}: pledged {wte(cell.pledged)} WTE, demanded {wte(cell.demanded)} WTE"
    return text + (f", gap {wte(cell.gap)} WTE" if cell.gap else f" ({STATUS_LABELS[cell.status].lower()})")


def heat_map(capacity, title, id_prefix):
    left, top, cell_w, cell_h = 220, 56, 96, 40
    width = left + max(1, len(capacity.quarters)) * cell_w + 20
    height = top + max(1, len(capacity.skills)) * cell_h + 30
    gaps = capacity.gaps
    description = (f"Pledged against demanded whole-time equivalents for {len(capacity.skills)} skills over "
                   f"{len(capacity.quarters)} quarters. " + (
                       f"{len(gaps)} gap{'s' if len(gaps) != 1 else ''}: "
                       + "; ".join(f"{cell.skill} {cell.quarter} short by {wte(cell.gap)} WTE" for cell in gaps)
                       if gaps else "No gaps: every demand is covered."))
    parts = _open(id_prefix, title, description, width, height)
    legend_x = left
    for status in (GAP, COVERED, SPARE):
        fill, _ = FILLS[status]
        parts.append(f'<rect x="{legend_x}" y="8" width="14" height="14" fill="{fill}" stroke="#4c6272"/>')
        parts.append(_text(legend_x + 20, 20, STATUS_LABELS[status], size=12))
        legend_x += 40 + 7 * len(STATUS_LABELS[status])
    for column, quarter in enumerate(capacity.quarters):
        parts.append(_text(left + column * cell_w + cell_w / 2, top - 8, quarter, "middle", 12, "bold"))
    for row, (pk, name) in enumerate(capacity.skills):
        y = top + row * cell_h
        parts.append(f'<text x="{left - 10}" y="{y + cell_h / 2 + 4}" font-family="Frutiger W01, Arial, sans-serif" '
                     f'font-size="13" fill="#212b32" text-anchor="end"><title>{escape(name)}</title>'
                     f"{escape(_short(name))}</text>")
        for column, quarter in enumerate(capacity.quarters):
            cell = capacity.cells[(pk, quarter)]
            fill, ink = FILLS[cell.status]
            x = left + column * cell_w
            parts.append(f'<g class="capacity-cell" data-status="{cell.status}">'
                         f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                         f'stroke="#ffffff" stroke-width="2"><title>{escape(describe(cell))}</title></rect>')
            parts.append(_text(x + cell_w / 2, y + 17, f"{wte(cell.pledged)} / {wte(cell.demanded)}", "middle", 12,
                               fill=ink))
            if cell.status == GAP:
                parts.append(_text(x + cell_w / 2, y + 32, f"gap {wte(cell.gap)}", "middle", 11, "bold", ink))
            parts.append("</g>")
    parts.append(_text(left, height - 8, "Each cell: pledged / demanded WTE.", size=11))
    parts.append("</svg>")
    return "".join(parts)


def table_row(cell):
    return [cell.skill, cell.quarter, wte(cell.pledged), wte(cell.demanded), wte(cell.gap), STATUS_LABELS[cell.status]]


def figure(capacity, title, id_prefix):
    """The heat map and its table (every skill and quarter shown)."""
    return Figure(heat_map(capacity, title, id_prefix), title, COLUMNS,
                  [table_row(cell) for cell in capacity.rows()])
