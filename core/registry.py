"""What each app puts in a board pack and into the review cycle, registered by the app itself.

The renderer and the schedule import nothing of ``risks``, ``benefits``, ``business_cases`` or
``change_control`` (STYLE.md: dependencies point one way). Each of those apps has a ``pack_sections`` module,
found by ``autodiscover_modules``, that registers here:

- ``register_section``: a part of the pack, a template and a function building its context from a
  ``PackContext`` (``None`` leaves the section out of that pack);
- ``register_papers``: the items awaiting a body's decision (the "papers for decision" of the agenda and the pack);
- ``register_dashboard_column``: one column of the programme dashboard's workstream table;
- ``register_review_job``: work to do on a body's review cycle (e.g. raise risk escalation proposals);
- ``register_reminders``: what each owner should be reminded of (overdue reviews, actions, measurements);
- ``register_closure_check``: why a workstream or project cannot close yet (an open risk on its register), and
  optionally why the programme's redeployment of its resources cannot be confirmed yet (a pledge with no outcome);
- ``register_handover``: what a closing workstream or project hands to a new owner (its benefits);
- ``register_calendar_source``: dated events for the iCalendar feeds (``core.calendars``): meetings, milestones;
- ``use_calendar_bodies``: which bodies a user may subscribe to one by one (the app that knows body membership);
- ``register_work``: what needs one person ("My work": decisions awaiting them, their reviews, actions, measurements);
- ``register_place_panel``: a block of a workstream's or project's page (its risks, benefits, plan...);
- ``register_feed``: a register's bulk feed for Power BI and Excel (``core.feeds``), in the app's ``feeds`` module.

Work sources and place panels may live in an app's ``work`` module, found by ``autodiscover_modules`` as well
(highlight reports: ``reporting/work.py`` registers its reports to write or sign off and its latest-report panel).

Everything registered must leave out restricted and archived items: a pack goes to a whole board.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

RAG_ORDER = ["red", "amber", "yellow", "green"]  # worst first; benefits use red/amber/green of the same names


@dataclass
class PackContext:
    """What every section builder is given: the meeting, its body and the window movements are reported for."""

    tenant: object
    meeting: object
    body: object
    since: datetime.date
    today: datetime.date
    previous_meeting: object = None
    max_rows: int = 40
    papers: list = field(default_factory=list)
    pack: object = None

    @property
    def body_kind(self):
        return self.body.kind


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    template: str
    build: Callable
    # Body kinds whose packs hold this section; None for every body.
    bodies: frozenset | None = None

    def applies_to(self, body):
        return self.bodies is None or body.kind in self.bodies


@dataclass(frozen=True)
class Paper:
    """An item awaiting a body's decision, as the agenda and the pack show it."""

    source: str
    obj: object
    ref: str
    title: str
    kind: str
    ask: str
    summary: str = ""
    link: str = ""
    facts: tuple = ()  # (label, value) pairs

    @property
    def heading(self):
        return f"{self.ref} {self.title}".strip()


@dataclass(frozen=True)
class PaperSource:
    key: str
    order: int
    papers: Callable  # body -> iterable of Paper


@dataclass(frozen=True)
class Cell:
    """One cell of the dashboard: a RAG name (or None) and its text."""

    rag: str | None
    text: str


@dataclass(frozen=True)
class DashboardColumn:
    key: str
    title: str
    order: int
    cells: Callable  # PackContext -> {workstream id: Cell}
    # Whether the column decides the workstream's overall RAG (the worst of such columns).
    overall: bool = False


@dataclass(frozen=True)
class ReviewJob:
    key: str
    title: str
    run: Callable  # (tenant, body) -> a count of what it did
    risk_reviews_only: bool = True


@dataclass(frozen=True)
class Reminder:
    recipient: object
    line: str
    link: str = ""


@dataclass(frozen=True)
class ReminderSource:
    key: str
    title: str
    reminders: Callable  # (tenant, today) -> iterable of Reminder


@dataclass(frozen=True)
class ClosureCheck:
    key: str
    blockers: Callable  # (target: a Workstream or Project) -> list of sentences, one per thing still open
    unredeployed: Callable | None = None  # () -> sentences: programme resource not yet redeployed


@dataclass(frozen=True)
class Handover:
    """Items a closing workstream or project must hand over to a new owner (PID s3.6), e.g. its benefits."""

    key: str
    items: Callable  # (target) -> the items still to hand over, each with ``pk``, ``ref`` and ``owner_id``
    find: Callable  # (pk) -> the item of the active partnership the user may read, or None
    hand_over: Callable  # (item, new_owner, user, reason) -> None: record the new owner, with history


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar feed, in plain values; ``core.calendars`` turns it into a VEVENT.

    ``uid``: stable across feeds and refreshes, e.g. ``meeting-12`` (the feed adds ``@<partnership>.bct-portal``
    when it has no ``@``). ``start``/``end``: dates (all-day; ``end`` exclusive, one day when None) or datetimes
    (naive ones are in ``settings.TIME_ZONE``; no end for a moment). ``url``: a path of the portal or a full URL.
    ``status``: "", "CONFIRMED", "TENTATIVE" or "CANCELLED". ``sequence``: the latest invitation's (0 for none)."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    last_modified: datetime.datetime | None = None
    sequence: int = 0  # RFC 5545 SEQUENCE: how many times it was sent out changed (an invitation's updates)
    status: str = ""


