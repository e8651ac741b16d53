"""Template helpers: money as pounds and pence, and status tags whose colour only repeats their text."""

from decimal import Decimal

from django import template

from business_cases.choices import BriefStatus, CaseStatus, Depth

register = template.Library()

STATUS_COLOURS = {
    CaseStatus.DRAFT: "grey", CaseStatus.SUBMITTED: "blue", CaseStatus.RECOMMENDED: "purple",
    CaseStatus.APPROVED: "green", CaseStatus.REJECTED: "red", CaseStatus.WITHDRAWN: "white",
    BriefStatus.APPROVED: "green",
}
DEPTH_COLOURS = {Depth.REQUIRED: "blue", Depth.OUTLINE: "blue", Depth.DETAIL: "purple", Depth.OPTIONAL: "grey"}


@register.filter
def pounds(value):
    """£2,273,100.00 (negative as −£1.00); blank for None."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def status_colour(status):
    return STATUS_COLOURS.get(status, "grey")


@register.filter
def depth_colour(depth):
    return DEPTH_COLOURS.get(depth, "grey")


@register.filter
def depth_label(depth):
    return Depth(depth).label if depth in Depth.values else ""


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def get_attr(obj, name):
    return getattr(obj, name, "")
