"""A business case as a PDF in the Green Book's five-case layout, rendered by WeasyPrint from a template."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from business_cases import money

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def context(case):
    lines, stated = list(case.money_lines.all()), list(case.stated_totals.all())
    shares = list(case.cost_shares.select_related("organisation"))
    return {
        "case": case,
        "sections": case.section_rows(),
        "lines": lines,
        "shares": shares,
        "stated": stated,
        "summary": money.summarise(case.value, lines, shares, stated),
        "versions": list(case.versions.select_related("submitted_by").order_by("number")),
        "scores": list(case.scores.select_related("scorer")),
        "generated": timezone.now(),
    }


def render_case(case):
    """The PDF's bytes. The document title (PDF metadata) carries the case's reference and title."""
    from weasyprint import CSS, HTML

    html = render_to_string("business_cases/case_pdf.html", context(case))
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def filename(case):
    return f"{case.ref}-{case.get_document_type_display().split(' (')[0].lower().replace(' ', '-')}.pdf"
