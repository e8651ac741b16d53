"""The programme roadmap: a server-side SVG Gantt chart by workstream, a pure function of plain data.

The house style of ``benefits.charts``: no JavaScript and no charting library; the same string goes inline into a
page, out of the API as ``image/svg+xml`` and into a PDF board pack (WeasyPrint draws SVG presentation
attributes, patterns and markers; nothing here uses CSS). The chart is ``role="img"`` labelled by its ``<title>``
and a ``<desc>`` that counts what it shows; pages put ``data_table()`` beside it, the same items in rows.

What it draws: a lane per workstream (its name across the lane, each item's ref and title in the label column
on the left), a time axis of UK financial-year quarters ("Q3 2026/27") and months, a bar per span (projects
thicker than deliverables), a diamond per milestone and a star per step change, the baseline ghosted behind
the forecast (a faint dashed outline at the baseline dates, joined to the forecast for a moved point), a
"Today" line, and a dependency as an arrow from predecessor to successor (finish-to-start, start-to-start or
finish-to-finish; a dependency its dates break is a dashed red arrow, "not met" in its tooltip). Status is a
colour *and* a fill pattern *and* a word beside the item (late: red, cross-hatched, "late"; at risk: yellow,
striped, "at risk"; complete: blue, "complete"; not started: outlined, dashed, "not started"; on track: green,
no word), so colour never carries the meaning alone (WCAG 1.4.1); every colour is an NHS identity colour with
at least 3:1 against white, or outlined in one that has (WCAG 1.4.11). Each item has a ``<title>`` (the
tooltip: dates, baseline, variance, status) and is a link when it has a url.

Dates sit at the start of their day. ``start``/``end`` choose the window: items wholly outside it are left
out, with the dependencies to them, and items across an edge are clipped to it (their tooltip says so).

Printing: the SVG has a ``viewBox`` and ``width``/``height`` in the same units, so it draws at its size inline
and scales without distortion where the page sets ``width: 100%; height: auto``. For an A3 landscape board pack
render it with ``width=A3_LANDSCAPE_WIDTH`` (the printable width of A3 landscape, 420 mm less 10 mm margins,
at 96 px to the inch), so text prints at its nominal size. One A3 page holds about 45 rows: give a pack one
roadmap per workstream (filter the bars) rather than one very tall image, which no PDF page can split.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

A3_LANDSCAPE_WIDTH = 1512  # px: (420 - 2 × 10) mm at 96 px per inch
DEFAULT_WIDTH = 1200

FONT = "Frutiger W01, Arial, sans-serif"
TEXT = "#212b32"
GRID = "#d8dde0"
AXIS = "#4c6272"
PALE = "#f0f4f5"
GHOST = "#768692"  # 3.7:1 on white
TODAY = "#330072"
ARROW = "#425563"
RED = "#d5281b"

KINDS = {"project": "Project", "deliverable": "Deliverable", "milestone": "Milestone", "step_change": "Step change"}
POINT_KINDS = frozenset({"milestone", "step_change"})
STATUSES = {"not_started": "not started", "on_track": "on track", "at_risk": "at risk", "late": "late",
            "complete": "complete"}
DEPENDENCIES = {"FS": ("finish", "start"), "SS": ("start", "start"), "FF": ("finish", "finish")}


@dataclass(frozen=True)
class StatusStyle:
    fill: str  # a colour, or "pattern" for the status's own fill pattern
    stroke: str
    dash: str  # stroke-dasharray of the outline; "" for solid
    word: str  # written beside the item; "" for none


STYLES = {
    "not_started": StatusStyle("#ffffff", AXIS, "4 3", "not started"),
    "on_track": StatusStyle("#007f3b", "#007f3b", "", ""),
    "at_risk": StatusStyle("pattern", TEXT, "", "at risk"),  # warm yellow, dark diagonal stripes
    "late": StatusStyle("pattern", RED, "", "late"),  # red, white cross-hatch
    "complete": StatusStyle("#005eb8", "#005eb8", "", "complete"),
}


@dataclass(frozen=True)
class Bar:
    """One item of the roadmap. ``lane`` is its workstream's name; ``forecast`` its (forecast) end date, or the
    date of a milestone or step change; ``baseline``/``baseline_start`` the baselined end and start."""

    ref: str
    title: str
    lane: str
    kind: str  # milestone, deliverable, step_change or project
    start: date | None
    forecast: date
    baseline: date | None = None
    baseline_start: date | None = None
    status: str = "not_started"  # not_started, on_track, at_risk, late or complete
    url: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.ref}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.status not in STATUSES:
            raise ValueError(f"{self.ref}: status {self.status!r} is not one of {', '.join(STATUSES)}")

    @property
    def point(self):
        """Drawn at one date: a milestone, a step change, or a span with no start."""
        return self.kind in POINT_KINDS or self.start is None

    @property
    def first(self):
        return self.forecast if self.point else min(self.start, self.forecast)

    @property
    def variance_days(self):
        """Forecast less baseline end, in days (positive: later than baselined); None without a baseline."""
        return None if self.baseline is None else (self.forecast - self.baseline).days

    @property
    def ghost(self):
        """(start, end) of the baseline to draw behind the forecast, or None when there is none or it matches."""
        if self.baseline is None:
            return None
        if self.point:
            return None if self.baseline == self.forecast else (self.baseline, self.baseline)
        begin = self.baseline_start or self.start
        if begin == self.start and self.baseline == self.forecast:
            return None
        return min(begin, self.baseline), max(begin, self.baseline)


@dataclass(frozen=True)
class Arrow:
    """A dependency: ``to_ref`` follows ``from_ref`` (FS finish-to-start, SS start-to-start, FF finish-to-finish)
    by ``lag_days``."""

    from_ref: str
    to_ref: str
    kind: str = "FS"
    lag_days: int = 0

    def __post_init__(self):
        if self.kind not in DEPENDENCIES:
            raise ValueError(f"dependency kind {self.kind!r} is not one of {', '.join(DEPENDENCIES)}")


# Dates -------------------------------------------------------------------------------------------------------
def financial_year(day):
    """The UK financial year (April to March) of a date: ``2026/27``."""
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}/{(year + 1) % 100:02d}"


def financial_quarter(day):
    """``Q3 2026/27``: Q1 is April to June."""
    return f"Q{(day.month - 4) % 12 // 3 + 1} {financial_year(day)}"


def _month_start(day):
    return day.replace(day=1)


def _next_month(day):
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@lru_cache(maxsize=4096)
def _long(day):
    return f"{day.day} {day:%b %Y}"


def _window(bars, start, end):
    """The chart's first and last day: as given, or from the first of the data's first month to the last day
    of its last month."""
    days = [b.first for b in bars] + [b.forecast for b in bars] + [d for b in bars if b.ghost for d in b.ghost]
    if not days:
        days = [start or end or date.today()]
    if start is None:
        start = _month_start(min(min(days), end) if end else min(days))
    if end is None:
        end = _next_month(max(max(days), start)) - timedelta(days=1)
    if end < start:
        raise ValueError(f"the roadmap ends ({end}) before it starts ({start})")
    return start, end


def select(bars, start=None, end=None):
    """The bars drawn between ``start`` and ``end`` (inclusive), in the chart's order: lanes in the order they first
    appear, then by date within a lane. Returns (lanes: [(name, [bar, ...])], start, end)."""
    start, end = _window(bars, start, end)
    lanes = {}
    for bar in bars:
        if bar.first <= end and bar.forecast >= start:
            lanes.setdefault(bar.lane, []).append(bar)
    ordered = [(name, sorted(items, key=lambda b: (b.first, b.forecast, b.ref))) for name, items in lanes.items()]
    return ordered, start, end


# Text --------------------------------------------------------------------------------------------------------
def _num(value):
    return f"{value:.1f}"


def _text(x, y, content, anchor="start", size=12, weight="normal", fill=TEXT):
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-family="{FONT}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(str(content))}</text>')


def _short(label, limit):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _days(count):
    return f"{count} day" if abs(count) == 1 else f"{count} days"


def _safe_url(url):
    """Only web links: a url with another scheme (javascript:, data:) is not made a link."""
    if not url:
        return None
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("", "http", "https") else None


def tooltip(bar, start=None, end=None):
    """What an item's ``<title>`` says: ref, title, kind, dates, baseline, variance and status in words."""
    parts = [f"{bar.ref} {bar.title}", f"{KINDS[bar.kind]}, {bar.lane}"]
    if bar.point:
        parts.append(f"forecast {_long(bar.forecast)}")
    else:
        parts.append(f"{_long(bar.start)} to {_long(bar.forecast)} (forecast)")
    if bar.baseline is not None:
        baseline = (_long(bar.baseline) if bar.point or not (bar.baseline_start or bar.start) else
                    f"{_long(bar.baseline_start or bar.start)} to {_long(bar.baseline)}")
        variance = bar.variance_days
        moved = ("on baseline" if variance == 0 else f"{_days(variance)} later than baselined" if variance > 0
                 else f"{_days(-variance)} earlier than baselined")
        parts.append(f"baseline {baseline}, {moved}")
    parts.append(f"status: {STATUSES[bar.status]}")
    if start and bar.first < start:
        parts.append(f"continues before {_long(start)}")
    if end and bar.forecast > end:
        parts.append(f"continues after {_long(end)}")
    return "; ".join(parts)


