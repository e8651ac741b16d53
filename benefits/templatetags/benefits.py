"""Template helpers of the benefits register: RAG tags that name their band in words as well as colour."""

from django import template

from benefits import charts
from benefits.choices import RealisationRag, Trend

register = template.Library()

# NHS.UK tag colours; the tag's text always names the band (WCAG 1.4.1).
RAG_TAG_COLOURS = {RealisationRag.GREEN: "green", RealisationRag.AMBER: "orange", RealisationRag.RED: "red",
                   RealisationRag.NOT_MEASURED: "grey"}
TREND_WORDS = {Trend.IMPROVING: "↑ Improving", Trend.WORSENING: "↓ Worsening", Trend.STEADY: "→ Steady"}


@register.inclusion_tag("benefits/_rag.html")
def realisation_tag(rag, percent=None):
    try:
        label = RealisationRag(rag).label
    except ValueError:
        label = RealisationRag.NOT_MEASURED.label
        rag = RealisationRag.NOT_MEASURED
    return {"rag": rag, "label": label, "percent": percent, "colour": RAG_TAG_COLOURS.get(rag, "grey")}


@register.filter
def trend_words(trend):
    return TREND_WORDS.get(trend, "")


@register.filter
def amount(value, unit=""):
    """A value in the benefit's unit: ``£487,323``, ``60 beds``; an en dash when there is none."""
    return charts.format_value(value, unit or "")
