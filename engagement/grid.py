"""The power/interest grid of the stakeholder register (Mendelow's matrix): interest across (1-5), influence up
(1-5), each cell with its count and the references of the stakeholders in it, on the four quadrants' shading
(manage closely, keep satisfied, keep informed, monitor), each quadrant named in words so colour never carries the
meaning alone. Server-side SVG in ``benefits.charts``' manner: the same string goes into the page and a PDF board
pack, and the table of the same stakeholders sits next to it (``benefits.figures.Figure``). Personal data never
appears in it: it shows references, names, ratings and support only."""

from xml.sax.saxutils import escape

from benefits.charts import _open, _text
from benefits.figures import Figure

RATINGS = range(1, 6)
HIGH = 3  # as engagement.stakeholder_filters and Stakeholder.quadrant
# NHS identity colours, light enough for dark text (contrast >= 4.5:1): the quadrants' shading.
QUADRANT_FILLS = {"manage closely": "#c8e6f5", "keep satisfied": "#e8edee", "keep informed": "#fff9c4",
                  "monitor": "#ffffff"}
COLUMNS = ["Stakeholder", "Interest", "Influence", "Quadrant", "Current support", "Target support"]
SHOWN_REFS = 3  # references written in a cell; the rest are counted ("+2 more")


def quadrant_of(interest, influence):
    if influence >= HIGH:
        return "manage closely" if interest >= HIGH else "keep satisfied"
    return "keep informed" if interest >= HIGH else "monitor"


def power_interest_svg(stakeholders, title="Power/interest grid", id_prefix="power-interest"):
    """The grid of ``stakeholders`` (any iterable of Stakeholder)."""
    cells = {}
    for stakeholder in stakeholders:
        cells.setdefault((stakeholder.interest, stakeholder.influence), []).append(stakeholder)
    left, top, cell_w, cell_h = 90, 40, 104, 72
    width, height = left + 5 * cell_w + 20, top + 5 * cell_h + 70
    counts = {name: 0 for name in QUADRANT_FILLS}
    for (interest, influence), found in cells.items():
        counts[quadrant_of(interest, influence)] += len(found)
    total = sum(counts.values())
    description = (f"{total} stakeholder{'s' if total != 1 else ''} by interest (across, 1 to 5) and influence (up, 1 "
                   "to 5). " + "; ".join(f"{name.capitalize()}: {count}" for name, count in counts.items()) + ".")
    parts = _open(id_prefix, title, description, width, height)
    for row, influence in enumerate(reversed(RATINGS)):
        y = top + row * cell_h
        parts.append(_text(left - 12, y + cell_h / 2 + 5, str(influence), "end", 13, "bold"))
        for column, interest in enumerate(RATINGS):
            x = left + column * cell_w
            quadrant = quadrant_of(interest, influence)
            found = cells.get((interest, influence), [])
            label = (f"Interest {interest}, influence {influence} ({quadrant}): "
                     + (", ".join(f"{s.ref} {s.name}" for s in found) if found else "nobody"))
            parts.append(f'<g class="grid-cell" data-interest="{interest}" data-influence="{influence}" '
                         f'data-count="{len(found)}"><rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" '
                         f'fill="{QUADRANT_FILLS[quadrant]}" stroke="#aeb7bd" stroke-width="1">'
                         f"<title>{escape(label)}</title></rect>")
            if found:
                parts.append(_text(x + 8, y + 18, str(len(found)), size=14, weight="bold"))
                refs = [s.ref for s in found[:SHOWN_REFS]]
                for line, ref in enumerate(refs):
                    parts.append(_text(x + 30, y + 18 + line * 16, ref, size=12))
                if len(found) > SHOWN_REFS:
                    parts.append(_text(x + 30, y + 18 + SHOWN_REFS * 16, f"+{len(found) - SHOWN_REFS} more", size=11))
            parts.append("</g>")
    # The quadrants' names, in their corners, and the line between low and high on each axis.
    split_x, split_y = left + (HIGH - 1) * cell_w, top + (5 - HIGH + 1) * cell_h
    parts.append(f'<line x1="{split_x}" y1="{top}" x2="{split_x}" y2="{top + 5 * cell_h}" stroke="#4c6272" '
                 'stroke-width="3"/>')
    parts.append(f'<line x1="{left}" y1="{split_y}" x2="{left + 5 * cell_w}" y2="{split_y}" stroke="#4c6272" '
                 'stroke-width="3"/>')
    parts.append(_text(left + 5 * cell_w - 6, top - 8, "Manage closely", "end", 12, "bold"))
    parts.append(_text(left + 4, top - 8, "Keep satisfied", "start", 12, "bold"))
    parts.append(_text(left + 4, top + 5 * cell_h + 18, "Monitor", "start", 12, "bold"))
    parts.append(_text(left + 5 * cell_w - 6, top + 5 * cell_h + 18, "Keep informed", "end", 12, "bold"))
    for column, interest in enumerate(RATINGS):
        parts.append(_text(left + column * cell_w + cell_w / 2, top + 5 * cell_h + 36, str(interest), "middle", 13,
                           "bold"))
    parts.append(_text(left + 5 * cell_w / 2, height - 8, "Interest (how much the programme affects them) →",
                       "middle", 12))
    parts.append(f'<text x="18" y="{top + 5 * cell_h / 2}" font-family="Frutiger W01, Arial, sans-serif" '
                 f'font-size="12" fill="#212b32" text-anchor="middle" '
                 f'transform="rotate(-90 18 {top + 5 * cell_h / 2})">Influence (power over the programme) →</text>')
    parts.append("</svg>")
    return "".join(parts)


def table_row(stakeholder):
    return [f"{stakeholder.ref} {stakeholder.name}", str(stakeholder.interest), str(stakeholder.influence),
            quadrant_of(stakeholder.interest, stakeholder.influence).capitalize(),
            stakeholder.get_current_support_display(), stakeholder.get_target_support_display()]


def figure(stakeholders, title="Power/interest grid", id_prefix="power-interest"):
    """The grid and its table (one row per stakeholder, most influential and interested first)."""
    stakeholders = sorted(stakeholders, key=lambda s: (-s.influence, -s.interest, s.number))
    return Figure(power_interest_svg(stakeholders, title, id_prefix), title, COLUMNS,
                  [table_row(stakeholder) for stakeholder in stakeholders])