@dataclass(frozen=True)
class CalendarSource:
    key: str
    events: Callable  # (user, *, body=None, start, end) -> iterable of CalendarEvent, in the active tenant
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    """One thing that needs a person: what it is (``kind``, a short label), where to do it, and when it is due."""

    title: str
    url: str
    kind: str
    due: datetime.date | None = None
    overdue: bool = False
    place: str = ""  # the workstream or project it sits in, when it has one


@dataclass(frozen=True)
class WorkSource:
    key: str
    title: str
    order: int
    items: Callable  # user -> list of WorkItem, in the active tenant, in a fixed number of queries


@dataclass(frozen=True)
class PlacePanel:
    key: str
    title: str
    order: int
    template: str
    build: Callable  # (place: a Workstream or Project, user) -> a context dict, or None to leave the panel out


_SECTIONS: dict[str, Section] = {}
_PAPERS: dict[str, PaperSource] = {}
_COLUMNS: dict[str, DashboardColumn] = {}
_JOBS: dict[str, ReviewJob] = {}
_REMINDERS: dict[str, ReminderSource] = {}
_CLOSURE_CHECKS: dict[str, ClosureCheck] = {}
_HANDOVERS: dict[str, Handover] = {}
_CALENDAR_SOURCES: dict[str, CalendarSource] = {}
_CALENDAR_BODIES: list[Callable] = []
_WORK: dict[str, WorkSource] = {}
_PLACE_PANELS: dict[str, PlacePanel] = {}
_FEEDS: dict[str, "Feed"] = {}
_discovered = False


def register_section(key, title, order, template, build, bodies=None):
    _SECTIONS[key] = Section(key, title, order, template, build, frozenset(bodies) if bodies else None)


def register_papers(key, papers, order=100):
    _PAPERS[key] = PaperSource(key, order, papers)


def register_dashboard_column(key, title, cells, order=100, overall=False):
    _COLUMNS[key] = DashboardColumn(key, title, order, cells, overall)


def register_review_job(key, title, run, risk_reviews_only=True):
    _JOBS[key] = ReviewJob(key, title, run, risk_reviews_only)


def register_reminders(key, title, reminders):
    _REMINDERS[key] = ReminderSource(key, title, reminders)


def register_closure_check(key, blockers, unredeployed=None):
    _CLOSURE_CHECKS[key] = ClosureCheck(key, blockers, unredeployed)


def register_handover(key, items, find, hand_over):
    _HANDOVERS[key] = Handover(key, items, find, hand_over)


def register_calendar_source(key, events, order=100):
    """Add ``events(user, *, body=None, start, end)`` to the calendar feeds: it yields the ``CalendarEvent``s from
    ``start`` to ``end`` (dates, inclusive) that ``user`` may see in the active partnership: for ``body`` None,
    those of the user's own feed; for a body, those of that body's feed (nothing, if the source has none). It must
    run a fixed number of queries, however many events it yields."""
    _CALENDAR_SOURCES[key] = CalendarSource(key, events, order)


def use_calendar_bodies(readable):
    """Name ``readable(user)``: a queryset of the bodies whose feeds ``user`` may subscribe to in the active
    partnership (told by the app that knows who sits on which body). The kernel knows no body model."""
    _CALENDAR_BODIES[:] = [readable]


def register_work(key, title, items, order=100):
    """Add ``items(user)`` to "My work": the ``WorkItem``s that need ``user`` in the active partnership (only
    what they may read). It must run a fixed number of queries, however many items it finds."""
    _WORK[key] = WorkSource(key, title, order, items)


def register_place_panel(key, title, order, build, template):
    """Add a panel to the workstream and project pages: ``build(place, user)`` gives the context of
    ``template`` (the panel's ``title`` and the ``place`` are added) or None to leave it out. It must run a fixed
    number of queries and show only what ``user`` may read."""
    _PLACE_PANELS[key] = PlacePanel(key, title, order, template, build)


def autodiscover():
    """Import every installed app's ``pack_sections``, ``work`` and ``feeds`` modules, once."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    autodiscover_modules("pack_sections", "work", "feeds")


def sections(body=None):
    autodiscover()
    found = sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
    return [section for section in found if body is None or section.applies_to(body)]


def paper_sources():
    autodiscover()
    return sorted(_PAPERS.values(), key=lambda source: (source.order, source.key))


def papers_for(body):
    """Every item awaiting ``body``'s decision, source by source."""
    return [paper for source in paper_sources() for paper in source.papers(body)]


def dashboard_columns():
    autodiscover()
    return sorted(_COLUMNS.values(), key=lambda column: (column.order, column.key))


