"""Demo data: the LLR Better Care Together partnership from the source documents, and a small second
partnership (Northshire) to show isolation. ``manage.py load_demo`` runs every registered loader.

Each app registers a loader with ``register(order, loader)``. A loader is called once per tenant as
``loader(partnership)`` inside that tenant's context, after the programme's own data exists, and must be
idempotent: running it twice changes nothing.
"""

import calendar
import datetime

from django.utils import timezone

_LOADERS = []


def register(order, loader):
    if all(existing is not loader for _, existing in _LOADERS):
        _LOADERS.append((order, loader))


def loaders():
    return [loader for _, loader in sorted(_LOADERS, key=lambda pair: pair[0])]


# The demo's calendar --------------------------------------------------------------------------------------------
#
# Each demo partnership's data comes from source documents that describe one moment as "now" (its anchor: for LLR
# the summer of 2016, when the PID's second Delivery stage was under way). The loaders place every dated thing
# relative to the day the demo is loaded: moved by (today - anchor) rounded to whole weeks, so weekdays stay as
# the source had them, and a period's first or last day of a month stays the first or last of a month. The facts
# stay the source's; only the calendar moves.

_ANCHORS = {}


def today():
    """The day the demo is loaded (tests patch this to load it as of another day)."""
    return timezone.localdate()


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _nearest(day, candidates):
    return min(candidates, key=lambda candidate: (abs((candidate - day).days), candidate))


class Calendar:
    """Moves a source's dates so that its ``anchor`` falls on ``on`` (today by default), to the whole week."""

    def __init__(self, anchor, on=None):
        self.anchor = anchor
        self.today = on or today()
        self.shift = datetime.timedelta(weeks=round((self.today - anchor).days / 7))

    def date(self, value):
        """A day of the source (a ``date`` or a (year, month, day) tuple), moved by whole weeks."""
        value = datetime.date(*value) if isinstance(value, tuple) else value
        return value + self.shift

    def boundary(self, value):
        """A period's start or end: moved, then kept on the first (or last) day of a month if it was one."""
        value = datetime.date(*value) if isinstance(value, tuple) else value
        moved = value + self.shift
        if value.day == 1:
            first = moved.replace(day=1)
            return _nearest(moved, [first, _month_end(first) + datetime.timedelta(days=1)])
        if value == _month_end(value):
            end = _month_end(moved)
            return _nearest(moved, [moved.replace(day=1) - datetime.timedelta(days=1), end])
        return moved

    def moment(self, value):
        """A date and time of the source, moved by the same whole weeks."""
        return value + self.shift

    def years_to_close(self, last_day):
        """Whole years to move a series whose last recorded day is ``last_day`` so that it ends before today
        (a year keeps financial years, quarters and months aligned)."""
        years = self.today.year - last_day.year
        if (last_day.month, last_day.day) >= (self.today.month, self.today.day):
            years -= 1
        return years


def set_anchor(slug, anchor):
    """Record the day partnership ``slug``'s source documents call "now" (``programme.demo`` does, per tenant)."""
    _ANCHORS[slug] = anchor


def calendar_for(partnership, on=None):
    """The ``Calendar`` of a demo partnership (its anchor set by ``set_anchor``; none moves nothing)."""
    slug = getattr(partnership, "slug", partnership)
    anchor = _ANCHORS.get(slug)
    return Calendar(anchor or (on or today()), on)
