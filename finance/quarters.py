"""UK financial quarters, written ``2026/27 Q1`` (April–June 2026): the period of resource pledges, demands and the
capacity view. Written that way they sort as text in time order, so the database compares them directly."""

import datetime
import re

from django.core.exceptions import ValidationError

PATTERN = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}
HELP = "A financial quarter, written 2026/27 Q1 (Q1 is April to June)."


def parse(text):
    """(year, quarter) of ``2026/27 Q1``; ValidationError naming the expected form otherwise."""
    match = PATTERN.match(str(text or "").strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValidationError(f"Write a financial quarter like 2026/27 Q1, not '{text}'.", code="quarter")
    return int(match[1]), int(match[3])


def label(year, quarter):
    return f"{year}/{(year + 1) % 100:02d} Q{quarter}"


def validate(value):
    parse(value)


def first_day(text):
    year, quarter = parse(text)
    return datetime.date(year + (quarter == 4), FIRST_MONTH[quarter], 1)


def last_day(text):
    start = first_day(text)
    month = start.month + 3
    following = datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def of(day):
    """The quarter ``day`` falls in."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3, 1: 4, 2: 4, 3: 4}[day.month]
    return label(year, quarter)


def following(text, count=1):
    year, quarter = parse(text)
    for _ in range(count):
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return label(year, quarter)


def span(first, last):
    """Every quarter from ``first`` to ``last``, inclusive (none if ``last`` is before ``first``)."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = following(current)
    return quarters


def offered(today=None, before=0, after=11):
    """Quarters a form offers: ``before`` past ones, this one and ``after`` to come."""
    this = of(today or datetime.date.today())
    year, quarter = parse(this)
    for _ in range(before):
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return span(label(year, quarter), following(this, after))
