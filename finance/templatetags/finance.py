from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value):
    """-£1,234.50 to the penny (finance shows what the ledgers hold); an en dash for none."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    return f"{'-' if number < 0 else ''}£{abs(number):,.2f}"