def review_jobs():
    autodiscover()
    return sorted(_JOBS.values(), key=lambda job: job.key)


def reminder_sources():
    autodiscover()
    return sorted(_REMINDERS.values(), key=lambda source: source.key)


def closure_checks():
    autodiscover()
    return sorted(_CLOSURE_CHECKS.values(), key=lambda check: check.key)


def handovers():
    autodiscover()
    return sorted(_HANDOVERS.values(), key=lambda handover: handover.key)


def calendar_sources():
    autodiscover()
    return sorted(_CALENDAR_SOURCES.values(), key=lambda source: (source.order, source.key))


def calendar_bodies(user):
    """The bodies ``user`` may subscribe to one by one (a queryset), or None when no app has named them."""
    autodiscover()
    return _CALENDAR_BODIES[0](user) if _CALENDAR_BODIES else None


@dataclass(frozen=True)
class PanelRow:
    """One row of a place panel: an item linked to its page, with a tag (e.g. its RAG) and a short note."""

    ref: str
    title: str
    url: str
    tag: str = ""
    colour: str = ""  # an NHS.UK tag colour: red, orange, yellow, green, grey...
    note: str = ""


def place_filter(place):
    """The query string that filters a register to ``place`` (a workstream or a project: every register names
    its filters ``workstream`` and ``project``)."""
    return f"?{place._meta.model_name}={place.pk}"


def at_place(filterset_class, place, queryset):
    """``queryset`` narrowed to ``place`` by the register's own FilterSet, so a panel counts exactly what the
    register filtered to the place (``place_filter``) lists."""
    filterset = filterset_class({place._meta.model_name: place.pk}, queryset=queryset)
    return filterset.qs


def panel(rows, total, link, empty, facts=()):
    """The context of ``core/place_panel.html``: up to a few ``PanelRow``s of ``total``, a link to the register
    filtered to the place, what to say when there is nothing, and (label, value) facts for the summary line."""
    return {"rows": list(rows), "total": total, "more": max(0, total - len(rows)), "link": link, "empty": empty,
            "facts": list(facts)}


def work_sources():
    autodiscover()
    return sorted(_WORK.values(), key=lambda source: (source.order, source.key))


def work_for(user):
    """What needs ``user``: ``[(source, items)]`` for each source with any; the sources with overdue items first
    (else in their order), and in each the overdue items first, then by due date (undated last)."""
    found = []
    for source in work_sources():
        items = sorted(source.items(user), key=lambda item: (not item.overdue, item.due is None, item.due or
                                                             datetime.date.min))
        if items:
            found.append((source, items))
    return sorted(found, key=lambda pair: not pair[1][0].overdue)


def work_totals(groups):
    """``(items, overdue items)`` of ``work_for``'s groups: the counts the page's and the API's headers show."""
    items = [item for _source, found in groups for item in found]
    return len(items), sum(item.overdue for item in items)


def place_panels():
    autodiscover()
    return sorted(_PLACE_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(place, user):
    """The panels of a workstream's or project's page: ``[(panel, context)]``, those whose builder gave one."""
    built = []
    for panel in place_panels():
        context = panel.build(place, user)
        if context is not None:
            built.append((panel, {"title": panel.title, "key": panel.key.replace(".", "-"), "place": place, **context}))
    return built


def worst(rags):
    """The worst of RAG names (red, amber, yellow, green), or None."""
    ranked = [rag for rag in rags if rag in RAG_ORDER]
    return min(ranked, key=RAG_ORDER.index) if ranked else None


@dataclass(frozen=True)
class Feed:
    """A register's bulk feed (``core.feeds``): ``rows(user)`` is the queryset of the rows ``user`` may read in the
    active partnership (the same filtering as the register's API list); ``columns`` are ``(name, path)`` pairs,
    ``path`` a field of the model or a lookup through foreign keys (``owner__username``)."""

    key: str
    title: str
    model: type
    rows: Callable
    columns: tuple
    order: int = 100


def register_feed(key, title, model, rows, columns=None, extra=(), order=100):
    """Publish ``model``'s rows that ``rows(user)`` lets ``user`` read as the feed ``key`` (a URL segment: letters,
    digits and underscores). ``columns`` defaults to every concrete field but the tenant (foreign keys as
    ``<name>_id``) and JSON fields; ``extra`` adds ``(name, lookup)`` pairs (a related row's name). The model must
    keep history (``tenant_history``): the change cursor reads it."""
    if columns is None:
        columns = [(field.attname, field.attname) for field in model._meta.concrete_fields
                   if field.name != "tenant" and field.get_internal_type() not in ("JSONField", "BinaryField")]
    else:
        columns = [column if isinstance(column, tuple) else (column, column) for column in columns]
    _FEEDS[key] = Feed(key, title, model, rows, tuple(columns) + tuple(extra), order)


def feeds():
    autodiscover()
    return sorted(_FEEDS.values(), key=lambda feed: (feed.order, feed.key))


def feed(key):
    """The feed named ``key``, or None."""
    autodiscover()
    return _FEEDS.get(key)