# Shapes ------------------------------------------------------------------------------------------------------
_STAR = [(0.0, -8.0), (2.0, -2.6), (7.6, -2.5), (3.2, 1.0), (4.7, 6.5), (0.0, 3.3), (-4.7, 6.5), (-3.2, 1.0),
         (-7.6, -2.5), (-2.0, -2.6)]


def _paint(style, prefix, status):
    fill = f"url(#{prefix}-{status})" if style.fill == "pattern" else style.fill
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return f'fill="{fill}" stroke="{style.stroke}" stroke-width="1.5"{dash}'


def _shape(kind, x, cy, paint, cls="mark"):
    """A milestone's diamond or a step change's star, centred on (x, cy)."""
    if kind == "step_change":
        points = " ".join(f"{_num(x + dx)},{_num(cy + dy)}" for dx, dy in _STAR)
    else:
        points = f"{_num(x)},{_num(cy - 7)} {_num(x + 7)},{_num(cy)} {_num(x)},{_num(cy + 7)} {_num(x - 7)},{_num(cy)}"
    return f'<polygon class="{cls} {kind}" points="{points}" {paint}/>'


def _defs(prefix):
    return (f'<defs><pattern id="{prefix}-late" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{RED}"/><path d="M0,0 L6,6 M6,0 L0,6" stroke="#ffffff" '
            f'stroke-width="1.2"/></pattern>'
            f'<pattern id="{prefix}-at_risk" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#ffb81c"/><path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{TEXT}" '
            'stroke-width="1.2"/></pattern>'
            f'<marker id="{prefix}-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
            f'orient="auto" markerUnits="userSpaceOnUse"><path d="M0,0 L8,4 L0,8 z" fill="{ARROW}"/></marker>'
            f'<marker id="{prefix}-arrow-broken" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
            f'markerHeight="7" orient="auto" markerUnits="userSpaceOnUse"><path d="M0,0 L8,4 L0,8 z" fill="{RED}"/>'
            "</marker></defs>")


