"""``{% rag_tag rag %}``: a RAG as the NHS.UK tag of its colour and its word (colour is never the only cue), or
``empty`` in small text when there is none. A tag, not an include: the dashboard draws six per row for 420 rows."""

from django import template
from django.utils.html import format_html

register = template.Library()

TAGS = {"red": ("red", "Red"), "amber": ("orange", "Amber"), "yellow": ("yellow", "Yellow"),
        "green": ("green", "Green")}


@register.simple_tag
def rag_tag(rag, empty="None"):
    found = TAGS.get(rag or "")
    if found is None:
        return format_html('<span class="nhsuk-body-s">{}</span>', empty)
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', *found)
