"""The review cycle on a schedule (DOMAIN.md s8, PID s4.4): run by Celery beat (``CELERY_BEAT_SCHEDULE``).

- ``generate_meetings``: keep each body's next meetings scheduled from its cadence;
- ``render_due_packs``: queue the pack of every meeting due within the tenant's ``pack_days_before`` (default
  ``BOARD_PACK_DAYS_BEFORE``, 7) that has none yet, after running the review jobs for those meetings, so the
  escalation proposals they raise are in the pack as papers;
- ``run_review_cycle``: the review jobs each app registered (the risks app's: raise automatic escalation
  proposals) on each body's cycle, i.e. ahead of each of its risk-review meetings; and one reminder a day to
  each owner of what is overdue or due (risk reviews, mitigation actions, meeting actions, benefit
  measurements), through ``core.notifications`` (emailed at once or in the daily digest as each prefers).

Every job is idempotent: what it did is recorded as a ``ScheduledRun`` under a unique key (the meeting, the day
and person), so running it twice does nothing new. Like the renderer, nothing here imports the other apps.
"""

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import notifications, registry
from core.tenancy import tenant_context
from meetings import services as meetings
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingSettings, ScheduledRun

from . import services

logger = logging.getLogger(__name__)

REMINDER_KIND = "review_cycle.reminders"
LINES_PER_SOURCE = 15


def _due_meetings(tenant, today):
    days = MeetingSettings.for_tenant(tenant).pack_days_before
    return (Meeting.objects.filter(status=MeetingStatus.SCHEDULED, date__gte=today,
                                   date__lte=today + datetime.timedelta(days=days))
            .select_related("body").order_by("date", "pk"))


def _claim(tenant, job, key):
    """Record that ``job`` ran for ``key``; None if it already had (call inside the job's transaction)."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(tenant=tenant, job=job, key=key)
    except IntegrityError:
        return None


def generate_meetings(tenant, today=None):
    with tenant_context(tenant):
        return len(meetings.generate_all(tenant, start=today))


def run_review_jobs(tenant, today=None):
    """Run each registered review job once per meeting due soon (risk-review meetings only, unless the job asks
    for every meeting). Returns {job key: what it did}."""
    today = today or timezone.localdate()
    done = defaultdict(int)
    with tenant_context(tenant):
        for meeting in _due_meetings(tenant, today):
            for job in registry.review_jobs():
                if job.risk_reviews_only and not meeting.risk_review:
                    continue
                with transaction.atomic():
                    run = _claim(tenant, f"review:{job.key}", f"meeting:{meeting.pk}")
                    if run is None:
                        continue
                    count = job.run(tenant, meeting.body)
                    run.result = {"count": count, "body": meeting.body.name, "meeting": str(meeting.date)}
                    run.save(update_fields=["result"])
                done[job.key] += count
    return dict(done)


def render_due_packs(tenant, today=None):
    """Queue a pack for each meeting due within ``pack_days_before`` that has none. Returns how many."""
    today = today or timezone.localdate()
    run_review_jobs(tenant, today)
    created = 0
    with tenant_context(tenant):
        for meeting in _due_meetings(tenant, today).filter(packs__isnull=True):
            with transaction.atomic():
                if _claim(tenant, "packs:render_due", f"meeting:{meeting.pk}") is None:
                    continue
                services.new_version(meeting, user=None)
            created += 1
    return created


def _digest(items):
    """The reminder's text: a heading per source, one line per item (capped)."""
    by_source = defaultdict(list)
    for title, reminder in items:
        by_source[title].append(reminder)
    lines = []
    for title, reminders in by_source.items():
        lines.append(f"{title} ({len(reminders)}):")
        lines += [f"  - {reminder.line}" for reminder in reminders[:LINES_PER_SOURCE]]
        if len(reminders) > LINES_PER_SOURCE:
            lines.append(f"  … and {len(reminders) - LINES_PER_SOURCE} more.")
    return "\n".join(lines)


def send_reminders(tenant, today=None):
    """One notification a day to each person with something overdue or due. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    with tenant_context(tenant):
        by_user = defaultdict(list)
        for source in registry.reminder_sources():
            for reminder in source.reminders(tenant, today):
                if reminder.recipient is not None:
                    by_user[reminder.recipient].append((source.title, reminder))
        for user, items in sorted(by_user.items(), key=lambda pair: pair[0].pk):
            with transaction.atomic():
                if _claim(tenant, "reminders", f"{today.isoformat()}:{user.pk}") is None:
                    continue
                notifications.notify(
                    [user], f"{len(items)} item{'s' if len(items) != 1 else ''} need{'s' if len(items) == 1 else ''} "
                    "your attention", _digest(items), link=reverse("meetings:calendar"), kind=REMINDER_KIND,
                )
            sent += 1
    return sent


def run_review_cycle(tenant, today=None):
    return {"review_jobs": run_review_jobs(tenant, today), "reminders": send_reminders(tenant, today)}