def _legend(prefix, x, y):
    """Two rows: what the shapes mean, then what each status looks like."""
    parts, cursor = [], x

    def item(drawing, label):
        nonlocal cursor
        parts.append(drawing)
        parts.append(_text(cursor + 30, y + 4, label))
        cursor += 30 + 7 * len(label) + 22

    neutral = f'fill="{AXIS}" stroke="{AXIS}" stroke-width="1.5"'
    item(f'<rect x="{cursor}" y="{y - 7}" width="24" height="14" {neutral}/>', "Project")
    item(f'<rect x="{cursor}" y="{y - 5}" width="24" height="10" {neutral}/>', "Deliverable")
    item(_shape("milestone", cursor + 12, y, neutral, "legend"), "Milestone")
    item(_shape("step_change", cursor + 12, y, neutral, "legend"), "Step change")
    item(f'<rect x="{cursor}" y="{y - 9}" width="24" height="18" fill="{PALE}" stroke="{GHOST}" stroke-width="1.2" '
         'stroke-dasharray="3 2"/>', "Baseline")
    item(f'<line x1="{cursor + 12}" y1="{y - 9}" x2="{cursor + 12}" y2="{y + 9}" stroke="{TODAY}" stroke-width="2"/>',
         "Today")
    item(f'<path d="M{cursor},{y} H{cursor + 24}" fill="none" stroke="{ARROW}" stroke-width="1.2" '
         f'marker-end="url(#{prefix}-arrow)"/>', "Dependency")
    cursor, y = x, y + 24
    for status, style in STYLES.items():
        label = STATUSES[status] + ("" if style.word else " (unlabelled)")
        item(f'<rect x="{cursor}" y="{y - 6}" width="24" height="12" {_paint(style, prefix, status)}/>', label)
    return parts


