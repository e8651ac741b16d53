"""iCalendar (RFC 5545) feeds of the programme's dates, for Outlook, Teams and other calendars to subscribe to.

The kernel builds the feed; the apps fill it through ``core.registry.register_calendar_source`` (meetings its
meetings, the plan its milestones), each source yielding plain ``CalendarEvent``s. The feed shows the window
from ``DAYS_BACK`` days ago to ``DAYS_AHEAD`` days ahead. Times are written in UTC (``...Z``), which every
client reads without a VTIMEZONE; all-day events are dates. Each event's UID is ``<source uid>@<partnership
slug>.bct-portal``, so a refresh updates an event in place rather than adding a copy.

Who may fetch a feed, and in which partnership, is the subscription URL's secret (``CalendarFeedToken``, served
by ``core.accounts.calendar``).
"""

import dataclasses
import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from core import registry
from core.registry import CalendarEvent

PRODID = "-//BCT Portal//Programme calendar//EN"
DAYS_BACK = 90
DAYS_AHEAD = 548  # about 18 months
REFRESH = datetime.timedelta(hours=1)  # how often clients are asked to fetch the feed again
STATUSES = {"", "CONFIRMED", "TENTATIVE", "CANCELLED"}
UID_DOMAIN = "bct-portal"

__all__ = ["CalendarEvent", "build", "events_for", "invitation", "window"]


def window(today=None):
    """(first, last) date the feeds cover."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD)


def events_for(user, body=None, today=None):
    """Every registered source's events for ``user`` (the user's feed, or ``body``'s) in the active tenant."""
    start, end = window(today)
    return [event for source in registry.calendar_sources()
            for event in source.events(user, body=body, start=start, end=end)]


def _utc(value):
    """A datetime in UTC (a naive one is read in the portal's time zone); a date as it is."""
    if not isinstance(value, datetime.datetime):
        return value
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(datetime.UTC)


def _end(event):
    if event.end is not None:
        return _utc(event.end)
    if not isinstance(event.start, datetime.datetime):
        return event.start + datetime.timedelta(days=1)  # an all-day event's end is the next day (exclusive)
    return None


def _vevent(event, tenant, base_url, stamp):
    if event.status not in STATUSES:
        raise ValueError(f"Calendar event {event.uid!r}: status {event.status!r} is not one of {sorted(STATUSES)}.")
    uid = event.uid if "@" in event.uid else f"{event.uid}@{tenant.slug}.{UID_DOMAIN}"
    url = event.url
    if url.startswith("/"):
        url = f"{base_url.rstrip('/')}{url}"
    vevent = icalendar.Event.new(
        uid=uid, summary=event.summary, start=_utc(event.start), end=_end(event), stamp=stamp,
        description=event.description or None, location=event.location or None, url=url or None,
        last_modified=_utc(event.last_modified) if event.last_modified else None,
    )
    if event.status:
        vevent.add("status", event.status)
    if event.sequence:
        vevent.add("sequence", event.sequence)
    return vevent


def build(events, *, tenant, name, base_url):
    """The feed's bytes: a VCALENDAR named ``name`` holding ``events``. ``base_url`` makes portal paths absolute."""
    calendar = icalendar.Calendar.new(prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", name=name,
                                      refresh_interval=REFRESH)
    # The same in the names Outlook and older clients read.
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", REFRESH)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in sorted(events, key=lambda event: (_sort_key(event.start), event.uid)):
        calendar.add_component(_vevent(event, tenant, base_url, stamp))
    return calendar.to_ical()


def _sort_key(value):
    if isinstance(value, datetime.datetime):
        return _utc(value).replace(tzinfo=None)
    return datetime.datetime.combine(value, datetime.time.min)


METHODS = {"REQUEST", "CANCEL"}


def invitation(event, *, tenant, base_url, method, sequence, organizer, attendee):
    """An invitation's bytes (RFC 5546 iTIP): one VEVENT with the feed's UID (so the invitation, its updates and
    the subscribed feeds are one event in a calendar), ``sequence`` (one more for each update), METHOD:REQUEST or
    METHOD:CANCEL, the ``organizer`` and the one ``attendee`` it is sent to, each ``(name, email)``."""
    if method not in METHODS:
        raise ValueError(f"An invitation's method is one of {sorted(METHODS)}, not {method!r}.")
    calendar = icalendar.Calendar.new(prodid=PRODID, method=method, calscale="GREGORIAN")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    event = dataclasses.replace(event, sequence=sequence, status="CANCELLED" if method == "CANCEL" else event.status)
    vevent = _vevent(event, tenant, base_url, stamp)
    if not sequence:
        vevent.add("sequence", 0)
    vevent.add("organizer", _address(*organizer))
    vevent.add("attendee", _address(*attendee, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE"))
    calendar.add_component(vevent)
    return calendar.to_ical()


def _address(name, email, **parameters):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = icalendar.vText(name)
    for key, value in parameters.items():
        address.params[key.upper()] = icalendar.vText(value)
    return address
