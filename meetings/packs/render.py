"""Render a board pack: gather the registered sections, build HTML, typeset it as a PDF with WeasyPrint, store it.

This module knows no app: every section comes from ``core.registry`` (a test asserts that nothing
here imports risks, benefits, business cases or change control).

Crash safety (DOMAIN.md s8): the task claims the pack (``rendering``), reports progress section by section
(each report is also a heartbeat, ``heartbeat_at``; while WeasyPrint typesets, which reports nothing, a thread
beats every ``PACK_HEARTBEAT_SECONDS``), writes the file, and only then, in one transaction with the pack row
locked, records the file, its size and SHA-256 and marks the pack ``ready``. A worker killed anywhere before
that commit leaves the pack ``rendering`` without a file and its heartbeat stops: within
``PACK_HEARTBEAT_STALE_SECONDS`` and a minute the schedule sends it again (``services.requeue_stale``), and the
PMO may render it again; the broker's own redelivery (``acks_late``, after its visibility timeout) then finds it
done. A pack already ``ready`` is left alone, so running the task twice does nothing the second time.
"""

import contextvars
import datetime
import hashlib
import logging
import posixpath
import secrets
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from core import registry
from core.tenancy import tenant_context
from meetings import services as meetings
from meetings.choices import MeetingStatus, PackStatus
from meetings.models import BoardPack
from meetings.models.packs import pack_upload_to
from programme.choices import REVIEW_CYCLE_DAYS, ReviewCycle

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO; a worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

MAX_ROWS = 40
STYLESHEET = "packs/pack.css"
TEMPLATE = "packs/pack.html"
# Progress: 0–80 building the sections (their share each), 80–95 typesetting, 95–100 storing.
BUILT, TYPESET = 80, 95
MAX_ATTEMPTS = 5
# Raised for the task to retry with backoff: the database or the file store may be back in a moment.
TRANSIENT = (DatabaseError, OSError)


class PackGone(Exception):
    """The pack row disappeared or was finished by another worker meanwhile."""


def set_progress(pack_id, progress, stage):
    """Write progress outside any transaction, so the page polling it sees each step at once; it is the
    render's heartbeat too."""
    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.RENDERING).update(
        progress=max(0, min(100, int(progress))), stage=stage[:120], heartbeat_at=timezone.now())


def beat(pack_id):
    """The render is alive (nothing else changes)."""
    BoardPack.all_tenants.filter(pk=pack_id, status=PackStatus.RENDERING).update(heartbeat_at=timezone.now())


@contextmanager
def beating(pack_id, interval=None):
    """Beat every ``interval`` seconds (``PACK_HEARTBEAT_SECONDS``) from a thread while the body runs: a long
    step that reports no progress (typesetting) still shows its worker alive, and a killed worker's thread dies
    with it. The thread has its own database connection, which cannot see a transaction the caller holds
    open (a test's): then nothing is started and the steps' own heartbeats are all there is."""
    interval = settings.PACK_HEARTBEAT_SECONDS if interval is None else interval
    if interval <= 0 or transaction.get_connection().in_atomic_block:
        yield
        return
    stop = threading.Event()
    context = contextvars.copy_context()  # the active partnership, for row-level security

    def run():
        try:
            while not stop.wait(interval):
                try:
                    beat(pack_id)
                except DatabaseError:
                    logger.warning("Board pack %s: a heartbeat could not be written.", pack_id)
        finally:
            connections.close_all()  # this thread's own connections only

    thread = threading.Thread(target=context.run, args=(run,), name=f"pack-{pack_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def since_date(meeting):
    """Movements are reported since the previous pack of the same body (the date it was rendered), else since the
    body's previous meeting, else for one review cycle."""
    earlier = (BoardPack.all_tenants.filter(meeting__body_id=meeting.body_id, meeting__date__lt=meeting.date,
                                            status=PackStatus.READY)
               .order_by("-meeting__date", "-published", "-version").values_list("rendered_at", flat=True).first())
    if earlier:
        return timezone.localdate(earlier)
    before = meetings.previous_meeting(meeting)
    if before is not None:
        return before.date
    return meeting.date - datetime.timedelta(days=REVIEW_CYCLE_DAYS[ReviewCycle(meeting.body.risk_review_cycle)])


def pack_context(meeting, pack=None, today=None, max_rows=MAX_ROWS):
    today = today or timezone.localdate()
    context = registry.PackContext(
        tenant=meeting.tenant, meeting=meeting, body=meeting.body, since=since_date(meeting), today=today,
        previous_meeting=meetings.previous_meeting(meeting), max_rows=max_rows, pack=pack,
    )
    # The live papers belong to the body's next meeting only; a pack for any other shows its agenda's record.
    if meeting.status == MeetingStatus.SCHEDULED and meetings.is_next_meeting(meeting, today):
        context.papers = meetings.add_papers(meeting)
    return context


def build_html(context, progress=None):
    """The pack as one HTML document, and its table of contents [(key, title)]. ``progress(percent, stage)``
    is told after each section."""
    sections = registry.sections(context.body)
    built = []
    for index, section in enumerate(sections, start=1):
        if progress:
            progress(BUILT * (index - 1) / max(len(sections), 1), f"Gathering {section.title.lower()}")
        data = section.build(context)
        if data is not None:
            built.append((section, data))
    toc = [(section.key, section.title) for section, _ in built]
    common = {"ctx": context, "meeting": context.meeting, "body": context.body, "tenant": context.tenant,
              "pack": context.pack, "toc": toc, "since": context.since, "today": context.today}
    parts = [
        {"key": section.key, "title": section.title,
         "html": render_to_string(section.template, {**common, **data, "section": section})}
        for section, data in built
    ]
    if progress:
        progress(BUILT, "Typesetting the PDF")
    html = render_to_string(TEMPLATE, {**common, "parts": parts, "generated": timezone.localtime()})
    return html, toc


def write_pdf(html):
    """The PDF's bytes and page count. Nothing is fetched from outside: the pack is self-contained."""
    from weasyprint import CSS, HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=render_to_string(STYLESHEET), url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=[stylesheet])
    return document.write_pdf(), len(document.pages)