# Time axis ---------------------------------------------------------------------------------------------------
def _axis(first, last, x_of, top, bottom, y_upper, y_lower, y_foot):
    """Month and quarter grid lines with their labels above the plot (and the quarters again below it)."""
    grid, labels = [], []
    month = _month_start(first)
    months = []
    while month <= last:
        months.append(month)
        month = _next_month(month)
    month_w = x_of(_next_month(months[0])) - x_of(months[0])
    quarter_w = 3 * month_w
    for month in months:
        x = x_of(max(month, first))
        if month >= first:
            quarter = month.month in (1, 4, 7, 10)
            colour, weight = (AXIS, "1.5" if month.month == 4 else "1") if quarter else (GRID, "1")
            grid.append(f'<line x1="{_num(x)}" y1="{top - (16 if quarter else 0)}" x2="{_num(x)}" y2="{bottom}" '
                        f'stroke="{colour}" stroke-width="{weight}"/>')
        right = x_of(min(_next_month(month), last + timedelta(days=1)))
        if month_w >= 26 and right - x >= 20:
            labels.append(_text((x + right) / 2, y_lower, f"{month:%b}", "middle", 11, fill=AXIS))
    # Quarters (or financial years, when quarters are too narrow to name in full).
    periods, seen = [], set()
    for month in months:
        key = financial_quarter(month) if quarter_w >= 74 else financial_year(month)
        if key not in seen:
            seen.add(key)
            periods.append([key, month, month])
        periods[-1][2] = month
    for key, begin, finish in periods:
        left, right = x_of(max(begin, first)), x_of(min(_next_month(finish), last + timedelta(days=1)))
        if right - left >= 7 * len(key):
            labels.append(_text((left + right) / 2, y_upper, key, "middle", 12, "bold"))
            labels.append(_text((left + right) / 2, y_foot, key, "middle", 12, "bold"))
    if quarter_w < 74 and month_w < 26 and quarter_w >= 22:  # name the quarters in the lower row instead
        for month in months:
            if month.month in (1, 4, 7, 10) and month >= first:
                end = min(date(month.year + (month.month + 2) // 12, (month.month + 2) % 12 + 1, 1),
                          last + timedelta(days=1))
                labels.append(_text((x_of(month) + x_of(end)) / 2, y_lower, financial_quarter(month)[:2], "middle",
                                    11, fill=AXIS))
    return grid, labels


# The chart ---------------------------------------------------------------------------------------------------
LABEL_W = 300
ROW = 22
LANE = 24


def render_roadmap(bars, arrows, today, start=None, end=None, title="Programme roadmap", width=DEFAULT_WIDTH,
                   id_prefix="roadmap"):
    """The roadmap of ``bars`` (``Bar``) and their dependencies (``Arrow``) as an SVG string, with ``today``'s line,
    between ``start`` and ``end`` (the data's first and last months when not given). ``id_prefix`` keeps ids unique
    when a page has more than one chart; ``width`` is in px (``A3_LANDSCAPE_WIDTH`` for an A3 landscape pack)."""
    lanes, first, last = select(bars, start, end)
    lo, hi = first.toordinal(), last.toordinal() + 1
    left, right = LABEL_W + 10, 28
    plot_w = width - left - right
    scale = plot_w / (hi - lo)

    def x_of(day):
        return left + (min(max(day.toordinal(), lo), hi) - lo) * scale

    top = 132
    rows = sum(len(items) for _, items in lanes)
    bottom = top + len(lanes) * LANE + rows * ROW
    height = bottom + 36 + (24 if not lanes else 0)
    shown = {}  # ref -> (bar, centre y); the arrows' index
    body, items_svg = [], []
    y = top
    for lane_index, (name, items) in enumerate(lanes):
        band = len(items) * ROW + LANE
        if lane_index % 2 == 0:
            body.append(f'<rect x="0" y="{y}" width="{width}" height="{band}" fill="{PALE}"/>')
        body.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="{AXIS}" stroke-width="1"/>')
        body.append(f'<g class="lane"><title>{escape(name)}</title>'
                    f'{_text(8, y + 17, _short(name, 40), size=13, weight="bold")}</g>')
        y += LANE
        for bar in items:
            cy = y + ROW / 2
            shown.setdefault(bar.ref, (bar, cy))
            items_svg.append(_item(bar, cy, x_of, first, last, id_prefix, width - right))
            y += ROW

    paths = [_arrow(arrow, shown, x_of, id_prefix) for arrow in arrows
             if arrow.from_ref in shown and arrow.to_ref in shown and arrow.from_ref != arrow.to_ref]
    paths = [p for p in paths if p]
    grid, labels = _axis(first, last, x_of, top, bottom, 100, 122, bottom + 26)
    today_line = []
    if lo <= today.toordinal() < hi:  # over the grid, under the axis labels and the items; its name above them
        x = x_of(today)
        today_line.append(
            f'<g class="today"><title>Today, {escape(_long(today))}</title>'
            f'<line x1="{_num(x)}" y1="79" x2="{_num(x)}" y2="{bottom}" stroke="{TODAY}" stroke-width="2"/>'
            f'<rect x="{_num(x - 22)}" y="62" width="44" height="17" fill="#ffffff" stroke="{TODAY}" '
            f'stroke-width="1"/>{_text(x, 75, "Today", "middle", 11, "bold", TODAY)}</g>')

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="roadmap-chart">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(describe(lanes, first, last, len(paths), today))}</desc>',
        _defs(id_prefix),
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        *_legend(id_prefix, 10, 18),
        *body, *grid, *today_line, *labels,
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{AXIS}" stroke-width="1"/>',
        f'<line x1="0" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="{AXIS}" stroke-width="1"/>',
    ]
    if not lanes:
        parts.append(_text(width / 2, top + 30, "No plan items in this period.", "middle", 14))
    parts.append(f'<g class="dependencies">{"".join(paths)}</g>')
    parts.append('<g class="items">')
    parts += items_svg
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def _item(bar, cy, x_of, first, last, prefix, limit):
    """One item's group: label, baseline ghost, shape and status word, as a link when it has a (web) url."""
    style = STYLES[bar.status]
    paint = _paint(style, prefix, bar.status)
    ghost = bar.ghost
    out = []
    url = _safe_url(bar.url)
    classes = f"item {bar.kind} status-{bar.status}"
    out.append(f"<a href={quoteattr(url)} class=\"{classes}\">" if url else f'<g class="{classes}">')
    out.append(f"<title>{escape(tooltip(bar, first, last))}</title>")
    label = f"{bar.ref} {bar.title}"
    out.append(f'<text x="22" y="{_num(cy + 4)}" font-family="{FONT}" font-size="12" fill="{TEXT}" '
               f'text-anchor="start">{escape(_short(label, 44))}</text>')
    if bar.point:
        x = x_of(bar.forecast)
        x0 = x1 = x
        if ghost and first <= ghost[0] <= last:
            gx = x_of(ghost[0])
            out.append(f'<line class="slip" x1="{_num(gx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(cy)}" '
                       f'stroke="{GHOST}" stroke-width="1.2" stroke-dasharray="2 2"/>')
            look = f'fill="#ffffff" stroke="{GHOST}" stroke-width="1.2" stroke-dasharray="3 2"'
            out.append(_shape(bar.kind, gx, cy, look, "baseline") if bar.kind in POINT_KINDS else
                       f'<rect class="baseline" x="{_num(gx - 2)}" y="{_num(cy - 9)}" width="4" height="18" {look}/>')
        if bar.kind in POINT_KINDS:
            out.append(_shape(bar.kind, x, cy, paint))
            x0, x1 = x - 8, x + 8
        else:  # a span with no start: a sliver at its end date
            x0, x1 = x - 2, x + 2
            height = 14 if bar.kind == "project" else 10
            out.append(f'<rect class="mark {bar.kind}" x="{_num(x0)}" y="{_num(cy - height / 2)}" width="4" '
                       f'height="{height}" {paint}/>')
    else:
        if ghost and ghost[0] <= last and ghost[1] >= first:
            gx0, gx1 = x_of(ghost[0]), x_of(ghost[1])
            out.append(f'<rect class="baseline" x="{_num(gx0)}" y="{_num(cy - 9)}" width="{_num(max(gx1 - gx0, 2))}" '
                       f'height="18" fill="{PALE}" stroke="{GHOST}" stroke-width="1.2" stroke-dasharray="3 2"/>')
        x0, x1 = sorted((x_of(bar.start), x_of(bar.forecast)))
        height = 14 if bar.kind == "project" else 10
        out.append(f'<rect class="mark {bar.kind}" x="{_num(x0)}" y="{_num(cy - height / 2)}" '
                   f'width="{_num(max(x1 - x0, 3))}" height="{height}" {paint}/>')
    if style.word:
        word = style.word
        if bar.status == "late" and bar.variance_days and bar.variance_days > 0:
            word = f"late, +{_days(bar.variance_days)}"
        if x1 + 8 + 6.5 * len(word) <= limit:
            out.append(_text(x1 + 8, cy + 4, word, "start", 11, "bold" if bar.status == "late" else "normal"))
        else:
            out.append(_text(x0 - 8, cy + 4, word, "end", 11, "bold" if bar.status == "late" else "normal"))
    out.append("</a>" if url else "</g>")
    return "".join(out)


