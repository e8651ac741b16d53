"""Template helpers of the risk register: RAG tags that say their band in words as well as colour."""

from django import template

from risks import scoring
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
