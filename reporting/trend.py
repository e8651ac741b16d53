"""Each dimension's RAG over a place's last reports, drawn server-side as a small SVG (the style of the plan's
roadmap): a row per dimension, a column per report, each cell a coloured square carrying its letter (R, A, G) so
that colour is never the only cue (WCAG 1.4.1). The page puts the same figures in a table beside it."""

from html import escape

from reporting.choices import DIMENSIONS

FONT = "Frutiger W01, Arial, sans-serif"
TEXT = "#212b32"
GRID = "#d8dde0"
# The NHS palette; the letter is white on red and green, dark on amber (contrast at least 4.5:1).
FILL = {"red": ("#d5281b", "#ffffff"), "amber": ("#ffb81c", TEXT), "green": ("#007f3b", "#ffffff")}
LABEL_W, CELL, GAP, HEAD = 96, 22, 4, 34


def rows_of(reports):
    """[(label, [rag, ...])] per dimension then overall, over ``reports`` (oldest first)."""
    rows = [(dimension.label, [report.rag_of(dimension) for report in reports]) for dimension in DIMENSIONS]
    return [*rows, ("Overall", [report.overall_rag for report in reports])]


def _text(x, y, content, anchor="start", size=12, weight="normal", fill=TEXT):
    return (f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{escape(str(content))}</text>')


def render_trend(reports, title="RAG trend", id_prefix="trend"):
    """The SVG (a string; every value escaped) of ``reports``' RAGs, oldest on the left."""
    rows = rows_of(reports)
    width = LABEL_W + max(len(reports), 1) * (CELL + GAP) + 8
    height = HEAD + len(rows) * (CELL + GAP) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="portal-trend">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">Each dimension\'s RAG in the last {len(reports)} signed-off reports, oldest '
        'first; the table beside it gives the same figures.</desc>',
    ]
    for index, report in enumerate(reports):
        x = LABEL_W + index * (CELL + GAP) + CELL // 2
        parts.append(_text(x, 14, f"{report.period_start:%b}", anchor="middle", size=10))
        parts.append(_text(x, 26, f"{report.period_start:%y}", anchor="middle", size=9))
    for row_index, (label, rags) in enumerate(rows):
        y = HEAD + row_index * (CELL + GAP)
        parts.append(_text(0, y + 15, label, size=12, weight="bold" if label == "Overall" else "normal"))
        for index, rag in enumerate(rags):
            x = LABEL_W + index * (CELL + GAP)
            fill, ink = FILL.get(rag, ("#ffffff", TEXT))
            parts.append(f'<g><title>{escape(label)}, {escape(f"{reports[index].period_start:%B %Y}")}: '
                         f'{escape(str(rag or "none"))}</title>'
                         f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="{GRID}"/>'
                         + _text(x + CELL // 2, y + 15, (rag or "–")[:1].upper(), anchor="middle", size=11,
                                 weight="bold", fill=ink) + "</g>")
    parts.append("</svg>")
    return "".join(parts)