def _anchor(bar, side):
    """The date a dependency leaves or reaches: a span's start or finish; a point's one date."""
    return bar.start if side == "start" and not bar.point else bar.forecast


def _arrow(arrow, shown, x_of, prefix):
    """A dependency's elbowed path from the predecessor's side to the successor's, arrowhead at the successor."""
    (before, y1), (after, y2) = shown[arrow.from_ref], shown[arrow.to_ref]
    leaves, reaches = DEPENDENCIES[arrow.kind]
    x1, x2 = x_of(_anchor(before, leaves)), x_of(_anchor(after, reaches))
    if before.point:
        x1 += 8 if leaves == "finish" else -8
    if after.point:
        x2 += -8 if reaches == "start" else 8
    due = _anchor(before, leaves) + timedelta(days=arrow.lag_days)
    early = (due - _anchor(after, reaches)).days
    turn = x1 + 6 if leaves == "finish" else min(x1, x2) - 6
    if reaches == "start" and turn <= x2 - 6:  # arrive from the left
        route = f"M{_num(x1)},{_num(y1)} H{_num(turn)} V{_num(y2)} H{_num(x2)}"
    elif reaches == "start":  # the successor starts left of the turn: go back round between the rows
        mid = y2 - ROW / 2 if y2 > y1 else y2 + ROW / 2
        route = f"M{_num(x1)},{_num(y1)} H{_num(turn)} V{_num(mid)} H{_num(x2 - 6)} V{_num(y2)} H{_num(x2)}"
    else:  # finish to finish: arrive from the right
        turn = max(turn, x2 + 6)
        route = f"M{_num(x1)},{_num(y1)} H{_num(turn)} V{_num(y2)} H{_num(x2)}"
    lag = f", lag {_days(arrow.lag_days)}" if arrow.lag_days else ""
    words = f"{before.ref} {leaves} to {after.ref} {reaches} ({arrow.kind}{lag})"
    if early > 0:
        words += f": not met, {after.ref} {'starts' if reaches == 'start' else 'finishes'} {_days(early)} too early"
        look = f'stroke="{RED}" stroke-dasharray="5 3" marker-end="url(#{prefix}-arrow-broken)"'
    else:
        look = f'stroke="{ARROW}" marker-end="url(#{prefix}-arrow)"'
    return (f'<path class="dependency{" broken" if early > 0 else ""}" data-from={quoteattr(before.ref)} '
            f'data-to={quoteattr(after.ref)} d="{route}" fill="none" stroke-width="1.2" {look}>'
            f"<title>{escape(words)}</title></path>")


