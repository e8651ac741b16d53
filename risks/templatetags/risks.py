"""Template helpers of the risk register: RAG tags that say their band in words as well as colour, and
``{% register_rows risks %}``, the register's table rows drawn in Python.

The register page shows 100 rows of nine cells: through the template engine (a variable lookup, a filter and
escaping per value, ``{% url %}``, ``{% rag_tag %}``'s own template twice a row) they cost more than the rest of the
page (docs/performance.md). ``register_rows`` gives the same HTML, byte for byte (tests/risks/test_register_rows.py
renders the template loop it replaced beside it), from the values ``risks.views.register`` reads (``ROW_FIELDS`` and,
for the page's rows, ``NAME_FIELDS``)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import mark_safe

from core.widgets import escape_text
from risks import scoring
from risks.choices import Category, Level, Rag, RiskStatus

register = template.Library()

# NHS.UK tag colours for the App. 7 bands. The tag's text always names the band (WCAG 1.4.1).
RAG_TAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.YELLOW: "yellow", Rag.GREEN: "green"}


@register.filter
def rag_colour(rag):
    return RAG_TAG_COLOURS.get(rag, "grey")


@register.filter
def rag_label(rag):
    try:
        return Rag(rag).label
    except ValueError:
        return ""


@register.filter
def band_ranges(bands):
    """``[(rag, low, high), ...]`` of a ``risks.scoring.Bands``, highest first, for a key to the colours."""
    return [(Rag(rag).value, low, high) for rag, low, high in bands.bands]


@register.filter
def bands_text(bands):
    """"red 20–25, amber 14–19, yellow 8–13, green 1–7": a set of bands in words."""
    return ", ".join(f"{Rag(rag).label.lower()} {low}–{high}" for rag, low, high in bands.bands)


@register.inclusion_tag("risks/_rag.html")
def rag_tag(score, rag, compact=False):
    return {"score": score, "rag": rag, "compact": compact}


@register.filter
def likelihood(value):
    """``3`` -> "3 – Possible" (the NHS risk matrix's words)."""
    return scoring.rating_label("likelihood", value)


@register.filter
def impact(value):
    """``3`` -> "3 – Moderate"."""
    return scoring.rating_label("impact", value)


@register.simple_tag(takes_context=True)
def may_add_risks(context):
    """Whether the signed-in user may add a risk to any register (so the import link is offered only to them)."""
    from risks.views.common import may_add_somewhere

    request = context.get("request")
    if request is None or not request.user.is_authenticated or getattr(request, "tenant", None) is None:
        return False
    return may_add_somewhere(request.user, request.tenant)


@register.filter
def source_rating(risk, part):
    """"LPT’s register: Red": the RAG the partner's own register gave an imported risk (``part`` "inherent" or
    "residual"), or blank for a risk that keeps none."""
    rag = getattr(risk, f"source_{part}_rag", "")
    if not rag:
        return ""
    organisation = risk.source_organisation
    whose = f"{organisation.code}’s register" if organisation else "The source register"
    return f"{whose}: {rag_label(rag)}"


CELL = '\n      <td class="nhsuk-table__cell">'


def _rag_tag(score, rag):
    """``risks/_rag.html`` (with its closing newline), as ``{% rag_tag score rag %}`` includes it."""
    if not score:
        return '<span class="nhsuk-body-s">Not scored</span>\n'
    return (f'<strong class="nhsuk-tag nhsuk-tag--{escape_text(rag_colour(rag))}">{score}'
            f'<span class="nhsuk-u-visually-hidden">,</span> {escape_text(rag_label(rag))}</strong>\n')


def _source_rating(row, part, code):
    rag = row[f"source_{part}_rag"]
    if not rag:
        return ""
    whose = f"{code}’s register" if code is not None else "The source register"
    return f'<br><span class="nhsuk-body-s">{escape_text(f"{whose}: {rag_label(rag)}")}</span>'


def _labels(choices):
    return {value: escape_text(label) for value, label in choices.choices}


def _display(labels, value):
    """``get_FOO_display``: the choice's label, or the value itself if it is not a choice."""
    label = labels.get(value)
    return label if label is not None else escape_text(value)


@register.simple_tag
def register_rows(rows):
    """The risk register's table rows (the loop ``templates/risks/register.html`` had), from ``values()`` rows
    with ``risks.views.register.ROW_FIELDS`` and ``NAME_FIELDS``. Every text from the database is escaped here."""
    if not rows:
        return mark_safe('\n    <tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="9">'
                         "No risks match these filters.</td></tr>\n    ")
    sentinel = 918273645
    detail_before, detail_after = reverse("risks:detail", args=[sentinel]).split(str(sentinel))
    detail_before, detail_after = escape_text(detail_before), escape_text(detail_after)
    levels, categories, statuses = _labels(Level), _labels(Category), _labels(RiskStatus)
    today = timezone.localdate()
    months, tags = {}, {}  # "Dec" by month ("j M Y" below), a RAG tag by (score, rag)
    parts = []
    for row in rows:
        title = f'<a href="{detail_before}{row["id"]}{detail_after}">{escape_text(row["title"])}</a>'
        if row["restricted"]:
            title += ' <strong class="nhsuk-tag nhsuk-tag--grey">Restricted</strong>'
        level = _display(levels, row["level"])
        if row["project_id"] is not None:
            level += f'<br><span class="nhsuk-body-s">{escape_text(row["project__name"])}</span>'
        elif row["level"] == "workstream" and row["workstream_id"] is not None:
            level += f'<br><span class="nhsuk-body-s">{escape_text(row["workstream__name"])}</span>'
        category = _display(categories, row["category"])
        if row["nature"] == "opportunity":
            category += '<br><span class="nhsuk-body-s">Opportunity</span>'
        if row["owner_id"] is not None:
            owner = (f'{row["owner__first_name"]} {row["owner__last_name"]}'.strip()
                     or row["owner__username"])
        else:
            owner = row["owner_name"]
        code = row["source_organisation__code"] if row["source_organisation_id"] is not None else None
        key = (row["inherent_score"], row["inherent_rag"])
        inherent = tags.get(key) or tags.setdefault(key, _rag_tag(*key))
        key = (row["residual_score"], row["residual_rag"])
        residual = tags.get(key) or tags.setdefault(key, _rag_tag(*key))
        if not row["residual_assessed"]:
            residual += '<br><span class="nhsuk-body-s">Not yet assessed: the inherent score</span>'
        review_date = row["review_date"]
        if review_date:  # the date filter's "j M Y"
            month = months.get(review_date.month) or months.setdefault(
                review_date.month, dateformat.format(review_date, "M"))
            shown = f"{review_date.day} {month} {review_date.year:04d}"
            if row["status"] == "open" and review_date < today:
                shown += ' <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>'
        else:
            shown = ""
        status = _display(statuses, row["status"])
        if row["archived"]:
            status += " (archived)"
        parts.append(
            f'\n    <tr class="nhsuk-table__row">{CELL}{escape_text(row["ref"])}</td>{CELL}{title}</td>'
            f'{CELL}{level}</td>{CELL}{category}</td>{CELL}{escape_text(owner) if owner else "Not assigned"}</td>'
            f'{CELL}{inherent}{_source_rating(row, "inherent", code)}</td>'
            f'{CELL}{residual}{_source_rating(row, "residual", code)}</td>{CELL}{shown}</td>{CELL}{status}</td>'
            "\n    </tr>\n    ")
    return mark_safe("".join(parts))  # every value from the database is escaped above


@register.simple_tag
def heatmap_rows(rows):
    """The heat map's rows (the loop ``templates/risks/heatmap.html`` had): a header and five cells a row, each
    cell its count linked to the register filtered to it (``query``), its score and band."""
    register_url = escape_text(reverse("risks:register"))
    # ``{{ number }}``: a whole number is its digits unless thousands are separated (formats.localize's own shortcut).
    number = ((lambda value: escape_text(formats.localize(value))) if settings.USE_THOUSAND_SEPARATOR else str)
    parts = []
    for row in rows:
        parts.append(f'\n    <tr class="nhsuk-table__row">\n      <th class="nhsuk-table__header" scope="row">'
                     f'Likelihood {escape_text(likelihood(row["likelihood"]))}</th>\n      ')
        for cell in row["cells"]:
            where = f'with likelihood {number(cell["likelihood"])} and impact ' \
                    f'{number(cell["impact"])}'
            count = cell["count"]
            if count:
                shown = (f'<a class="risks-heatmap__count" href="{register_url}?{escape_text(cell["query"])}">'
                         f'{number(count)}<span class="nhsuk-u-visually-hidden"> '
                         f'risk{"" if count == 1 else "s"} {where}</span></a>')
            else:
                shown = (f'<span class="risks-heatmap__count risks-heatmap__count--none">0<span '
                         f'class="nhsuk-u-visually-hidden"> risks {where}</span></span>')
            parts.append(
                f'\n      <td class="nhsuk-table__cell risks-heatmap__cell '
                f'risks-heatmap__cell--{escape_text(cell["rag"])}" '
                f'data-likelihood="{number(cell["likelihood"])}" '
                f'data-impact="{number(cell["impact"])}">\n        {shown}\n'
                f'        <span class="risks-heatmap__band">Score {number(cell["score"])}, '
                f'{escape_text(rag_label(cell["rag"]))}</span>\n      </td>\n      ')
        parts.append("\n    </tr>\n    ")
    return mark_safe("".join(parts))  # every value is escaped above