def claim(pack_id):
    """Mark the pack rendering (from queued, failed or a crashed rendering). None if it is already ready, or if
    it has been started ``MAX_ATTEMPTS`` times: a pack that kills its worker each time (memory, say) must not be
    delivered again for ever, so it is marked failed instead."""
    with transaction.atomic():
        pack = (BoardPack.all_tenants.select_for_update(of=("self",)).select_related("meeting__body", "tenant")
                .filter(pk=pack_id).first())
        if pack is None or pack.status == PackStatus.READY:
            return None
        if pack.status == PackStatus.RENDERING and pack.attempts >= MAX_ATTEMPTS:
            mark_failed(pack.pk, f"Gave up after {pack.attempts} attempts that did not finish.")
            return None
        BoardPack.all_tenants.filter(pk=pack.pk).update(
            status=PackStatus.RENDERING, progress=0, stage="Starting", started_at=timezone.now(),
            heartbeat_at=timezone.now(), attempts=F("attempts") + 1, error="", delayed=False, note="")
        pack.refresh_from_db()
        return pack


def write_file(pack, pdf):
    """Step 1: the bytes under a name of their own (a crashed attempt's file never clashes with a later one)."""
    name = pack_upload_to(pack, f"v{pack.version}-{secrets.token_hex(4)}.pdf")
    return pack.file.storage.save(name, ContentFile(pdf))


def mark_ready(pack, saved, pdf, pages, toc, since):
    """Step 2: record the file with its size and SHA-256 and mark the pack ready, in one transaction."""
    storage = pack.file.storage
    with transaction.atomic():
        current = BoardPack.all_tenants.select_for_update().filter(pk=pack.pk).first()
        if current is None or current.status == PackStatus.READY:
            storage.delete(saved)  # another delivery finished first: keep its file
            raise PackGone(f"Board pack {pack.pk} was finished meanwhile.")
        BoardPack.all_tenants.filter(pk=pack.pk).update(
            status=PackStatus.READY, progress=100, stage="Ready", file=saved, size=len(pdf), pages=pages,
            sha256=hashlib.sha256(pdf).hexdigest(), rendered_at=timezone.now(),
            contents=[{"key": key, "title": title} for key, title in toc], since=since, error="", note="")
    _remove_leftovers(storage, saved, pack.version)


def store(pack, pdf, pages, toc, since):
    """Write the file first, then mark the pack ready: never a ready pack without its file."""
    saved = write_file(pack, pdf)
    mark_ready(pack, saved, pdf, pages, toc, since)
    return saved


def _remove_leftovers(storage, kept, version):
    """Files of the same version left by a worker killed between writing and committing."""
    folder = posixpath.dirname(kept)
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        path = posixpath.join(folder, name)
        if name.startswith(f"v{version}-") and path != kept:
            storage.delete(path)


def mark_failed(pack_id, message):
    BoardPack.all_tenants.filter(pk=pack_id).exclude(status=PackStatus.READY).update(
        status=PackStatus.FAILED, stage="Failed", error=str(message)[:2000])


def render_pack(pack_id):
    """Render pack ``pack_id`` to a stored PDF; returns its status. Idempotent: a ready pack is left alone.
    Errors in the data or the typesetting mark the pack failed; database and storage errors are raised for
    the task to retry."""
    pack = claim(pack_id)
    if pack is None:
        return BoardPack.all_tenants.filter(pk=pack_id).values_list("status", flat=True).first() or "missing"
    with tenant_context(pack.tenant):
        meeting = pack.meeting
        try:
            context = pack_context(meeting, pack=pack)
            html, toc = build_html(context, progress=lambda percent, stage: set_progress(pack.pk, percent, stage))
            with beating(pack.pk):
                pdf, pages = write_pdf(html)
        except TRANSIENT:
            raise
        except Exception as exc:  # a bug or bad data: retrying would fail the same way
            logger.exception("Board pack %s failed to render", pack.pk)
            mark_failed(pack.pk, f"{type(exc).__name__}: {exc}")
            return PackStatus.FAILED
        set_progress(pack.pk, TYPESET, "Saving the PDF")
        try:
            store(pack, pdf, pages, toc, context.since)
        except PackGone:
            return PackStatus.READY
    return PackStatus.READY