def describe(lanes, first, last, dependencies, today):
    """The ``<desc>``: what the chart shows, counted."""
    items = [bar for _, group in lanes for bar in group]
    kinds = [f"{sum(b.kind == k for b in items)} {label.lower()}{'s' if sum(b.kind == k for b in items) != 1 else ''}"
             for k, label in KINDS.items()]
    statuses = [f"{sum(b.status == s for b in items)} {label}" for s, label in STATUSES.items()]
    moved = sum(1 for b in items if b.ghost)
    return (f"{len(items)} plan items in {len(lanes)} workstream{'s' if len(lanes) != 1 else ''} from "
            f"{_long(first)} to {_long(last)}: {', '.join(kinds)}. Status: {', '.join(statuses)}. "
            f"{moved} moved from their baseline (the baseline is drawn faintly behind the forecast). "
            f"{dependencies} dependenc{'y' if dependencies == 1 else 'ies'} shown as arrows. "
            f"Today is {_long(today)}. The table beside the chart lists every item.")


def data_table(bars, today, start=None, end=None):
    """The rows of the table beside the chart, in the chart's order (plain dicts): ref, title, lane, kind
    (and its label), start, baseline start and end, forecast, variance in days (forecast less baseline end;
    positive is later), status (and its label), overdue days (past forecast and not complete) and url."""
    lanes, _, _ = select(bars, start, end)
    rows = []
    for _, items in lanes:
        for bar in items:
            overdue = (today - bar.forecast).days if bar.status != "complete" and bar.forecast < today else 0
            rows.append({
                "ref": bar.ref, "title": bar.title, "lane": bar.lane, "kind": bar.kind, "kind_label": KINDS[bar.kind],
                "start": None if bar.point else bar.start, "baseline_start": bar.baseline_start,
                "baseline": bar.baseline, "forecast": bar.forecast, "variance_days": bar.variance_days,
                "status": bar.status, "status_label": STATUSES[bar.status], "overdue_days": overdue,
                "url": _safe_url(bar.url),
            })
    return rows
