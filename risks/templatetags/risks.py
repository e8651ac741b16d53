"""Template helpers of the risk register: RAG tags that say their band in words as well as colour."""

from django import template

from risks.choices import Rag

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


@register.inclusion_tag("risks/_rag.html")
def rag_tag(score, rag, compact=False):
    return {"score": score, "rag": rag, "compact": compact}
