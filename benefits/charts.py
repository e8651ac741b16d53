"""Server-side SVG charts of benefits realisation: pure functions from plain data to an SVG string.

No JavaScript and no charting library: the same string goes inline into a page, out of the API as
``image/svg+xml`` and into a PDF board pack (WeasyPrint draws SVG presentation attributes; nothing here
uses CSS). Each chart is an accessible image: ``role="img"`` labelled by its ``<title>`` and ``<desc>``;
pages put a data table of the same numbers next to it. Series differ by line pattern, marker shape and
fill as well as colour, so colour never carries the meaning alone (WCAG 1.4.1); the colours are NHS
identity colours with at least 3:1 contrast on white (WCAG 1.4.11).
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

FONT = "Frutiger W01, Arial, sans-serif"
TEXT = "#212b32"
GRID = "#d8dde0"
AXIS = "#4c6272"


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str  # SVG stroke-dasharray; "" for solid
    marker: str  # circle, square or diamond
    filled: bool  # marker (line charts) or bar (bar charts) filled, else outlined on white


STYLES = {
    "planned": SeriesStyle("#4c6272", "8 4", "square", False),
    "actual": SeriesStyle("#005eb8", "", "circle", True),
    "forecast": SeriesStyle("#7c2855", "2 4", "diamond", False),
}


@dataclass(frozen=True)
class Series:
    """A named row of values, one per label; ``kind`` picks the style (planned, actual, forecast)."""

    name: str
    kind: str
    values: tuple


# Numbers -----------------------------------------------------------------------------------------------
def format_value(value, unit="", compact=False):
    """``£487,323`` (or ``£487k`` compact), ``427 beds``, ``72.5 %``; an en dash for no value."""
    if value is None:
        return "–"
    number = Decimal(value)
    if unit == "£":
        size = abs(number)
        sign = "-" if number < 0 else ""
        if compact and size >= 1_000_000:
            return f"{sign}£{size / 1_000_000:.1f}m"
        if compact and size >= 10_000:
            return f"{sign}£{size / 1000:.0f}k"
        return f"{sign}£{size:,.0f}" if size == size.to_integral_value() or size >= 1000 else f"{sign}£{size:,.2f}"
    text = f"{number:,.2f}".rstrip("0").rstrip(".") if number != number.to_integral_value() else f"{number:,.0f}"
    return f"{text} {unit}".strip() if unit and unit != "%" else f"{text}{unit}"


def nice_scale(low, high, ticks=5):
    """(bottom, top, step) of an axis that includes ``low`` and ``high`` with round tick values."""
    low, high = float(min(low, 0)), float(max(high, 0))
    if high <= low:
        high = low + 1
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _num(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, content, anchor="start", size=13, weight="normal", fill=TEXT):
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-family="{FONT}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(str(content))}</text>')


def _marker(style, x, y, tooltip):
    fill = style.colour if style.filled else "#ffffff"
    common = f'fill="{fill}" stroke="{style.colour}" stroke-width="2"'
    if style.marker == "square":
        shape = f'<rect x="{_num(x - 4)}" y="{_num(y - 4)}" width="8" height="8" {common}>'
        end = "</rect>"
    elif style.marker == "diamond":
        corners = ((x, y - 5.5), (x + 5.5, y), (x, y + 5.5), (x - 5.5, y))
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
        shape, end = f'<polygon points="{points}" {common}>', "</polygon>"
    else:
        shape, end = f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.5" {common}>', "</circle>"
    return f"{shape}<title>{escape(tooltip)}</title>{end}"


def _open(prefix, title, description, width, height):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="benefits-chart">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(series, x, y, bars=False):
    parts, cursor = [], x
    for item in series:
        style = STYLES.get(item.kind, STYLES["actual"])
        if bars:
            fill = style.colour if style.filled else "#ffffff"
            parts.append(f'<rect x="{_num(cursor)}" y="{_num(y - 10)}" width="22" height="12" fill="{fill}" '
                         f'stroke="{style.colour}" stroke-width="2"/>')
        else:
            dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
            parts.append(f'<line x1="{_num(cursor)}" y1="{_num(y - 4)}" x2="{_num(cursor + 28)}" y2="{_num(y - 4)}" '
                         f'stroke="{style.colour}" stroke-width="3"{dash}/>')
            parts.append(_marker(style, cursor + 14, y - 4, item.name))
        parts.append(_text(cursor + 34, y, item.name))
        cursor += 34 + 8 * len(item.name) + 24
    return parts


# Line chart: planned, actual and forecast over periods ------------------------------------------------
def line_chart(title, description, labels, series, unit="", id_prefix="chart", width=720, height=340):
    """One line per series over the periods in ``labels``; a missing value breaks the line."""
    left, right, top, bottom = 76, 44, 44, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, step = nice_scale(min(values, default=0), max(values, default=1))
    parts = _open(id_prefix, title, description, width, height)
    parts += _legend(series, left, 22)

    def y_of(value):
        return top + plot_h - (float(value) - low) / (high - low) * plot_h

    def x_of(index):
        return left + (plot_w / 2 if len(labels) == 1 else index * plot_w / (len(labels) - 1))

    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" y2="{_num(y)}" stroke="{GRID}" '
                     'stroke-width="1"/>')
        parts.append(_text(left - 8, y + 4, format_value(Decimal(str(round(tick, 6))), unit, compact=True), "end", 12))
        tick += step
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS}" '
                 'stroke-width="1.5"/>')
    every = max(1, math.ceil(len(labels) / 10))
    for index, label in enumerate(labels):
        if index % every == 0 or index == len(labels) - 1:
            parts.append(_text(x_of(index), top + plot_h + 22, label, "middle", 12))
    for item in series:
        style = STYLES.get(item.kind, STYLES["actual"])
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        segments, current = [], []
        for index, value in enumerate(item.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x_of(index), y_of(value)))
        if current:
            segments.append(current)
        path = " ".join("M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in segment) for segment in segments)
        parts.append(f'<g class="series series-{escape(item.kind)}" data-series={quoteattr(item.name)}>')
        if path:
            parts.append(f'<path d="{path}" fill="none" stroke="{style.colour}" stroke-width="2.5"{dash}/>')
        for index, value in enumerate(item.values):
            if value is not None:
                tooltip = f"{item.name}, {labels[index]}: {format_value(value, unit)}"
                parts.append(_marker(style, x_of(index), y_of(value), tooltip))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


# Bar chart: planned and actual by category (objective, organisation) -----------------------------------
def _short(label, limit=30):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(title, description, categories, series, unit="", id_prefix="chart", width=720, percent_of=None):
    """Horizontal grouped bars: one group per category, one bar per series (planned outlined, actual
    filled). ``percent_of=(numerator index, denominator index)`` writes the realisation percentage at the end
    of each group (for example actual as a % of planned)."""
    bar, gap = 16, 18
    left, right, top = 230, 70, 44
    group_h = bar * len(series) + gap
    height = top + max(1, len(categories)) * group_h + 40
    plot_w = width - left - right
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, step = nice_scale(min(values, default=0), max(values, default=1), ticks=4)
    parts = _open(id_prefix, title, description, width, height)
    parts += _legend(series, left, 22, bars=True)

    def x_of(value):
        return left + (float(value) - low) / (high - low) * plot_w

    plot_bottom = top + len(categories) * group_h
    tick = low
    while tick <= high + step / 2:
        x = x_of(tick)
        parts.append(f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{plot_bottom}" stroke="{GRID}" '
                     'stroke-width="1"/>')
        parts.append(_text(x, plot_bottom + 18, format_value(Decimal(str(round(tick, 6))), unit, compact=True),
                           "middle", 12))
        tick += step
    zero = x_of(0)
    for row, category in enumerate(categories):
        y0 = top + row * group_h + gap / 2
        parts.append(f"<g class=\"category\" data-category={quoteattr(category)}>")
        parts.append(f"<text x=\"{left - 10}\" y=\"{_num(y0 + bar * len(series) / 2 + 4)}\" font-family=\"{FONT}\" "
                     f"font-size=\"13\" fill=\"{TEXT}\" text-anchor=\"end\"><title>{escape(category)}</title>"
                     f"{escape(_short(category))}</text>")
        for index, item in enumerate(series):
            value = item.values[row]
            if value is None:
                continue
            style = STYLES.get(item.kind, STYLES["actual"])
            x, end = sorted((zero, x_of(value)))
            fill = style.colour if style.filled else "#ffffff"
            tooltip = f"{item.name}, {category}: {format_value(value, unit)}"
            parts.append(f'<rect class="bar bar-{escape(item.kind)}" x="{_num(x)}" y="{_num(y0 + index * bar)}" '
                         f'width="{_num(max(end - x, 1))}" height="{bar - 3}" fill="{fill}" stroke="{style.colour}" '
                         f'stroke-width="2"><title>{escape(tooltip)}</title></rect>')
        if percent_of:
            numerator, denominator = (series[i].values[row] for i in percent_of)
            if numerator is not None and denominator:
                percent = Decimal(numerator) * 100 / Decimal(denominator)
                label_x = max(x_of(numerator), x_of(denominator), zero) + 6
                parts.append(_text(label_x, y0 + bar * len(series) / 2 + 4, f"{percent:.0f}%", "start", 12, "bold"))
        parts.append("</g>")
    parts.append(f'<line x1="{_num(zero)}" y1="{top}" x2="{_num(zero)}" y2="{plot_bottom}" stroke="{AXIS}" '
                 'stroke-width="1.5"/>')
    parts.append("</svg>")
    return "\n".join(parts)
