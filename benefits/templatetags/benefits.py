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


@register.simple_tag(takes_context=True)
def may_add_benefits(context):
    """Whether the signed-in user may add or edit a benefit anywhere (so the import link is offered only to them)."""
    from benefits.views import may_add_somewhere

    request = context.get("request")
    if request is None or not request.user.is_authenticated or getattr(request, "tenant", None) is None:
        return False
    cached = getattr(request, "_may_add_benefits", None)
    if cached is None:
        cached = request._may_add_benefits = may_add_somewhere(request.user, request.tenant)
    return cached
