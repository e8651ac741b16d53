from django import template

from finance.charts import money

register = template.Library()


@register.filter
def pounds(value):
    """-£1,234.50 to the penny; an en dash for none."""
    return money(value)
