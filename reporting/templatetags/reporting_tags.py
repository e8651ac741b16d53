"""``{% rag_tag rag %}``: a RAG as the NHS.UK tag of its colour and its word (colour is never the only cue), or
``empty`` in small text when there is none.

``{% dashboard_rows rows %}``: the live dashboard's table body, drawn here rather than by the template engine: it is
420 rows of twelve cells in the ``make bench`` tenant, and the engine's per-variable lookups, escaping and ``{% url %}``
cost more than the queries (docs/performance.md). Every text from the database is escaped here."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

TAGS = {"red": ("red", "Red"), "amber": ("orange", "Amber"), "yellow": ("yellow", "Yellow"),
        "green": ("green", "Green")}
TRENDS = {"up": '<span aria-hidden="true">▲</span> Better', "down": '<span aria-hidden="true">▼</span> Worse',
          "level": '<span aria-hidden="true">▶</span> Same'}
STATES = {"late": '<strong class="nhsuk-tag nhsuk-tag--red">Late</strong>',
          "signed_off": '<strong class="nhsuk-tag nhsuk-tag--green">Signed off</strong>'}
CELL = '<td class="nhsuk-table__cell">{}</td>'


def _rag_html(rag, empty="None"):
    found = TAGS.get(rag or "")
    if found is None:
        return f'<span class="nhsuk-body-s">{conditional_escape(empty)}</span>'
    return '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>'.format(*found)


@register.simple_tag
def rag_tag(rag, empty="None"):
    return mark_safe(_rag_html(rag, empty))


def _report_link(detail, report, text):
    """A link to ``report``: ``detail`` is the detail page's address reversed once for pk 0."""
    return f'<a class="nhsuk-body-s" href="{detail.replace("/0/", f"/{report.pk}/")}">{conditional_escape(text)}</a>'


def _row(row, detail):
    place = conditional_escape(row.place.name)
    workstream = row.kind == "workstream"
    heading = f"<strong>{place}</strong> <span class=\"nhsuk-body-s\">(workstream)</span>" if workstream else place
    if row.latest is not None:
        heading += "<br>" + _report_link(detail, row.latest, f"{row.latest.ref}, {row.latest.period_label}")
    state = STATES.get(row.state) or conditional_escape(row.state_label)
    if row.current is not None:
        state += "<br>" + _report_link(detail, row.current, row.current.ref)
    risk = f"{row.worst_risk} ({conditional_escape(row.risk_band)})" if row.worst_risk else "None open"
    cells = [_rag_html(row.overall), TRENDS.get(row.trend, "–"),
             *(_rag_html(rag, "–") for _, _, rag in row.rags),
             str(row.late), risk, f"{row.percent}%" if row.percent is not None else "Not measured", state]
    return (f'<tr class="nhsuk-table__row{" portal-dashboard__workstream" if workstream else ""}" '
            f'data-place="{row.kind}-{row.place.pk}">'
            f'<th class="nhsuk-table__header" scope="row">{heading}</th>'
            + "".join(CELL.format(cell) for cell in cells) + "</tr>")


@register.simple_tag
def dashboard_rows(rows):
    detail = reverse("reporting:detail", args=[0])
    return mark_safe("\n".join(_row(row, detail) for row in rows))
