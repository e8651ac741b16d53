"""The reporting cycle on plain values (tested without a database): periods of whole months, and when a period's
reports are due.

A period is ``cycle_months`` long, counted from January (monthly: each month; quarterly: Jan–Mar, Apr–Jun, ...);
it is named by its first day. Its reports are due ``working_days`` working days (Monday to Friday, not a bank
holiday of the partnership's nation) before the Implementation Group's first meeting after the period ends; if none
is scheduled, that many working days after the period ends.

Bank holidays come from the ``holidays`` package (computed, no network): the UK's, by nation, since England and
Wales, Scotland and Northern Ireland keep different ones.
"""

import calendar
import datetime
import functools

import holidays as holiday_calendars

NATIONS = [("ENG", "England"), ("WLS", "Wales"), ("SCT", "Scotland"), ("NIR", "Northern Ireland")]


def period_start(day, cycle_months=1):
    month = ((day.month - 1) // cycle_months) * cycle_months + 1
    return datetime.date(day.year, month, 1)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_end(start, cycle_months=1):
    last = _add_months(start, cycle_months - 1)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def next_period(start, cycle_months=1):
    return _add_months(period_start(start, cycle_months), cycle_months)


def previous_period(start, cycle_months=1):
    return _add_months(period_start(start, cycle_months), -cycle_months)


def period_label(start, cycle_months=1):
    if cycle_months == 1:
        return f"{start:%B %Y}"
    end = period_end(start, cycle_months)
    return f"{start:%b %Y} to {end:%b %Y}"


@functools.cache
def bank_holidays(nation="ENG"):
    """The bank holidays of ``nation`` (a code of ``NATIONS``): a container of dates, any year."""
    return holiday_calendars.country_holidays("GB", subdiv=nation)


def shift_working_days(day, days, closed=()):
    """``day`` moved by ``days`` working days (negative: earlier); Saturday, Sunday and the dates in ``closed``
    (the bank holidays) do not count."""
    step = 1 if days >= 0 else -1
    moved, left = day, abs(days)
    while left:
        moved += datetime.timedelta(days=step)
        if moved.weekday() < 5 and moved not in closed:
            left -= 1
    return moved


def due_date(start, cycle_months, working_days, meeting_dates, closed=()):
    """When the reports of the period starting ``start`` are due: ``working_days`` before the first of
    ``meeting_dates`` (the Implementation Group's, sorted) after the period ends, else after the period's end;
    ``closed`` are the bank holidays."""
    end = period_end(start, cycle_months)
    meeting = next((date for date in meeting_dates if date > end), None)
    if meeting is None:
        return shift_working_days(end, working_days, closed)
    return max(shift_working_days(meeting, -working_days, closed), end)


def last_closed_period(today, cycle_months=1):
    """The latest period that has ended by ``today``: the one whose reports are being written now."""
    return previous_period(period_start(today, cycle_months), cycle_months)
